// Small hostile files through the public API the page uses (importFile): each must come
// back as MALFORMED_INPUT naming the file, and the vault must stay usable — lock, unlock,
// write, and find the write after reopening. Before the bounded readers, 20,000 nested
// arrays exhausted the engine's stack in the JSON serializer and left the import's
// transaction open for good.
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { openSession } from '../dist/index.js';
import { wasmBinary } from './helpers.mjs';

const fast = { kdfOps: 2, kdfMemBytes: 19 << 20 };  // the smallest costs the vault accepts
const DEPTH = 20000;
const utf8 = (text) => new TextEncoder().encode(text);

const deepArrays = (n = DEPTH) => '['.repeat(n) + ']'.repeat(n);
const deepObjects = (n = DEPTH) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

const bundleAround = (value) =>
  JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Basic', id: 'x', x: '@' } }] })
    .replace('"@"', value);

const patient = (id) => ({ resourceType: 'Patient', id, name: [{ family: id }], birthDate: '1990-01-01' });

// A techo-envelope/v1 signed with a fresh Ed25519 key (an unknown issuer: still imported).
// The signature covers the envelope minus "signature", keys sorted, compact.
function sealed(payloadText, extra = {}) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const payload = utf8(payloadText);
  return import('node:crypto').then(({ createHash }) => {
    const keyId = `ed25519:${createHash('sha256').update(raw).digest('hex').slice(0, 32)}`;
    const fields = {
      created: '2026-01-01T00:00:00Z',
      issuer: { key: raw.toString('base64'), keyId, name: 'テスト発行元' },
      mediaType: 'application/fhir+json',
      payload: { length: payload.length, sha256: createHash('sha256').update(payload).digest('hex') },
      recipient: '',
      ...extra,
    };
    const canonical = (v) =>
      Array.isArray(v) ? `[${v.map(canonical).join(',')}]`
        : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`
          : JSON.stringify(v);
    const message = Buffer.concat([Buffer.from('techo-envelope/v1 signature\n'), Buffer.from(canonical(fields))]);
    const signature = sign(null, message, privateKey).toString('base64');
    let line = canonical({ ...fields, signature });
    for (const [key, value] of Object.entries(extra)) {
      if (typeof value === 'string' && value.startsWith('@raw:')) line = line.replace(JSON.stringify(value), value.slice(5));
    }
    return Buffer.concat([Buffer.from('techo-envelope/v1\n'), Buffer.from(line), Buffer.from('\n'), payload]);
  });
}

const appleHealth = (depth) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="ja_JP">\n${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}\n</HealthData>\n`;

const hostile = [
  ['deep-arrays.json', () => utf8(bundleAround(deepArrays()))],
  ['deep-objects.json', () => utf8(bundleAround(deepObjects()))],
  ['deep-root.json', () => utf8(deepArrays())],
  ['deep-resource.json', () => utf8(`{"resourceType":"Basic","id":"r","extension":${deepArrays()}}`)],
  ['deep-line.ndjson', () => utf8(`${JSON.stringify(patient('p1'))}\n{"resourceType":"Basic","x":${deepArrays()}}\n${JSON.stringify(patient('p2'))}\n`)],
  ['deep-payload.fhir', () => sealed(bundleAround(deepArrays()))],
  ['deep-envelope.fhir', () => sealed(JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [] }), { x: `@raw:${deepArrays(7000)}` })],
  ['deep-export.xml', () => utf8(appleHealth(DEPTH))],
];

test('hostile nesting is MALFORMED_INPUT with the file named, and the vault keeps working', async () => {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await session.createVault('合言葉', fast);
  for (const [name, make] of hostile) {
    const bytes = await make();
    assert.ok(bytes.length < 160_000, `${name} is a small file (${bytes.length} bytes)`);
    const outcome = await session.importFile(bytes, name).then((report) => report, (error) => error);
    // NDJSON reports a bad line and goes on with the next; any other file fails whole.
    const error = name.endsWith('.ndjson') ? outcome.skipped?.[0] : outcome;
    assert.equal(error?.code, 'MALFORMED_INPUT', `${name}: ${JSON.stringify(error ?? outcome)} ${outcome?.stack ?? ''}`);
    assert.ok(error.path.startsWith(name), `${name}: the path names the file (${error.path})`);
    if (name.endsWith('.ndjson')) assert.match(error.path, /: line 2$/);
    assert.match(error.message, /nest/, `${name}: says why (${error.message})`);
    // The very next write works without a lock/unlock: nothing was left open.
    await session.importFile(utf8(JSON.stringify(patient(`after-${name}`))), `after-${name}.json`);
  }
  await session.lock();
  await session.unlock('合言葉');
  await session.importFile(utf8(JSON.stringify(patient('last'))), 'last.json');
  const { keyId } = await session.addTrustedIssuer(Buffer.alloc(32, 7).toString('base64'), '信頼する発行元');
  await session.lock();
  await session.unlock('合言葉');
  const summary = await session.summary();
  assert.equal(summary.counts.Patient, hostile.length + 1 + 2);  // + the NDJSON file's two good lines
  assert.deepEqual((await session.trustedIssuers()).map((i) => i.keyId), [keyId]);
  await session.close();
});

test('number overflow and wrong-typed fields name the place, never INTERNAL', async () => {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await session.createVault('合言葉', fast);
  await assert.rejects(session.importFile(utf8('{"resourceType":"Patient","id":"p","x":1e999999}'), 'overflow.json'),
    { code: 'MALFORMED_INPUT', path: 'overflow.json: line 1, column 47' });
  const report = await session.importFile(utf8(`${JSON.stringify(patient('a'))}\n{"resourceType":"Basic","x":-1e400}\n`), 'overflow.ndjson');
  assert.deepEqual(report.skipped.map((e) => [e.code, e.path]), [['MALFORMED_INPUT', 'overflow.ndjson: line 2']]);
  assert.match(report.skipped[0].message, /number overflow/);
  // A signed envelope whose payload length is not a number.
  const bad = await sealed('{}', {});
  const text = bad.toString().replace(/"length":\d+/, '"length":"2"');
  await assert.rejects(session.importFile(utf8(text), 'typed.fhir'), { code: 'MALFORMED_INPUT' });
  // API arguments of the wrong JSON type name the field.
  await assert.rejects(session.records({ limit: 'ten' }), { code: 'INVALID_ARGUMENT', path: 'query.limit' });
  await assert.rejects(session.records({ person: 'me' }), { code: 'INVALID_ARGUMENT', path: 'query.person' });
  await assert.rejects(session.lifelogDays({ metric: 7 }), { code: 'INVALID_ARGUMENT', path: 'query.metric' });
  await assert.rejects(session.exportLifelog({ metrics: 'steps' }), { code: 'INVALID_ARGUMENT', path: 'query.metrics' });
  await assert.rejects(session.medications({ person: [1] }), { code: 'INVALID_ARGUMENT', path: 'query.person' });
  await assert.rejects(session.changePassphrase('新しい', { kdfOps: 'many' }), { code: 'INVALID_ARGUMENT', path: 'options.kdfOps' });
  assert.equal((await session.summary()).total, 1);
  await session.close();
});

// Numbers too large to be any time or count, in lifelog files (the inputs the fuzzers found:
// native_tests/data/fuzz-regressions): each is skipped with its place, the rest imports.
test('lifelog numbers beyond any time or count are skipped with their place, and the next import works', async () => {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await session.createVault('合言葉', fast);
  const regression = async (name) => readFile(new URL(`../../native_tests/data/fuzz-regressions/${name}`, import.meta.url));
  const fitbit = await session.importFile(await regression('vendor/fitbit-sleep-seconds-1e61.json'), 'fitbit.json');
  assert.deepEqual(fitbit.skipped.map((e) => [e.code, e.path]), [
    ['INVALID_RESOURCE', 'fitbit.json: sleep[0].levels.data[0]'], ['INVALID_RESOURCE', 'fitbit.json: sleep[1].timeInBed']]);
  assert.equal(fitbit.imported, 0);
  const omh = await session.importFile(await regression('omh/duration-1e300-seconds.json'), 'omh.json');
  assert.deepEqual(omh.skipped.map((e) => [e.code, e.path]), [['INVALID_RESOURCE', 'omh.json: effective_time_frame.time_interval']]);
  const fit = await session.importFile(await regression('vendor/googlefit-activity-code-1e61.json'), 'fit.json');
  assert.deepEqual([fit.format, fit.imported], ['googlefit', 0]);  // no activity has that code
  const after = await session.importFile(utf8(JSON.stringify(patient('after'))), 'after.json');
  assert.equal(after.skipped.length, 0);
  await session.close();
});

// More bytes than wasm memory can ever hold (a 3 GiB buffer, never touched, so it costs
// no real memory): before, Embind copied them through the null pointer its unchecked
// malloc returned, over the whole of the module's memory. Now the allocation is checked
// on the C++ side and the call answers an error; the session goes on.
test('bytes larger than wasm memory are read in pieces like any file, and the session goes on', async () => {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await session.createVault('合言葉', fast);
  // importFhir is importFile: 3 GiB in memory cross 1 MiB at a time, and zeros are told
  // from their first piece to be no format Techo reads.
  await assert.rejects(session.importFhir(new Uint8Array(3 * 2 ** 30), 'huge.json'), { code: 'UNSUPPORTED', path: 'huge.json', format: 'not-read' });
  await session.importFile(utf8(JSON.stringify(patient('after'))), 'after.json');
  assert.equal((await session.summary()).counts.Patient, 1);
  await session.close();
});

// A file read piece by piece that is larger than the memory a document may take: a Blob
// whose pieces are generated, standing in for a 3 GiB minified Bundle on disk.
class GeneratedFile extends Blob {
  constructor(size, piece) {
    super([]);
    this.total = size;
    this.piece = piece;
  }
  get size() { return this.total; }
  slice(start, end) { return new Blob([this.piece.subarray(0, Math.min(end, this.total) - start)]); }
}

// No small input crashes the engine any more, so the instance-ending path is driven by a
// real engine failure that can still be provoked: memory exhaustion. A document is kept
// whole until it ends; past 1 GiB its buffer cannot double within wasm's 2 GiB, and the
// failed allocation aborts the instance (ABORTING_MALLOC).
test('an engine failure ends the instance: SESSION_ENDED until unlocked again, and the vault is intact', async () => {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await session.createVault('合言葉', fast);
  await session.importFile(utf8(JSON.stringify(patient('before'))), 'before.json');
  await session.addTrustedIssuer(Buffer.alloc(32, 9).toString('base64'), '前からの発行元');

  const piece = utf8('{"resourceType":"Bundle","entry":[' + ' '.repeat((1 << 20) - 34));
  piece.fill(0x20, 34);
  await assert.rejects(session.importFile(new GeneratedFile(3 * 2 ** 30, piece), 'huge.json'), (error) => {
    assert.equal(error.code, 'SESSION_ENDED', `${error.code}: ${error.message}`);
    assert.match(error.message, /unlock your vault again/);
    return true;
  });
  // Nothing half-alive: reads and writes alike ask to unlock again.
  for (const call of [() => session.summary(), () => session.importFile(utf8(JSON.stringify(patient('x'))), 'x.json'),
    () => session.addTrustedIssuer(Buffer.alloc(32, 3).toString('base64'), 'lost'), () => session.records()]) {
    await assert.rejects(call(), { code: 'SESSION_ENDED' });
  }
  assert.deepEqual(await session.vaultStatus(), { exists: true, open: false, recoveryRecipient: '' });
  await assert.rejects(session.summary(), { code: 'SESSION_ENDED' });
  await session.lock();
  await assert.rejects(session.unlock('違う'), { code: 'WRONG_KEY' });
  await session.unlock('合言葉');
  assert.equal((await session.summary()).counts.Patient, 1);
  await session.importFile(utf8(JSON.stringify(patient('after'))), 'after.json');
  await session.lock();
  await session.unlock('合言葉');
  assert.equal((await session.summary()).counts.Patient, 2);
  assert.deepEqual((await session.trustedIssuers()).map((i) => i.name), ['前からの発行元']);
  await session.close();
});
