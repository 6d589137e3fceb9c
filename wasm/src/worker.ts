// Worker entry: owns the core for one session. Plaintext records live only in this
// Worker's wasm memory; the page receives the values it asks for.
import { Core } from './core.js';
import { dispatch } from './dispatch.js';
import { asTechoError } from './errors.js';
import type { Request, Response } from './protocol.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage(message: Response): void;
  close(): void;
}
const scope = globalThis as unknown as WorkerScope;

let core: Promise<Core> | null = null;
// Requests are handled strictly in order, even while the module is still loading.
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event) => {
  const request = event.data;
  queue = queue.then(async () => {
    let response: Response;
    try {
      if (request.method === 'init') {
        core = Core.load(request.wasmBinary);
        await core;
        response = { id: request.id, ok: true, value: undefined };
      } else {
        if (!core) throw new Error('the Worker received a request before init');
        response = dispatch(await core, request);
      }
    } catch (error) {
      response = { id: request.id, ok: false, error: asTechoError(error).toInfo() };
    }
    scope.postMessage(response);
    if (request.method === 'close') scope.close();
  });
};
