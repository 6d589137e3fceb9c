// Peer: techo_bench's `vault` workload in a JavaScript SQLite build (in memory,
// unencrypted): the same records, the same tables, indexes and statements as the vault's
// import and timeline, so the difference is the engine, Techo's C++ around it and (on)
// the encryption.
//   node sql-vault.mjs --engine sqlite-wasm|sql.js --runs N --records 100000
// Timed as techo_bench times the vault: the records are JavaScript objects before the
// clock starts (the vault's bundle is parsed before it); inserting serializes each one
// (JSON.stringify, where the vault dumps its parsed JSON), looks up its identity, inserts
// the resource and its normalized record, in one transaction. Techo does a little more per
// resource that is not SQL: a SHA-256 of the JSON (the content hash) and its own
// normalization; the peer stores an empty hash and copies the columns from the object.
import { mbPerS, medianMs, parseArgs } from './measure.mjs';
import { openEngine } from './sql-engines.mjs';

const { options } = parseArgs();
const runs = Number(options.runs ?? 3);
const count = Number(options.records ?? 100000);
const engine = await openEngine(options.engine ?? 'sqlite-wasm');

// The vault's tables as far as this workload touches them (core/src/vault_schema.cpp).
const schema = `
  CREATE TABLE sources (id INTEGER PRIMARY KEY, name TEXT NOT NULL, bundle_type TEXT NOT NULL);
  CREATE TABLE resources (
    id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES sources(id), resource_type TEXT NOT NULL,
    fhir_id TEXT NOT NULL, full_url TEXT NOT NULL, json TEXT NOT NULL, identity_key TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL DEFAULT '', last_updated TEXT NOT NULL DEFAULT '');
  CREATE INDEX resources_by_type ON resources(resource_type);
  CREATE INDEX resources_by_identity ON resources(identity_key);
  CREATE TABLE profile_refs (ref TEXT PRIMARY KEY, profile_id INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE records (
    id INTEGER PRIMARY KEY, resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    profile_id INTEGER, category TEXT NOT NULL, code_system TEXT NOT NULL DEFAULT '', code TEXT NOT NULL DEFAULT '',
    display TEXT NOT NULL DEFAULT '', value_number REAL, value_text TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '', effective_at TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT '',
    subject_ref TEXT NOT NULL DEFAULT '');
  CREATE INDEX records_by_code ON records(code_system, code);
  CREATE INDEX records_by_time ON records(effective_at DESC, id DESC);
  CREATE INDEX records_by_resource ON records(resource_id);
  CREATE INDEX records_by_profile_time ON records(profile_id, effective_at DESC, id DESC);
  CREATE INDEX records_unlinked ON records(subject_ref) WHERE profile_id IS NULL;`;

// techo_bench's synthetic_records: about 500 bytes each, like a lab result with a note.
const records = Array.from({ length: count }, (_, i) => ({
  resourceType: 'Observation', id: `obs-${i}`, status: 'final',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
  code: { coding: [{ system: 'urn:oid:1.2.392.200119.4.504', code: '3D046000001906202', display: 'HbA1c(NGSP)' }] },
  effectiveDateTime: '2026-01-01T08:00:00+09:00',
  valueQuantity: { value: 50 + (i % 30), unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
  note: [{ text: '健診結果 synthetic record for benchmarks' }],
}));

function fill(db) {
  const find = db.prepare('SELECT id, content_hash, last_updated, source_id FROM resources WHERE identity_key = ? LIMIT 1');
  const insert = db.prepare('INSERT INTO resources(source_id, resource_type, fhir_id, full_url, json, identity_key, content_hash, last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertRecord = db.prepare('INSERT INTO records(resource_id, category, code_system, code, display, value_number, value_text, unit, effective_at, status, subject_ref, profile_id) VALUES (last_insert_rowid(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT profile_id FROM profile_refs WHERE ref = ?11))');
  let bytes = 0;
  db.exec('BEGIN');
  db.exec("INSERT INTO sources(name, bundle_type) VALUES ('bench.json', 'collection')");
  for (const r of records) {
    const json = JSON.stringify(r);
    bytes += json.length;
    const key = `id:${r.resourceType}/${r.id}`;
    if (db.rows(find, [key]).length) throw new Error(`${key} is already stored`);
    db.run(insert, [1, r.resourceType, r.id, '', json, key, '', '']);
    const coding = r.code.coding[0];
    db.run(insertRecord, ['lab', coding.system, coding.code, coding.display, r.valueQuantity.value, '', r.valueQuantity.unit, r.effectiveDateTime, r.status, '']);
  }
  db.exec('COMMIT');
  return { find, bytes };
}

let db, find, jsonBytes = 0;
const insertMs = await medianMs(runs, () => {
  db?.close();
  db = engine.open();
  db.exec(schema);
  ({ find, bytes: jsonBytes } = fill(db));
});

const timeline = db.prepare('SELECT id, resource_type, json FROM resources WHERE (?1 = 0 OR id < ?1) ORDER BY id DESC LIMIT ?2');
const firstPage = () => db.rows(timeline, [0, 50]);
if (firstPage().length !== 50) throw new Error('the first page is not 50 records');
const firstPageMs = (await medianMs(runs, () => { for (let i = 0; i < 1000; i++) firstPage(); })) / 1000;
let scanned = 0;
const fullScanMs = await medianMs(runs, () => { scanned = db.rows(timeline, [0, 1 << 30]).length; });
if (scanned !== count) throw new Error(`full scan read ${scanned} of ${count}`);
// The import's identity check: one resource by its key, spread over the table; each query
// on its own (autocommit), and all inside one transaction (as the import makes them).
const lookups = 10000;
const lookUp = () => {
  for (let i = 0; i < lookups; i++) {
    if (db.rows(find, [`id:Observation/obs-${(i * 7919) % count}`]).length !== 1) throw new Error('lookup missed');
  }
};
const lookupMs = await medianMs(runs, lookUp);
const lookupInTransactionMs = await medianMs(runs, () => {
  db.exec('BEGIN');
  lookUp();
  db.exec('COMMIT');
});
db.close();

console.log(JSON.stringify({
  figure: 'sql_vault', engine: engine.name, sqlite: engine.version, records: count, runs,
  insert_ms: insertMs, insert_mb_per_s: mbPerS(jsonBytes, insertMs), first_page_ms: firstPageMs, full_scan_ms: fullScanMs,
  lookup_us: (lookupMs * 1000) / lookups, lookup_in_transaction_us: (lookupInTransactionMs * 1000) / lookups,
}));
