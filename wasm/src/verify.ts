// The receiving side's check of a share package, without a vault or a session: a clinic
// or an app developer calls verifySharePackage with their identity. The core does every
// check (core/src/share_package.cpp); this file only carries bytes and JSON across and
// keeps its promise never to throw on a bad package.
import type * as Api from '../types/index.js';
import createTechoModule, { type TechoModule } from './techo_core.mjs';

let verifier: Promise<TechoModule> | null = null;

/** A module instance of its own, made once: it holds no vault and no key between calls. */
async function verifierModule(): Promise<TechoModule> {
  verifier ??= (async () => {
    const { loadWasm } = await import('./wasm-location.js');
    return createTechoModule({
      wasmBinary: await loadWasm(),
      print: (text) => console.warn('[techo core]', text),
      printErr: (text) => console.warn('[techo core]', text),
    });
  })();
  try {
    return await verifier;
  } catch (error) {
    verifier = null;  // a failed load is tried again next time
    throw error;
  }
}

function failed(code: Api.ErrorCode, message: string, path: string): Api.PackageVerification {
  return { ok: false, grant: null, manifest: null, bundle: null, resources: 0, problems: [{ code, message, path }] };
}

/** Runs the core's verifier on `module`; never throws. */
export function verifyWith(module: TechoModule, file: unknown, options: unknown): Api.PackageVerification {
  let bytes: Uint8Array;
  if (file instanceof Uint8Array) bytes = file;
  else if (file instanceof ArrayBuffer) bytes = new Uint8Array(file);
  else return failed('INVALID_ARGUMENT', 'expected the package as a Uint8Array or ArrayBuffer', 'file');
  let optionsJson: string;
  try {
    optionsJson = JSON.stringify(options ?? {});
  } catch {
    return failed('INVALID_ARGUMENT', 'the options are not plain JSON values', 'options');
  }
  try {
    const envelope = JSON.parse(module.verifySharePackage(bytes, optionsJson)) as
      | { ok: true; value: Api.PackageVerification }
      | { ok: false; error: Api.PackageProblem };
    return envelope.ok ? envelope.value : { ...failed(envelope.error.code, envelope.error.message, envelope.error.path) };
  } catch (error) {
    return failed('INTERNAL', `the verifier stopped: ${error instanceof Error ? error.message : String(error)}`, '');
  }
}

/** See types/consent.d.ts. */
export async function verifySharePackage(file: Uint8Array | ArrayBuffer, options: Api.VerifyPackageOptions): Promise<Api.PackageVerification> {
  let module: TechoModule;
  try {
    module = await verifierModule();
  } catch (error) {
    return failed('INTERNAL', `the core could not be loaded: ${error instanceof Error ? error.message : String(error)}`, '');
  }
  return verifyWith(module, file, options);
}
