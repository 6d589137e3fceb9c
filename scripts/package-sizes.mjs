// What the npm package weighs on the wire: techo_core.wasm and the JavaScript an app ships
// (the Emscripten glue techo_core.mjs plus the TypeScript layer, dist/*.js), raw, gzipped
// (level 9, what static hosts precompress with) and brotli'd. Used by scripts/bench (its
// `sizes` section) and by the package test that holds them to wasm/size-budget.json.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

function weigh(files) {
  let raw = 0, gzip = 0, brotli = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { files: files.length, raw, gzip, brotli };
}

/** The sizes of the package built in `dist` (wasm/dist), in bytes. */
export function packageSizes(dist) {
  const js = readdirSync(dist).filter((f) => f.endsWith('.js')).sort().map((f) => join(dist, f));
  const glue = [join(dist, 'techo_core.mjs')];
  return {
    wasm: weigh([join(dist, 'techo_core.wasm')]),
    glue: weigh(glue),
    api: weigh(js),
    js: weigh([...glue, ...js]),
  };
}
