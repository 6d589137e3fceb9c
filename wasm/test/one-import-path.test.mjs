// One import path: every entry point reads the same bytes the same way, through the core's
// one format detector, and the corpora's files come out as the kind they are.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { openSession } from '../dist/index.js';
import { readRepoFile, syntheaFiles, wasmBinary } from './helpers.mjs';

const fast = { kdfOps: 2, kdfMemBytes: 19 << 20 };
const open = async () => {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await session.createVault('one path 合言葉', fast);
  return session;
};
const dir = (relative) => readdirSync(new URL(`../../native_tests/data/${relative}`, import.meta.url)).filter((f) => f.endsWith('.json'));

/** The answer as a caller sees it: the report without its time stamps, or the error's fields. */
async function answer(promise) {
  try {
    const report = await promise;
    const { source, ...rest } = report;
    const { importedAt, ...kept } = source ?? {};
    return { ok: rest, source: kept };
  } catch (error) {
    return { error: { code: error.code, path: error.path, format: error.format } };
  }
}

const files = [
  ['fhir', syntheaFiles.luigi],
  ['fitbit', 'native_tests/data/vendor-api-fixtures/fitbit/' + dir('vendor-api-fixtures/fitbit').find((f) => f.includes('step'))],
  ['googlefit', 'native_tests/data/vendor-api-fixtures/googlefit/' + dir('vendor-api-fixtures/googlefit')[0]],
  ['withings', 'native_tests/data/vendor-api-fixtures/withings/' + dir('vendor-api-fixtures/withings')[0]],
  ['openmhealth', 'native_tests/data/openmhealth/test-data/omh/step-count/3.0/shouldPass/valid-step-count.json'],
  ['apple-health', 'native_tests/data/apple-health-export/export-infozip-stream.zip'],
  ['apple-health', 'native_tests/data/apple-health-export/export6s3sample.xml'],
];

test('every entry point gives the same answer for the same bytes', async () => {
  for (const [, file] of files.concat([['not-read', 'assets/demo/encrypted-demo.json']])) {
    const bytes = await readRepoFile(file);
    const answers = [];
    for (const entry of ['importFile', 'importFhir', 'importLifelog', 'importEncrypted']) {
      const session = await open();  // each in an empty vault: a re-import would answer "unchanged"
      const call = entry === 'importEncrypted' ? session.importEncrypted(bytes, 'f', { passphrase: 'unused' }) : session[entry](bytes, 'f');
      answers.push(await answer(call));
      await session.close();
    }
    for (const a of answers.slice(1)) assert.deepEqual(a, answers[0], file);
  }
});

test('the corpora import as the kind the detector must choose', async () => {
  const session = await open();
  for (const [format, file] of files) {
    const report = await session.importFile(await readRepoFile(file), file.split('/').pop());
    assert.equal(report.format, format, file);
    assert.equal(report.kind, format === 'fhir' ? 'fhir' : 'lifelog', file);
  }
  for (const file of dir('jp-clins-examples')) {
    const report = await session.importFile(await readRepoFile(`native_tests/data/jp-clins-examples/${file}`), file);
    assert.equal(report.format, 'fhir', file);
  }
  await session.close();
});

test('a FHIR transaction Bundle whose first part holds "series" and "state" is FHIR, through importFile', async () => {
  const session = await open();
  const bundle = {
    resourceType: 'Bundle', type: 'transaction',
    entry: [
      { resource: { resourceType: 'Patient', id: 'p1', address: [{ state: '東京都' }] } },
      { resource: { resourceType: 'ImagingStudy', id: 'i1', status: 'available', subject: { reference: 'Patient/p1' }, series: [{ uid: '1.2', modality: { code: 'CT' } }] } },
    ],
  };
  const report = await session.importFile(new TextEncoder().encode(JSON.stringify(bundle)), 'imaging.json');
  assert.equal(report.kind, 'fhir');
  assert.equal(report.imported.Patient, 1);
  await session.close();
});

test('an encrypted file without its key asks for it; with it, it imports', async () => {
  const session = await open();
  const encrypted = await session.encrypt(await readRepoFile(syntheaFiles.luigi), { passphrase: 'luigi', scryptLogN: 10 });
  await assert.rejects(session.importFile(encrypted, 'luigi.json.age'), {
    code: 'NEEDS_KEY', format: 'age', message: /this file is encrypted \(age\): give its passphrase or key/,
  });
  const report = await session.importFile(encrypted, 'luigi.json.age', { passphrase: 'luigi' });
  assert.equal(report.importedTotal, 61);
  assert.equal(report.source.encrypted, true);
  await session.close();
});

test('readableFormats says what importFile reads, for a picker and for a person', async () => {
  const session = await open();
  const readable = await session.readableFormats();
  assert.deepEqual(readable.extensions, ['.json', '.ndjson', '.xml', '.zip', '.csv', '.txt', '.age']);
  assert.ok(readable.formats.includes('fhir') && readable.formats.includes('apple-health') && readable.formats.includes('jahis-tc'));
  assert.match(readable.description, /^FHIR R4 JSON/);
  await session.close();
});

// What the detector must choose for each corpus folder; a file it reads as none of them
// answers UNSUPPORTED with `format: 'not-read'`, never another kind's error.
const corpora = [
  ['native_tests/data/synthea-r4', ['fhir']],
  ['native_tests/data/jp-clins-examples', ['fhir']],
  ['native_tests/data/vendor-api-fixtures/fitbit', ['fitbit', 'not-read']],
  ['native_tests/data/vendor-api-fixtures/googlefit', ['googlefit']],
  ['native_tests/data/vendor-api-fixtures/withings', ['withings']],
  ['native_tests/data/apple-health-export', ['apple-health']],
  ['native_tests/data/openmhealth/test-data', ['openmhealth', 'not-read']],
  // Vendors Techo does not read (in ../shared/corpora only): each is said to be none.
  ['../shared/corpora/vendor-api-fixtures/ihealth', ['not-read']],
  ['../shared/corpora/vendor-api-fixtures/jawbone', ['not-read']],
  ['../shared/corpora/vendor-api-fixtures/misfit', ['not-read']],
  ['../shared/corpora/vendor-api-fixtures/moves', ['not-read']],
  ['../shared/corpora/vendor-api-fixtures/runkeeper', ['not-read']],
];

test('every file of the corpora through importFile comes out as the kind it is', async () => {
  const { existsSync, readdirSync: list, readFileSync: read, statSync } = await import('node:fs');
  const { join } = await import('node:path');
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const walk = (dir) => list(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : /\.(json|xml|zip|ndjson)$/.test(name) ? [path] : [];
  });
  const session = await open();
  const seen = {};
  for (const [folder, kinds] of corpora) {
    const dir = join(root, folder);
    if (!existsSync(dir)) continue;  // ../shared is beside the checkout on these machines
    for (const file of walk(dir)) {
      let kind;
      try {
        kind = (await session.importFile(read(file), file.split('/').pop())).format;
      } catch (error) {
        kind = error.format ?? `error ${error.code}`;
      }
      assert.ok(kinds.includes(kind), `${file}: ${kind}`);
      seen[kind] = (seen[kind] ?? 0) + 1;
    }
  }
  assert.ok(seen.fhir >= 60 && seen.openmhealth >= 122 && seen['apple-health'] === 3, JSON.stringify(seen));
  await session.close();
});

// The finding: importLifelog ignored the signed envelopes the streaming path read.
test('importLifelog reads a signed lifelog file as importFile does, its issuer verified', async () => {
  const { demoIssuerName, demoSeed, issuerKey, sealEnvelope } = await import('./trust-helpers.mjs');
  const demo = issuerKey(demoSeed);
  const steps = await readRepoFile('native_tests/data/openmhealth/test-data/omh/step-count/3.0/shouldPass/valid-step-count.json');
  const signed = sealEnvelope(steps, demo, { mediaType: 'application/json' });
  for (const entry of ['importLifelog', 'importFile']) {
    const session = await open();
    await session.addTrustedIssuer(demo.publicKey, demoIssuerName);
    const report = await session[entry](signed, 'steps.signed.json');
    assert.equal(report.kind, 'lifelog', entry);
    assert.equal(report.format, 'openmhealth', entry);
    assert.equal(report.source.verification, 'verified', entry);
    assert.equal(report.imported, 1, entry);
    await session.close();
  }
});
