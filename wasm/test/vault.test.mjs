// The encrypted vault through the public API on the wasm build (in memory under Node; the
// browser test covers IndexedDB persistence and the writer lock).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { openSession } from '../dist/index.js';
import { readRepoFile, syntheaFiles, wasmBinary } from './helpers.mjs';

const fast = { kdfOps: 2, kdfMemBytes: 19 << 20 };

test('create, import, lock, unlock: the records survive and wrong keys are named', async () => {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  assert.deepEqual(await session.vaultStatus(), { exists: false, open: false, recoveryRecipient: '' });
  const { recoveryKey, recoveryRecipient, vaultId, generation } = await session.createVault('合言葉 2026', fast);
  assert.match(recoveryKey, /^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
  assert.deepEqual(await session.vaultStatus(), { exists: true, open: true, recoveryRecipient, vaultId, generation });

  await session.importFhir(await readRepoFile(syntheaFiles.luigi), 'luigi.json');
  await session.lock();
  await assert.rejects(session.summary(), { code: 'INVALID_ARGUMENT' });
  await assert.rejects(session.unlock('違う'), { code: 'WRONG_KEY', message: 'wrong passphrase (at vault header)' });
  await session.unlock('合言葉 2026');
  assert.equal((await session.summary()).total, 61);

  await session.changePassphrase('新しい合言葉', fast);
  await session.lock();
  await assert.rejects(session.unlock('合言葉 2026'), { code: 'WRONG_KEY' });
  await session.unlockWithRecovery(recoveryKey);
  assert.equal((await session.summary()).counts.Immunization, 12);
  await session.close();
});

test('a backup to the recovery key opens with age and tar, and restores into a new vault', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'techo-backup-'));
  try {
    const first = await openSession({ worker: false, wasmBinary, storage: 'memory' });
    const { recoveryKey } = await first.createVault('one', fast);
    await first.importFhir(await readRepoFile(syntheaFiles.matt), 'matt.json');
    const before = await first.summary();
    const backup = await first.exportBackup({ recoveryKey: true });
    await first.close();

    writeFileSync(join(dir, 'backup.age'), backup);
    writeFileSync(join(dir, 'recovery.txt'), `${recoveryKey}\n`);
    execFileSync('bash', ['-c', 'age -d -i recovery.txt backup.age | tar x'], { cwd: dir });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    assert.equal(manifest.counts.resources, 285);
    assert.equal(JSON.parse(readFileSync(join(dir, 'records.fhir.json'), 'utf8')).entry.length, 285);

    const second = await openSession({ worker: false, wasmBinary, storage: 'memory' });
    await second.createVault('two', fast);
    const report = await second.restoreBackup(backup, { identity: recoveryKey });
    assert.equal(report.resources, 285);
    assert.equal(report.contentSha256, manifest.contentSha256);
    const after = await second.summary();
    assert.deepEqual(after.counts, before.counts);
    assert.deepEqual(after.sources.map((s) => [s.name, s.importedAt]), before.sources.map((s) => [s.name, s.importedAt]));
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a passphrase backup restores with its passphrase only', async () => {
  const first = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await first.createVault('one', fast);
  await first.importFhir(await readRepoFile('assets/demo/yamada-hanako.fhir.json'), 'demo.json');
  const backup = await first.exportBackup({ passphrase: 'backup pass', scryptLogN: 12 });
  await first.close();
  const second = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await second.createVault('two', fast);
  await assert.rejects(second.restoreBackup(backup, { passphrase: 'nope' }), { code: 'AGE_NO_MATCH' });
  assert.equal((await second.summary()).total, 0);
  assert.equal((await second.restoreBackup(backup, { passphrase: 'backup pass' })).resources, 8);
  await second.close();
});
