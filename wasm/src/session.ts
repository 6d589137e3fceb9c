// openSession(): the public entry point. In a browser the core runs in a dedicated Worker;
// elsewhere (Node) it runs in the calling thread. Both present the same async Session.
import type * as Api from '../types/index.js';
import type { Core } from './core.js';
import { dispatch } from './dispatch.js';
import { TechoError, asTechoError } from './errors.js';
import type { Request, Response } from './protocol.js';

type Call = Exclude<Request, { id: number; method: 'init' }> extends infer R
  ? R extends { id: number } ? Omit<R, 'id'> : never
  : never;

/** Sends requests to a transport and matches responses by id. */
abstract class RequestSession implements Api.Session {
  private nextId = 1;
  protected closed = false;

  protected abstract send(call: Call & { id: number }): Promise<Response>;

  importFhir(bytes: ArrayBuffer | Uint8Array, fileName: string): Promise<Api.ImportReport> {
    return this.call({ method: 'importFhir', bytes, fileName }) as Promise<Api.ImportReport>;
  }

  summary(): Promise<Api.Summary> {
    return this.call({ method: 'summary' }) as Promise<Api.Summary>;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.call({ method: 'close' });
    this.closed = true;
  }

  private async call(call: Call): Promise<unknown> {
    if (this.closed) throw new TechoError({ code: 'INVALID_ARGUMENT', message: 'the session is closed', path: '' });
    const response = await this.send({ ...call, id: this.nextId++ } as Call & { id: number });
    if (!response.ok) throw new TechoError(response.error);
    return response.value;
  }
}

/** The core in this thread (Node, or a Worker of the embedding app's own). */
class LocalSession extends RequestSession {
  constructor(private readonly core: Core) {
    super();
  }
  protected async send(call: Call & { id: number }): Promise<Response> {
    return dispatch(this.core, call);
  }
}

/** The core in a dedicated module Worker. */
class WorkerSession extends RequestSession {
  private readonly pending = new Map<number, (response: Response) => void>();

  constructor(private readonly worker: Worker) {
    super();
    worker.onmessage = (event: MessageEvent<Response>) => {
      const resolve = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      resolve?.(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.failAll(`the core's Worker failed: ${event.message}`);
    };
  }

  static async start(wasmBinary?: ArrayBuffer | Uint8Array): Promise<WorkerSession> {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'techo-core' });
    const session = new WorkerSession(worker);
    const ready = await session.post(wasmBinary ? { id: 0, method: 'init', wasmBinary } : { id: 0, method: 'init' });
    if (!ready.ok) {
      worker.terminate();
      throw new TechoError(ready.error);
    }
    return session;
  }

  protected send(call: Call & { id: number }): Promise<Response> {
    return this.post(call);
  }

  override async close(): Promise<void> {
    await super.close();
    this.worker.terminate();
  }

  private post(request: Request): Promise<Response> {
    return new Promise((resolve) => {
      this.pending.set(request.id, resolve);
      this.worker.postMessage(request);
    });
  }

  private failAll(message: string): void {
    for (const [id, resolve] of this.pending) resolve({ id, ok: false, error: { code: 'INTERNAL', message, path: '' } });
    this.pending.clear();
  }
}

export const openSession: typeof Api.openSession = async (options = {}) => {
  const useWorker = options.worker ?? typeof Worker !== 'undefined';
  try {
    if (useWorker) return await WorkerSession.start(options.wasmBinary);
    // Loaded on demand so a page that uses the Worker does not also carry the module glue.
    const { Core } = await import('./core.js');
    return new LocalSession(await Core.load(options.wasmBinary));
  } catch (error) {
    throw asTechoError(error);
  }
};
