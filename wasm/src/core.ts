// The core in the calling thread: loads the wasm module and turns each JSON envelope the
// C++ facade returns into a value or a thrown TechoError.
import type * as Api from '../types/index.js';
import { TechoError } from './errors.js';
import createTechoModule, { type RawSession } from './techo_core.mjs';

type Envelope = { ok: true; value: unknown } | { ok: false; error: Api.ErrorInfo };

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

export class Core {
  private constructor(private session: RawSession | null) {}

  static async load(wasmBinary?: ArrayBuffer | Uint8Array): Promise<Core> {
    const module = await createTechoModule({
      wasmBinary: wasmBinary ?? (await fetchWasm()),
      // The core prints nothing on purpose; anything printed is a bug worth seeing.
      print: (text) => console.warn('[techo core]', text),
      printErr: (text) => console.warn('[techo core]', text),
    });
    const session = new module.Session();
    const core = new Core(session);
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

  summary(): Api.Summary {
    return unwrap(this.live().summary());
  }

  close(): void {
    this.session?.delete();
    this.session = null;
  }

  private live(): RawSession {
    if (!this.session) throw new TechoError({ code: 'INVALID_ARGUMENT', message: 'the session is closed', path: '' });
    return this.session;
  }
}
