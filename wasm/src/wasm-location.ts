// Finds and reads techo_core.wasm, which ships next to this module (dist/). The URL is
// written as the literal `new URL('./techo_core.wasm', import.meta.url)` on purpose:
// bundlers (Vite, Rollup, webpack 5, esbuild with a plugin) recognise exactly that form,
// copy the file into the app's build and rewrite the URL, so a consumer needs no
// configuration. Under Node the URL is a file: URL, which fetch cannot read; the file
// system module is then imported on demand, by a specifier bundlers do not follow, so a
// browser build never contains or loads a node: module.
import { TechoError } from './errors.js';

/** The parts of node:fs/promises and node:url used here (the package's types name no Node API). */
interface NodeFs {
  readFile(path: string): Promise<Uint8Array>;
}
interface NodeUrl {
  fileURLToPath(url: URL): string;
}

/** Where the module's bytes are: beside this file, or wherever the app's bundler put them. */
export function wasmUrl(): URL {
  return new URL('./techo_core.wasm', import.meta.url);
}

// A specifier held in a variable is left alone by bundlers (and the comments silence the
// warnings of those that look anyway); only a runtime with a file system reaches it.
async function importNode<T>(specifier: string): Promise<T> {
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as T;
}

async function readFileUrl(url: URL): Promise<ArrayBuffer> {
  const [{ readFile }, { fileURLToPath }] = await Promise.all([
    importNode<NodeFs>('node:fs/promises'),
    importNode<NodeUrl>('node:url'),
  ]);
  const bytes = await readFile(fileURLToPath(url));
  // A Node Buffer may be a view into a shared pool: hand on exactly the file's bytes.
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

async function fetchUrl(url: URL): Promise<ArrayBuffer> {
  // Same origin as the package's own files: the only request the core ever makes.
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.arrayBuffer();
}

/** The bytes of techo_core.wasm, read from the file system (Node) or fetched (browsers, Workers). */
export async function loadWasm(url: URL = wasmUrl()): Promise<ArrayBuffer> {
  try {
    return url.protocol === 'file:' ? await readFileUrl(url) : await fetchUrl(url);
  } catch (error) {
    throw new TechoError({
      code: 'INVALID_ARGUMENT',
      message: `cannot load the wasm module (${error instanceof Error ? error.message : String(error)}); pass options.wasmBinary to openSession`,
      path: url.href,
    });
  }
}
