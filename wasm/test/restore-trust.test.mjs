// Restore re-earns trust (issue 11, finding 5): a backup is a file anyone can edit, so
// nothing in it is believed because it says so. Sources come back unsigned (the vault
// keeps no envelopes to check again), issuer keys wait for the person to confirm them,
// key ids come from the keys, and every part is listed and hashed before a row is written.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { openSession } from '../dist/index.js';
import { readRepoFile, wasmBinary } from './helpers.mjs';
import { craftBackup, demoIssuerName, demoSeed, issuerKey, sealEnvelope } from './trust-helpers.mjs';

const fast = { kdfOps: 2, kdfMemBytes: 19 << 20 };
const demo = issuerKey(demoSeed);
const attacker = issuerKey(Buffer.alloc(32, 7));
const bundle = await readRepoFile('assets/demo/yamada-hanako.fhir.json');

/** A vault set up by `setup`, its backup to the recovery key, and that backup's plaintext tar. */
async function backupOf(setup) {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  const { recoveryKey, recoveryRecipient } = await session.createVault('one', fast);
  await setup(session);
  const backup = await session.exportBackup({ recoveryKey: true });
  const dir = mkdtempSync(join(tmpdir(), 'techo-restore-'));
  try {
    writeFileSync(join(dir, 'backup.age'), backup);
    writeFileSync(join(dir, 'key.txt'), `${recoveryKey}\n`);
    const tar = execFileSync('age', ['-d', '-i', join(dir, 'key.txt'), join(dir, 'backup.age')]);
    return {
      backup,
      tar,
      key: { identity: recoveryKey },
      encrypt: (archive) => session.encrypt(archive, { recipients: [recoveryRecipient] }),
      close: () => session.close(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function emptyVault() {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await session.createVault('two', fast);
  return session;
}

const editJson = (files, name, edit) => {
  const part = files.find((f) => f.name === name);
  part.data = Buffer.from(JSON.stringify(edit(JSON.parse(part.data.toString('utf8'))), null, 2));
};

test('an honest backup restores its signed sources as unsigned and its issuers as pending until confirmed', async () => {
  const source = await backupOf(async (s) => {
    await s.addTrustedIssuer(demo.publicKey, demoIssuerName);
    const report = await s.importFhir(sealEnvelope(bundle, demo), 'signed.json');
    assert.equal(report.source.verification, 'verified');
  });
  const target = await emptyVault();
  const restored = await target.restoreBackup(source.backup, source.key);
  assert.equal(restored.resources, 8);
  const [only] = (await target.summary()).sources;
  assert.equal(only.name, 'signed.json');
  assert.equal(only.verification, 'unsigned', 'a signature the vault cannot check again is not believed');
  assert.equal(only.issuerName, '');
  assert.deepEqual(await target.trustedIssuers(), []);
  assert.deepEqual(
    (await target.pendingIssuers()).map(({ keyId, name, publicKey }) => ({ keyId, name, publicKey })),
    [{ keyId: demo.keyId, name: demoIssuerName, publicKey: demo.publicKey }],
  );
  // Not trusted yet: the issuer's files are validly signed by a key the person has not confirmed.
  assert.equal((await target.importFhir(sealEnvelope(bundle, demo), 'again.json')).source.verification, 'unknown_issuer');

  assert.deepEqual(await target.confirmIssuer(demo.keyId), { keyId: demo.keyId });
  assert.deepEqual(await target.pendingIssuers(), []);
  assert.deepEqual((await target.trustedIssuers()).map((i) => i.keyId), [demo.keyId]);
  const signed = sealEnvelope(bundle, demo, { created: '2026-11-02T09:00:00+09:00' });
  assert.equal((await target.importFhir(signed, 'third.json')).source.verification, 'verified');
  await assert.rejects(target.confirmIssuer(demo.keyId), { code: 'INVALID_ARGUMENT', path: 'keyId' });
  await source.close();
  await target.close();
});

test('a crafted backup plants neither a trusted issuer nor a verified source', async () => {
  const source = await backupOf(async (s) => {
    await s.importFhir(bundle, 'plain.json');
  });
  const forged = craftBackup(source.tar, (files) => {
    editJson(files, 'sources.json', (sources) =>
      sources.map((s) => ({ ...s, verification: 'verified', issuerName: '東京大学医学部附属病院', issuerKeyId: demo.keyId })),
    );
    // The attacker's key under the demo issuer's key id and name.
    editJson(files, 'trusted-issuers.json', () => [
      { keyId: demo.keyId, name: demoIssuerName, publicKey: attacker.publicKey, addedAt: '2026-01-01T00:00:00.000Z' },
    ]);
  });
  const target = await emptyVault();
  await target.restoreBackup(await source.encrypt(forged), source.key);
  const [only] = (await target.summary()).sources;
  assert.equal(only.verification, 'unsigned');
  assert.equal(only.issuerName, '');
  assert.deepEqual(await target.trustedIssuers(), []);
  const pending = await target.pendingIssuers();
  assert.deepEqual(pending.map((i) => [i.keyId, i.publicKey]), [[attacker.keyId, attacker.publicKey]], 'the key id is the key\'s own');
  // The real demo issuer's files are not "verified" by the planted entry.
  assert.equal((await target.importFhir(sealEnvelope(bundle, demo), 'demo.json')).source.verification, 'unknown_issuer');
  await source.close();
  await target.close();
});

test('every part of a backup is listed in its manifest and hashed before anything is written', async () => {
  const source = await backupOf(async (s) => {
    await s.importFhir(bundle, 'plain.json');
  });
  const target = await emptyVault();
  const refuse = async (archive, part) => {
    await assert.rejects(target.restoreBackup(await source.encrypt(archive), source.key), (e) => {
      assert.equal(e.code, 'MALFORMED_INPUT');
      assert.ok(e.path.includes(part), `the error names ${part}: ${e.path}`);
      return true;
    });
    assert.equal((await target.summary()).total, 0, 'nothing was written');
  };
  // A part nobody listed.
  await refuse(craftBackup(source.tar, (files) => files.push({ name: 'notes.txt', data: Buffer.from('hello') })), 'notes.txt');
  // A part taken out of the manifest's list (its contents are then never hashed).
  await refuse(
    craftBackup(source.tar, (files) => {
      const manifest = files.find((f) => f.name === 'manifest.json');
      const parsed = JSON.parse(manifest.data.toString('utf8'));
      parsed.files = parsed.files.filter((f) => f.name !== 'lifelog.ndjson');
      manifest.data = Buffer.from(JSON.stringify(parsed));
    }),
    'lifelog.ndjson',
  );
  // A listed part missing.
  await refuse(craftBackup(source.tar, (files) => files.splice(files.findIndex((f) => f.name === 'history.ndjson'), 1)), 'history.ndjson');
  // The same name twice: which one would be read?
  await refuse(
    craftBackup(source.tar, (files) => files.push({ name: 'sources.json', data: files.find((f) => f.name === 'sources.json').data })),
    'sources.json',
  );
  // The honest backup still restores.
  assert.equal((await target.restoreBackup(source.backup, source.key)).resources, 8);
  await source.close();
  await target.close();
});

test('a wrong-typed field in sources.json is MALFORMED_INPUT naming it; the vault is unchanged and keeps working', async () => {
  const source = await backupOf(async (s) => {
    await s.importFhir(bundle, 'plain.json');
  });
  const target = await emptyVault();
  const bad = craftBackup(source.tar, (files) => editJson(files, 'sources.json', (sources) => sources.map((s) => ({ ...s, name: 5 }))));
  await assert.rejects(target.restoreBackup(await source.encrypt(bad), source.key), (e) => {
    assert.equal(e.code, 'MALFORMED_INPUT');
    assert.match(e.path, /sources\.json.*\[0\]\.name/);
    return true;
  });
  assert.equal((await target.summary()).total, 0);
  // The same for the parts read inside the transaction: a record whose resourceType is a
  // number, a lifelog line whose metric is a list.
  const badRecord = craftBackup(source.tar, (files) => {
    const part = files.find((f) => f.name === 'records.fhir.json');
    const parsed = JSON.parse(part.data.toString('utf8'));
    parsed.entry[0].resource.resourceType = 7;
    part.data = Buffer.from(JSON.stringify(parsed));
  });
  await assert.rejects(target.restoreBackup(await source.encrypt(badRecord), source.key), (e) => {
    assert.equal(e.code, 'MALFORMED_INPUT');
    assert.match(e.path, /records\.fhir\.json: Bundle\.entry\[0\]/);
    return true;
  });
  const badSample = craftBackup(source.tar, (files) => {
    files.find((f) => f.name === 'lifelog.ndjson').data = Buffer.from('{"source":0,"metric":["steps"]}\n');
  });
  await assert.rejects(target.restoreBackup(await source.encrypt(badSample), source.key), (e) => {
    assert.equal(e.code, 'MALFORMED_INPUT');
    assert.match(e.path, /lifelog\.ndjson line 1/);
    return true;
  });
  assert.equal((await target.summary()).total, 0);
  // No transaction was left open: a setting and the real restore both go through and persist.
  await target.addTrustedIssuer(demo.publicKey, demoIssuerName);
  assert.equal((await target.restoreBackup(source.backup, source.key)).resources, 8);
  await target.lock();
  await target.unlock('two');
  assert.equal((await target.summary()).total, 8);
  assert.deepEqual((await target.trustedIssuers()).map((i) => i.keyId), [demo.keyId]);
  await source.close();
  await target.close();
});
