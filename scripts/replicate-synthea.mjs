// Replicates Synthea R4 bundles into a larger corpus of distinct patients, for the import
// benchmarks (scripts/bench pipeline). Each copy of each bundle gets fresh ids: every UUID
// in the file (fullUrl, resource id, the urn:uuid references, identifiers that repeat an
// id) is replaced by one derived from the copy number and the old UUID, the same one
// everywhere it occurs, so references still resolve inside the copy and no two copies
// share an id. Only the UUIDs change: the bytes keep their length and layout.
// Deterministic: the same inputs and copies give the same files.
//   node scripts/replicate-synthea.mjs --copies 12 --out DIR BUNDLE.json...
//   node scripts/replicate-synthea.mjs --mb 100 --out DIR BUNDLE.json...   (copies to reach ~100 MB)
// Bundles given twice (the same bytes under two folders) are used once.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(`--${name}`);
  return at < 0 ? undefined : args.splice(at, 2)[1];
};
const copiesOption = option('copies');
const mb = option('mb');
const out = option('out');
if (!out || !args.length || (copiesOption === undefined) === (mb === undefined)) {
  console.error('usage: replicate-synthea.mjs --copies N | --mb MB --out DIR BUNDLE.json...');
  process.exit(2);
}

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const freshUuid = (copy, old) => {
  const h = createHash('sha256').update(`techo synthea copy ${copy} ${old}`).digest('hex');
  // Shaped as a version 4 UUID: the version nibble 4, the variant bits 10.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const seen = new Set();
const bundles = [];
for (const path of args) {
  const text = readFileSync(path, 'utf8');
  const digest = createHash('sha256').update(text).digest('hex');
  if (seen.has(digest)) continue;
  seen.add(digest);
  bundles.push({ name: basename(path, '.json').replace(/_[0-9a-f-]{36}$/, ''), text });
}

const bundleBytes = bundles.reduce((n, b) => n + Buffer.byteLength(b.text), 0);
const copies = copiesOption !== undefined ? Number(copiesOption) : Math.max(1, Math.round((Number(mb) * 1e6) / bundleBytes));

mkdirSync(out, { recursive: true });
let bytes = 0, files = 0, resources = 0;
for (let copy = 0; copy < copies; copy++) {
  for (const { name, text } of bundles) {
    const replicated = text.replace(uuid, (old) => freshUuid(copy, old));
    const file = join(out, `${name}-copy${String(copy).padStart(2, '0')}.json`);
    writeFileSync(file, replicated);
    bytes += Buffer.byteLength(replicated);
    resources += JSON.parse(replicated).entry.length;
    files++;
  }
}
console.log(JSON.stringify({ files, bundles: bundles.length, copies, bytes, resources }));
