// Peer: the import a web developer would write in JavaScript, on the files Techo's import
// row reads: for each age-encrypted FHIR Bundle, typage decrypts it, JSON.parse reads it,
// and a JavaScript SQLite build stores every resource (type, id, JSON) in a table with an
// index, one transaction per file. No validation, no duplicate check, no normalized rows,
// no encryption at rest: less work than Techo's import, which is the point of the goal
// (Techo, doing all of it into an encrypted vault, at least 2× faster than this).
//   node import-pipeline.mjs --engine sql.js|sqlite-wasm --runs N --key IDENTITY_FILE DIR
// The files are read into memory before the clock starts (a page holds them as File
// objects); each run stores into a fresh database.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Decrypter } from 'age-encryption';

import { mbPerS, medianMs, parseArgs, secretKeyLine } from './measure.mjs';
import { openEngine } from './sql-engines.mjs';

const { options, positional: [dir] } = parseArgs();
const runs = Number(options.runs ?? 3);
const engine = await openEngine(options.engine ?? 'sql.js');
const files = readdirSync(dir).filter((f) => f.endsWith('.json.age')).sort().map((f) => new Uint8Array(readFileSync(join(dir, f))));
const identity = secretKeyLine(readFileSync(options.key, 'utf8'));

let resources = 0, plaintext = 0;
const ms = await medianMs(runs, async () => {
  const db = engine.open();
  db.exec(`CREATE TABLE resources (id INTEGER PRIMARY KEY, resource_type TEXT NOT NULL, fhir_id TEXT NOT NULL, json TEXT NOT NULL);
           CREATE INDEX resources_by_type_id ON resources(resource_type, fhir_id);`);
  const insert = db.prepare('INSERT INTO resources(resource_type, fhir_id, json) VALUES (?, ?, ?)');
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  resources = 0;
  plaintext = 0;
  for (const file of files) {
    const text = await decrypter.decrypt(file, 'text');
    plaintext += Buffer.byteLength(text);
    const bundle = JSON.parse(text);
    db.exec('BEGIN');
    for (const { resource } of bundle.entry ?? []) {
      db.run(insert, [resource.resourceType, resource.id ?? '', JSON.stringify(resource)]);
      resources++;
    }
    db.exec('COMMIT');
  }
  db.close();
});

console.log(JSON.stringify({
  figure: 'js_import_pipeline', engine: engine.name, sqlite: engine.version, runs, files: files.length, resources,
  plaintext_bytes: plaintext, ms, resources_per_s: resources / (ms / 1e3), mb_per_s: mbPerS(plaintext, ms),
}));
