// openSession(): the public entry point. In a browser the core runs in a dedicated Worker;
// elsewhere (Node) it runs in the calling thread. Both present the same async Session.
import type * as Api from '../types/index.js';
import type { Core } from './core.js';
import { dispatch } from './dispatch.js';
import { TechoError, asTechoError } from './errors.js';
import { METHODS, type MethodName, type MethodSpec } from './methods.js';
import type { Call, Request, Response, WorkerMessage } from './protocol.js';

/**
 * A transport: runs one call, reporting progress, until it answers or is cancelled. Its
 * public methods are made from the method table (methods.ts), one per row: each passes
 * its arguments on as they are, keeping a JobOptions argument (progress, cancel) here.
 */
abstract class RequestSession {
  private nextId = 1;
  protected closed = false;

  protected abstract send(id: number, call: Call, onProgress: (p: Api.Progress) => void): Promise<Response>;
  protected abstract cancel(id: number): void;

  protected invoke(method: MethodName, args: unknown[]): Promise<unknown> {
    const spec: MethodSpec = METHODS[method];
    const sent = args.slice(0, spec.params.length);
    const options = spec.jobOptions === undefined ? undefined : (args[spec.jobOptions] as Api.JobOptions | undefined);
    return this.call({ method, args: sent }, options);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.call({ method: 'close', args: [] });
    this.closed = true;
  }

  private async call(call: Call, options: Api.JobOptions = {}): Promise<unknown> {
    if (this.closed) throw new TechoError({ code: 'INVALID_ARGUMENT', message: 'the session is closed', path: '' });
    const { signal, onProgress } = options;
    if (signal?.aborted) throw new TechoError({ code: 'CANCELLED', message: 'cancelled; nothing was stored', path: '' });
    const id = this.nextId++;
    const onAbort = () => this.cancel(id);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await this.send(id, call, (p) => onProgress?.(p));
      if (!response.ok) throw new TechoError(response.error);
      return response.value;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

// The table's methods on every session (close is the class's own: it ends the transport).
interface RequestSession extends Omit<Api.Session, 'close'> {}
for (const name of Object.keys(METHODS) as MethodName[]) {
  if (name === 'close') continue;
  Object.defineProperty(RequestSession.prototype, name, {
    value: function (this: RequestSession, ...args: unknown[]) {
      return this.invoke(name, args);
    },
    writable: true,
    configurable: true,
  });
}

/** The core in this thread (Node, or a Worker of the embedding app's own). */
class LocalSession extends RequestSession {
  private readonly cancelled = new Set<number>();

  constructor(private readonly core: Core) {
    super();
  }

  protected async send(id: number, call: Call, onProgress: (p: Api.Progress) => void): Promise<Response> {
    try {
      return await dispatch(this.core, id, call, { progress: onProgress, cancelled: () => this.cancelled.has(id) });
    } finally {
      this.cancelled.delete(id);
    }
  }

  protected cancel(id: number): void {
    this.cancelled.add(id);
  }
}

/**
 * The core in a dedicated module Worker. When the core's instance fails in a way that is
 * not an error value (SESSION_ENDED, or the Worker itself fails), the Worker is discarded
 * with everything in its memory; the calls that let the person go on (AFTER_END) start a
 * fresh one, over the vault as last committed, and every other call answers SESSION_ENDED.
 */
class WorkerSession extends RequestSession {
  private readonly pending = new Map<number, { resolve: (r: Response) => void; onProgress: (p: Api.Progress) => void }>();
  private worker: Worker | null = null;
  private ended: Api.ErrorInfo | null = null;
  /** Memory storage: the vault files the discarded Worker handed over. */
  private vaultFiles: Record<string, Uint8Array> | undefined;
  private nextInternalId = -1;

  private constructor(private readonly options: Api.OpenSessionOptions) {
    super();
  }

  static async start(options: Api.OpenSessionOptions): Promise<WorkerSession> {
    const session = new WorkerSession(options);
    await session.spawn();
    return session;
  }

  private async spawn(): Promise<void> {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'techo-core' });
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      if ('progress' in message) {
        waiting.onProgress(message.progress);
        return;
      }
      this.pending.delete(message.id);
      waiting.resolve(message);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (this.worker === worker) this.discard({ code: 'SESSION_ENDED', message: `the core's Worker failed (${event.message}): unlock your vault again`, path: '' });
    };
    this.worker = worker;
    const init: Request = {
      id: 0,
      method: 'init',
      ...(this.options.wasmBinary ? { wasmBinary: this.options.wasmBinary } : {}),
      ...(this.options.storage ? { storage: this.options.storage } : {}),
      ...(this.vaultFiles ? { vaultFiles: this.vaultFiles } : {}),
    };
    const ready = await this.post(init, () => {});
    if (!ready.ok) {
      worker.terminate();
      this.worker = null;
      throw new TechoError(ready.error);
    }
  }

  protected async send(id: number, call: Call, onProgress: (p: Api.Progress) => void): Promise<Response> {
    if (this.ended) {
      if (!(METHODS[call.method] as MethodSpec).afterEnd) return { id, ok: false, error: this.ended };
      if (call.method === 'lock' || call.method === 'close') return { id, ok: true, value: undefined };
      if (!this.worker) await this.spawn();
      if (call.method === 'unlock' || call.method === 'unlockWithRecovery' || call.method === 'createVault') {
        const response = await this.post({ id, ...call } as Request, onProgress);
        if (response.ok) this.ended = null;
        return response;
      }
    }
    const response = await this.post({ id, ...call } as Request, onProgress);
    if (!response.ok && response.error.code === 'SESSION_ENDED' && !this.ended) await this.handOverAndDiscard(response.error);
    return response;
  }

  protected cancel(id: number): void {
    this.worker?.postMessage({ id: 0, method: 'cancel', target: id } satisfies Request);
  }

  override async close(): Promise<void> {
    await super.close();
    this.worker?.terminate();
    this.worker = null;
  }

  private post(request: Request, onProgress: (p: Api.Progress) => void): Promise<Response> {
    const worker = this.worker;
    if (!worker) return Promise.resolve({ id: request.id, ok: false, error: this.ended ?? { code: 'SESSION_ENDED', message: 'the core is not running: unlock your vault again', path: '' } });
    return new Promise((resolve) => {
      this.pending.set(request.id, { resolve, onProgress });
      worker.postMessage(request);
    });
  }

  /** Memory storage keeps the committed vault only in the Worker: take it before the Worker goes. */
  private async handOverAndDiscard(error: Api.ErrorInfo): Promise<void> {
    this.ended = error;
    if (this.options.storage === 'memory') {
      const handed = await this.post({ id: this.nextInternalId--, method: 'handover' }, () => {});
      if (handed.ok) this.vaultFiles = handed.value as Record<string, Uint8Array>;
    }
    this.discard(error);
  }

  private discard(error: Api.ErrorInfo): void {
    this.ended = error;
    this.worker?.terminate();  // its memory, and the plaintext in it, goes with it
    this.worker = null;
    for (const [id, waiting] of this.pending) waiting.resolve({ id, ok: false, error });
    this.pending.clear();
  }
}

export const openSession: typeof Api.openSession = async (options = {}) => {
  const useWorker = options.worker ?? typeof Worker !== 'undefined';
  try {
    if (useWorker) return (await WorkerSession.start(options));
    // Loaded on demand so a page that uses the Worker does not also carry the module glue.
    const { Core } = await import('./core.js');
    return new LocalSession(await Core.load(options.wasmBinary, options.storage));
  } catch (error) {
    throw asTechoError(error);
  }
};
