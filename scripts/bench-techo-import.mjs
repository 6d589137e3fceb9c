// Techo's side of the import pipeline comparison (scripts/bench pipeline): the public npm
// API under Node, as an app would call it, importing each age-encrypted FHIR Bundle of a
// folder with importFile. Run in a process of its own, like the JavaScript peer it is
// compared with (scripts/bench-peers/import-pipeline.mjs), and prints one JSON line.
//   node scripts/bench-techo-import.mjs --vault memory|encrypted --runs N --key IDENTITY_FILE DIR
// memory: the session's in-memory database, unencrypted. encrypted: createVault first (in
// memory storage, the only one under Node; its Argon2id cost is not timed), so every page
// the import writes is encrypted. The files are read into memory before the clock starts,
// and each run is a fresh session.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const { openSession } = await import(join(root, 'wasm/dist/index.js'));

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at < 0 ? fallback : args.splice(at, 2)[1];
};
const vault = option('vault', 'memory');
const runs = Number(option('runs', 3));
const identity = readFileSync(option('key'), 'utf8');
const dir = args[0];
if (!['memory', 'encrypted'].includes(vault) || !dir) {
  console.error('usage: bench-techo-import.mjs --vault memory|encrypted --runs N --key IDENTITY_FILE DIR');
  process.exit(2);
}
const names = readdirSync(dir).filter((f) => f.endsWith('.json.age')).sort();
const files = names.map((f) => new Uint8Array(readFileSync(join(dir, f))));
const wasmBinary = readFileSync(join(root, 'wasm/dist/techo_core.wasm'));

const samples = [];
let resources = 0, skipped = 0, perFileMs = [];
for (let run = 0; run < runs; run++) {
  const session = await openSession({ worker: false, wasmBinary });
  if (vault === 'encrypted') await session.createVault('bench passphrase', { kdfOps: 2, kdfMemBytes: 19 << 20 });
  resources = 0;
  skipped = 0;
  perFileMs = [];
  const start = performance.now();
  for (let i = 0; i < files.length; i++) {
    const fileStart = performance.now();
    const report = await session.importFile(files[i], names[i], { identity });
    perFileMs.push(Math.round(performance.now() - fileStart));
    resources += report.importedTotal;
    skipped += report.skipped.length;
  }
  samples.push(performance.now() - start);
  await session.close();
}
const ms = samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
console.log(JSON.stringify({
  figure: 'techo_import_files', vault, runs, files: files.length, resources, skipped, ms,
  resources_per_s: resources / (ms / 1e3), samples_ms: samples,
  // Where the time goes across files (the last run, in the folder's order): a cost per
  // import, or one that grows with what the vault already holds, shows here.
  per_file_ms: Object.fromEntries(names.map((name, i) => [name, perFileMs[i]])),
}));
