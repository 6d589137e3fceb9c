// The core in the calling thread: loads the wasm module and turns each JSON envelope the
// C++ facade returns into a value or a thrown TechoError. Long operations read their
// input piece by piece and report progress between pieces; the core is never re-entered.
import type * as Api from '../types/index.js';
import { TechoError } from './errors.js';
import createTechoModule, { type RawSession, type TechoModule } from './techo_core.mjs';

type Envelope = { ok: true; value: unknown } | { ok: false; error: Api.ErrorInfo };

/** Bytes handed to the core per call: large enough to amortize the call, small enough to bound memory. */
export const PIECE_BYTES = 1 << 20;

function unwrap<T>(reply: string): T {
  const envelope = JSON.parse(reply) as Envelope;
  if (!envelope.ok) throw new TechoError(envelope.error);
  return envelope.value as T;
}

async function fetchWasm(): Promise<ArrayBuffer> {
  // Same origin as the package's own files: the only request the core ever makes.
  const url = new URL('./techo_core.wasm', import.meta.url);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new TechoError({
      code: 'INVALID_ARGUMENT',
      message: `cannot load the wasm module (${String(error)}); under Node pass options.wasmBinary`,
      path: url.href,
    });
  }
  if (!response.ok) {
    throw new TechoError({ code: 'INVALID_ARGUMENT', message: `cannot load the wasm module: HTTP ${response.status}`, path: url.href });
  }
  return response.arrayBuffer();
}

/** Reads a File, Blob or buffer in pieces, so a large file is never held whole. */
async function* pieces(source: Api.ByteSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Blob) {
    for (let at = 0; at < source.size; at += PIECE_BYTES) {
      yield new Uint8Array(await source.slice(at, at + PIECE_BYTES).arrayBuffer());
    }
    return;
  }
  const bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
  for (let at = 0; at < bytes.length; at += PIECE_BYTES) yield bytes.subarray(at, at + PIECE_BYTES);
}

function sizeOf(source: Api.ByteSource): number {
  return source instanceof Blob ? source.size : source.byteLength;
}

/** What a long operation needs from its caller: where to report, and whether to stop. */
export interface JobControl {
  progress(progress: Api.Progress): void;
  cancelled(): boolean;
}

const noControl: JobControl = { progress: () => {}, cancelled: () => false };

function checkCancelled(control: JobControl): void {
  if (control.cancelled()) throw new TechoError({ code: 'CANCELLED', message: 'cancelled; nothing was stored', path: '' });
}

export class Core {
  private constructor(
    private readonly module: TechoModule,
    private session: RawSession | null,
  ) {}

  static async load(wasmBinary?: ArrayBuffer | Uint8Array): Promise<Core> {
    const module = await createTechoModule({
      wasmBinary: wasmBinary ?? (await fetchWasm()),
      // The core prints nothing on purpose; anything printed is a bug worth seeing.
      print: (text) => console.warn('[techo core]', text),
      printErr: (text) => console.warn('[techo core]', text),
    });
    const session = new module.Session();
    const core = new Core(module, session);
    try {
      unwrap(session.open(':memory:'));
    } catch (error) {
      core.close();
      throw error;
    }
    return core;
  }

  importFhir(bytes: ArrayBuffer | Uint8Array, fileName: string): Api.ImportReport {
    const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    return unwrap(this.live().importFhir(view, fileName));
  }

  async importEncrypted(source: Api.ByteSource, fileName: string, key: Api.DecryptKey, control = noControl): Promise<Api.ImportReport> {
    return this.withDecryptJob(source, key, true, control, (job) => unwrap(this.live().importDecrypted(job, fileName)));
  }

  async decryptDigest(source: Api.ByteSource, key: Api.DecryptKey, control = noControl): Promise<Api.DecryptDigest> {
    return this.withDecryptJob(source, key, false, control, (_job, digest) => digest);
  }

  async encrypt(source: Api.ByteSource, to: Api.EncryptTo, control = noControl): Promise<Uint8Array> {
    const job = new this.module.EncryptJob();
    try {
      unwrap(job.start(JSON.stringify(to)));
      const out: Uint8Array[] = [];
      const take = () => {
        out.push(job.output().slice());  // copy out of wasm memory before the next call
        job.clearOutput();
      };
      const totalBytes = sizeOf(source);
      let bytesIn = 0;
      for await (const piece of pieces(source)) {
        checkCancelled(control);
        unwrap(job.push(piece));
        take();
        bytesIn += piece.length;
        control.progress({ bytesIn, totalBytes, plaintextBytes: bytesIn });
      }
      unwrap(job.finish());
      take();
      const result = new Uint8Array(out.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of out) {
        result.set(p, at);
        at += p.length;
      }
      return result;
    } finally {
      job.delete();
    }
  }

  addTrustedIssuer(publicKey: string, name: string): { keyId: string } {
    return unwrap(this.live().addTrustedIssuer(publicKey, name));
  }

  trustedIssuers(): Api.TrustedIssuer[] {
    return unwrap(this.live().trustedIssuers());
  }

  generateIdentity(): Api.GeneratedIdentity {
    return unwrap(this.module.generateIdentity());
  }

  summary(): Api.Summary {
    return unwrap(this.live().summary());
  }

  close(): void {
    this.session?.delete();
    this.session = null;
  }

  private async withDecryptJob<T>(
    source: Api.ByteSource,
    key: Api.DecryptKey,
    keep: boolean,
    control: JobControl,
    then: (job: import('./techo_core.mjs').RawDecryptJob, digest: Api.DecryptDigest) => T,
  ): Promise<T> {
    this.live();
    const job = new this.module.DecryptJob();
    try {
      unwrap(job.start(JSON.stringify({ ...key, keep })));
      const totalBytes = sizeOf(source);
      for await (const piece of pieces(source)) {
        checkCancelled(control);
        const progress = unwrap<{ bytesIn: number; plaintextBytes: number }>(job.push(piece));
        control.progress({ ...progress, totalBytes });
      }
      checkCancelled(control);
      const digest = unwrap<Api.DecryptDigest>(job.finish());
      return then(job, digest);
    } finally {
      job.delete();  // wipes any plaintext the job still holds
    }
  }

  private live(): RawSession {
    if (!this.session) throw new TechoError({ code: 'INVALID_ARGUMENT', message: 'the session is closed', path: '' });
    return this.session;
  }
}
