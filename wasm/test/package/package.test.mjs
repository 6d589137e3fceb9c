// The package as an outside developer gets it: packed, installed from the tarball into an
// empty folder, imported by name. Runs the README's quick start and the Node example
// against a real Synthea record and checks what they print.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { copyExample, installedConsumer, packageDir, readmeQuickStart, run, synthea } from './consumer.mjs';

let consumer;
before(async () => {
  consumer = await installedConsumer();
});
after(() => consumer?.cleanup());

test('the tarball holds the module, its wasm, the types and the README, and nothing of the repository', () => {
  const { files } = consumer;
  for (const wanted of ['package.json', 'README.md', 'dist/index.js', 'dist/worker.js', 'dist/techo_core.mjs', 'dist/techo_core.wasm', 'dist/wasm-location.js', 'types/index.d.ts']) {
    assert.ok(files.includes(wanted), `${wanted} is packed`);
  }
  const stray = files.filter((f) => /^(test|examples|bindings|node_modules)\//.test(f) || f === 'CMakeLists.txt');
  assert.deepEqual(stray, []);
});

test('the exports map resolves the module, the wasm file and package.json by name', async () => {
  const script = `
    for (const s of ['@techo/core', '@techo/core/techo_core.wasm', '@techo/core/package.json']) console.log(import.meta.resolve(s));
    const core = await import('@techo/core');
    console.log(Object.keys(core).sort().join(','));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer.dir });
  const [main, wasm, manifest, names] = stdout.trim().split('\n');
  const installed = `file://${join(consumer.dir, 'node_modules/@techo/core')}/`;
  assert.equal(main, `${installed}dist/index.js`);
  assert.equal(wasm, `${installed}dist/techo_core.wasm`);
  assert.equal(manifest, `${installed}package.json`);
  assert.equal(names, 'TechoError,openSession,verifySharePackage');
});

test("the README's quick start runs as written and prints the record's medication and conditions", async () => {
  const file = join(consumer.dir, 'quickstart.mjs');
  await writeFile(file, await readmeQuickStart());
  const { stdout, stderr } = await run(process.execPath, [file, synthea.file], { cwd: consumer.dir });
  assert.equal(stderr, '');
  assert.match(stdout, /^keep this somewhere safe: AGE-SECRET-KEY-1/m);
  assert.match(stdout, /^imported 285 resources$/m);
  assert.match(stdout, new RegExp(`^taking: ${synthea.medication}`, 'm'));
  assert.match(stdout, new RegExp(`^${synthea.person}: .*${synthea.condition}`, 'm'));
});

test('a receiver verifies a share package by package name, with no vault', async () => {
  // The person's side makes a grant and its package; the receiver's script, in the
  // installed consumer, imports only verifySharePackage and opens it with its identity.
  const script = `
    import { openSession, verifySharePackage } from '@techo/core';
    import { readFile } from 'node:fs/promises';
    const session = await openSession({ worker: false });
    await session.createVault('受け取り側テスト', { kdfOps: 2, kdfMemBytes: 19 << 20 });
    await session.importFile(await readFile(process.argv[2]), 'record.json');
    const { people } = await session.people();
    const clinic = await session.generateIdentity();
    const grant = await session.createGrant({ person: people[0].id, grantee: { name: 'clinic', recipient: clinic.recipient },
      purpose: 'treatment', categories: ['medications'] });
    const { file } = await session.sharePackage(grant.id);
    await session.close();
    const good = await verifySharePackage(file, { identity: clinic.identity });
    const bad = await verifySharePackage(file.subarray(0, 100), { identity: clinic.identity });
    console.log(JSON.stringify({ ok: good.ok, entries: good.bundle?.entry.length, badOk: bad.ok, badCode: bad.problems[0]?.code }));
  `;
  const file = join(consumer.dir, 'receive.mjs');
  await writeFile(file, script);
  const { stdout } = await run(process.execPath, [file, synthea.file], { cwd: consumer.dir });
  const result = JSON.parse(stdout.trim().split('\n').pop());
  assert.equal(result.ok, true);
  assert.ok(result.entries > 1);
  assert.equal(result.badOk, false);
  assert.match(result.badCode, /^AGE_/);
});

test('the node-emergency example prints the emergency summary of a Synthea record', async () => {
  await copyExample('node-emergency', consumer.dir);
  const { stdout, stderr } = await run(process.execPath, ['emergency.mjs', synthea.file], { cwd: consumer.dir });
  assert.equal(stderr, '');
  assert.match(stdout, /: 285 stored, 0 skipped$/m);
  assert.match(stdout, new RegExp(`^EMERGENCY SUMMARY — ${synthea.person} \\(born 1962-09-19\\)`, 'm'));
  const medications = stdout.split('  Medications:\n')[1]?.split('\n  Conditions:')[0] ?? '';
  assert.match(medications, new RegExp(`^    - ${synthea.medication} \\(`, 'm'));
  assert.match(stdout, new RegExp(`^    - ${synthea.condition} \\(since 2012-07-04\\)$`, 'm'));
  assert.match(stdout, /^    - Hemoglobin A1c\/Hemoglobin\.total in Blood: [0-9.]+ % on 2020-08-19$/m);
});

test('the node-emergency example reports a broken file as a TechoError with its path, exit code 1', async () => {
  const broken = join(consumer.dir, 'broken.json');
  await writeFile(broken, '{"resourceType": "Bundle", "entry": [');
  const failed = await run(process.execPath, ['emergency.mjs', broken], { cwd: consumer.dir }).then(() => null, (error) => error);
  assert.ok(failed, 'the example exits non-zero');
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /^[A-Z_]+: .+\(at broken\.json/m);
});

test('a TypeScript consumer type-checks against the packaged types (NodeNext resolution)', async () => {
  await writeFile(join(consumer.dir, 'check.ts'), `
import { openSession, TechoError, type MedicationsView, type EmergencyView } from '@techo/core';
const session = await openSession();
const meds: MedicationsView = await session.medications();
const drugs: string[] = meds.current.map((m) => m.drug);
const card: EmergencyView['byPerson'][number] | undefined = (await session.emergency()).byPerson[0];
const error: TechoError | null = null;
console.log(drugs, card?.person?.name, error);
// @ts-expect-error the types know the methods: a misspelt one is an error
await session.medication();
`);
  const tsc = join(packageDir, 'node_modules/typescript/bin/tsc');
  const args = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', 'check.ts'];
  const { stdout } = await run(process.execPath, [tsc, ...args], { cwd: consumer.dir }).catch((error) => assert.fail(error.stdout));
  assert.equal(stdout, '');
});
