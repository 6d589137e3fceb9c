// Worker entry: owns the core for one session. Plaintext records live only in this
// Worker's wasm memory; the page receives the values it asks for.
import { Core } from './core.js';
import { dispatch } from './dispatch.js';
import { asTechoError } from './errors.js';
import type { Request, WorkerMessage } from './protocol.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
  close(): void;
}
const scope = globalThis as unknown as WorkerScope;

let core: Promise<Core> | null = null;
// Requests are handled strictly in order, even while the module is still loading.
let queue: Promise<void> = Promise.resolve();
const cancelled = new Set<number>();

scope.onmessage = (event) => {
  const request = event.data;
  if (request.method === 'cancel') {
    cancelled.add(request.target);  // seen by the running job between two pieces
    return;
  }
  queue = queue.then(async () => {
    let response: WorkerMessage;
    try {
      if (request.method === 'init') {
        core = Core.load(request.wasmBinary, request.storage, request.vaultFiles);
        await core;
        response = { id: request.id, ok: true, value: undefined };
      } else if (request.method === 'handover') {
        if (!core) throw new Error('the Worker received a request before init');
        response = { id: request.id, ok: true, value: (await core).handover() };
      } else {
        if (!core) throw new Error('the Worker received a request before init');
        const { id, ...call } = request;
        response = await dispatch(await core, id, call, {
          progress: (progress) => scope.postMessage({ id, progress }),
          cancelled: () => cancelled.has(id),
        });
      }
    } catch (error) {
      response = { id: request.id, ok: false, error: asTechoError(error).toInfo() };
    }
    cancelled.delete(request.id);
    // Ciphertext going back to the page is transferred, not copied.
    const value = 'value' in response ? response.value : undefined;
    scope.postMessage(response, value instanceof Uint8Array ? [value.buffer] : []);
    if (request.method === 'close') scope.close();
  });
};
