// The public API against the real wasm build, in Node (the core runs in this thread).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';

import { TechoError, openSession } from '../dist/index.js';
import { loadWasm } from '../dist/wasm-location.js';
import { readRepoFile, syntheaFiles, wasmBinary } from './helpers.mjs';

test('the demo bundle imports and summarizes in Japanese', async () => {
  const session = await openSession({ worker: false, wasmBinary });
  const report = await session.importFhir(await readRepoFile('assets/demo/yamada-hanako.fhir.json'), 'yamada-hanako.fhir.json');
  assert.equal(report.importedTotal, 8);
  assert.deepEqual(report.skipped, []);

  const summary = await session.summary();
  assert.deepEqual(summary.counts, {
    AllergyIntolerance: 1, Condition: 1, Immunization: 1, MedicationRequest: 1, Observation: 2, Organization: 1, Patient: 1,
  });
  assert.equal(summary.total, 8);
  assert.deepEqual(summary.patients, [
    { id: 'demo-yamada-hanako', name: '山田 花子', namePhonetic: 'ヤマダ ハナコ', birthDate: '1978-04-12', gender: 'female' },
  ]);
  await session.close();
});

test('the four Synthea bundles import with exact counts per type', async () => {
  const session = await openSession({ worker: false, wasmBinary });
  const totals = {};
  for (const [name, file] of Object.entries(syntheaFiles)) {
    totals[name] = (await session.importFhir(await readRepoFile(file), file)).importedTotal;
  }
  assert.deepEqual(totals, { luigi: 61, matt: 285, fletcher: 1111, vito: 1244 });

  const summary = await session.summary();
  assert.equal(summary.total, 2701);
  // Sums of the four bundles' counts, as counted independently (native_tests/synthea_expectations.hpp).
  assert.equal(summary.counts.Observation, 31 + 174 + 351 + 869);
  assert.equal(summary.counts.Immunization, 12 + 12 + 10 + 11);
  assert.equal(summary.counts.MedicationRequest, 0 + 1 + 122 + 4);
  assert.deepEqual(summary.patients.map((p) => [p.name, p.birthDate]), [
    ['Luigi Wiegand', '2020-10-20'], ['Matt Runte', '1962-09-19'], ['Fletcher Hyatt', '1915-07-03'], ['Vito Feeney', '1910-09-19'],
  ]);
  await session.close();
});

test('malformed JSON rejects with a TechoError naming file, line and column; nothing is stored', async () => {
  const session = await openSession({ worker: false, wasmBinary });
  await assert.rejects(
    session.importFhir(new TextEncoder().encode('{"resourceType": "Bundle", "entry": [ }'), 'broken.json'),
    (error) => {
      assert.ok(error instanceof TechoError);
      assert.equal(error.code, 'MALFORMED_INPUT');
      assert.equal(error.path, 'broken.json: line 1, column 39');
      assert.match(error.message, /^not valid JSON: syntax error/);
      return true;
    },
  );
  assert.equal((await session.summary()).total, 0);
  await session.close();
});

test('a single resource imports; JSON that Techo does not read is refused, saying what it reads', async () => {
  const session = await openSession({ worker: false, wasmBinary });
  const patient = await readRepoFile('native_tests/data/jp-clins-examples/Patient-Example-JP-Patient-standard.json');
  const report = await session.importFhir(patient, 'patient.json');
  assert.deepEqual(report.imported, { Patient: 1 });
  const again = await session.importFhir(patient, 'patient-again.json');
  assert.equal(again.importedTotal, 0);
  assert.equal(again.unchanged, 1);
  await assert.rejects(session.importFhir(new TextEncoder().encode('{"name": "x"}'), 'notes.json'), {
    name: 'TechoError',
    code: 'UNSUPPORTED',
    path: 'notes.json',
    format: 'not-read',
    message: /a JSON object with the keys "name".*it reads FHIR R4 JSON/,
  });
  await session.close();
});

test('a closed session refuses further calls', async () => {
  const session = await openSession({ worker: false, wasmBinary });
  await session.close();
  await assert.rejects(session.summary(), { code: 'INVALID_ARGUMENT', message: 'the session is closed' });
});

test('under Node, openSession() needs no wasmBinary: the wasm file next to the module is read', async () => {
  const session = await openSession();
  assert.equal((await session.importFhir(await readRepoFile(syntheaFiles.luigi), 'luigi.json')).importedTotal, 61);
  await session.close();
});

test('a wasm file that cannot be read is a clear error naming it, not a crash', async () => {
  const missing = new URL('file:///nonexistent/techo_core.wasm');
  await assert.rejects(loadWasm(missing), (error) => {
    assert.ok(TechoError.is(error));
    assert.equal(error.code, 'INVALID_ARGUMENT');
    assert.match(error.message, /cannot load the wasm module \(ENOENT.*\); pass options\.wasmBinary/);
    assert.equal(error.path, missing.href);
    return true;
  });
});

test('over http the wasm file is fetched (as in a browser), and an HTTP error names the URL', async () => {
  const server = createServer((request, response) => {
    if (request.url === '/techo_core.wasm') response.writeHead(200, { 'Content-Type': 'application/wasm' }).end(wasmBinary);
    else response.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    assert.equal((await loadWasm(new URL(`${origin}/techo_core.wasm`))).byteLength, wasmBinary.length);
    await assert.rejects(loadWasm(new URL(`${origin}/gone.wasm`)), { code: 'INVALID_ARGUMENT', message: /\(HTTP 404\)/, path: `${origin}/gone.wasm` });
  } finally {
    server.close();
  }
});

test('the records timeline pages through everything, newest first', async () => {
  const session = await openSession({ worker: false, wasmBinary });
  await session.importFhir(await readRepoFile(syntheaFiles.fletcher), 'fletcher.json');
  const first = await session.records({ category: 'medication', limit: 50 });
  assert.equal(first.records.length, 50);
  assert.ok(first.next);
  let all = [...first.records];
  for (let cursor = first.next; cursor; ) {
    const page = await session.records({ category: 'medication', limit: 50, cursor });
    all = all.concat(page.records);
    cursor = page.next;
  }
  assert.equal(all.length, 122);
  assert.equal(new Set(all.map((r) => r.id)).size, 122);
  assert.ok(all.every((r, i) => i === 0 || all[i - 1].effectiveAt >= r.effectiveAt));
  assert.ok(all.every((r) => r.resourceType === 'MedicationRequest' && r.display !== ''));
  const lab = (await session.records({ category: 'lab', limit: 1 })).records[0];
  assert.equal(typeof lab.valueNumber, 'number');
  assert.notEqual(lab.unit, '');
  await session.close();
});

test('importFile streams NDJSON piece by piece with progress, and a cancel stores nothing', async () => {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  const bundle = JSON.parse(await readRepoFile(syntheaFiles.fletcher));
  const ndjson = new TextEncoder().encode(bundle.entry.map((e) => JSON.stringify(e.resource)).join('\n') + '\n');
  // Cancelled after the first piece: nothing stays.
  const controller = new AbortController();
  await assert.rejects(
    session.importFile(new Blob([ndjson]), 'hyatt.ndjson', undefined, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }),
    (error) => error.code === 'CANCELLED',
  );
  assert.equal((await session.summary()).total, 0);
  const seen = [];
  const report = await session.importFile(new Blob([ndjson]), 'hyatt.ndjson', undefined, { onProgress: (p) => seen.push(p) });
  assert.equal(report.importedTotal, 1111);
  assert.ok(seen.length >= 2, 'progress for each 1 MiB piece');
  assert.equal(seen.at(-1).bytesIn, ndjson.length);
  assert.equal((await session.summary()).sources[0].name, 'hyatt.ndjson');
  await session.close();
});

test('Open mHealth lifelog data imports once and reads back by time range', async () => {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  const points = [
    {
      header: {
        id: 'w1', creation_date_time: '2026-01-01T20:00:00+09:00',
        schema_id: { namespace: 'omh', name: 'step-count', version: '3.0' },
        acquisition_provenance: { source_name: 'Apple Watch', modality: 'sensed' },
      },
      body: {
        step_count: { value: 6000, unit: 'steps' },
        effective_time_frame: { time_interval: { start_date_time: '2026-01-01T07:00:00+09:00', end_date_time: '2026-01-01T19:00:00+09:00' } },
      },
    },
    { heart_rate: { value: 'fast', unit: 'beats/min' }, effective_time_frame: { date_time: '2026-01-01T07:10:00+09:00' } },
  ];
  const bytes = new TextEncoder().encode(JSON.stringify(points));
  const report = await session.importLifelog(bytes, 'watch.json');
  assert.equal(report.imported, 1);
  assert.deepEqual(report.byMetric, { steps: 1 });
  assert.equal(report.skipped[0].path, 'watch.json: [1].heart_rate.value');
  assert.equal((await session.importLifelog(bytes, 'watch.json')).duplicates, 1);
  const { samples } = await session.lifelogSamples({ metric: 'steps', from: '2026-01-01T00:00:00+09:00', to: '2026-01-02T00:00:00+09:00' });
  assert.deepEqual(samples.map((s) => [s.value, s.unit, s.device, s.deviceKind, s.utcOffset]), [[6000, '{steps}', 'Apple Watch', 'watch', 540]]);
  await session.close();
});

test('an Apple Health export.xml streams into the lifelog through importFile', async () => {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  const xml = await readRepoFile('native_tests/data/apple-health-export/export6s3sample.xml');
  const report = await session.importFile(new Blob([xml]), 'export.xml');
  assert.equal(report.kind, 'lifelog');
  assert.equal(report.format, 'apple-health');
  assert.deepEqual(report.byMetric, { 'calories-burned': 1, distance: 5, exercise: 1, steps: 10 });
  const { days } = await session.lifelogDays({ metric: 'steps', from: '2014-09-01', to: '2014-09-30' });
  assert.equal(Math.round(days.reduce((sum, d) => sum + d.value, 0)), 329 + 283 + 426 + 61 + 10 + 200 + 390 + 320 + 216 + 282);
  await session.close();
});

test("FHIR vital signs join the lifelog of the person they are about", async () => {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  const loinc = (code) => ({ coding: [{ system: 'http://loinc.org', code }] });
  const entry = (resource) => ({ fullUrl: `http://example.jp/fhir/${resource.resourceType}/${resource.id}`, resource });
  const bundle = {
    resourceType: 'Bundle', type: 'collection',
    entry: [
      entry({ resourceType: 'Patient', id: 'mother', name: [{ family: '山田', given: ['花子'] }], birthDate: '1988-04-02' }),
      entry({ resourceType: 'Patient', id: 'child', name: [{ family: '山田', given: ['陽向'] }], birthDate: '2022-05-10' }),
      entry({ resourceType: 'Observation', id: 'bp', status: 'final', code: loinc('85354-6'), subject: { reference: 'Patient/mother' },
        effectiveDateTime: '2026-01-01T08:00:00+09:00',
        component: [{ code: loinc('8480-6'), valueQuantity: { value: 128, code: 'mm[Hg]' } },
          { code: loinc('8462-4'), valueQuantity: { value: 82, code: 'mm[Hg]' } }] }),
      entry({ resourceType: 'Observation', id: 'w', status: 'final', code: loinc('29463-7'), subject: { reference: 'Patient/child' },
        effectiveDateTime: '2026-01-01T10:00:00+09:00', valueQuantity: { value: 12400, code: 'g' } }),
    ],
  };
  await session.importFhir(new TextEncoder().encode(JSON.stringify(bundle)), 'clinic.json');
  const { people } = await session.people();
  const child = people.find((p) => p.relationship === 'child');
  assert.ok(child);
  const systolic = await session.lifelogDays({ metric: 'blood-pressure-systolic', from: '2026-01-01', to: '2026-01-01' });
  assert.deepEqual(systolic.days.map((d) => d.value), [128]);
  assert.deepEqual((await session.lifelogDays({ metric: 'body-weight', from: '2026-01-01', to: '2026-01-01' })).days, []);
  const weight = await session.lifelogDays({ metric: 'body-weight', from: '2026-01-01', to: '2026-01-01', person: child.id });
  assert.deepEqual(weight.days.map((d) => d.value), [12.4]);
  await assert.rejects(session.lifelogDays({ metric: 'body-weight', person: 999 }), (e) => e instanceof TechoError && /no such person/.test(e.message));
  await session.close();
});
