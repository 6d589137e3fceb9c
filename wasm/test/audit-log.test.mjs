// The disclosure log through the public API (issue 14, item 7): what the vault does is
// logged, the log verifies, and its head rides in the authenticated header. The tamper
// tests (edit, delete, reorder, truncate, forged checkpoints) are native: they need SQL on
// the open vault (native_tests/vault_audit_log_test.cpp).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openSession } from '../dist/index.js';
import { readRepoFile, syntheaFiles, wasmBinary } from './helpers.mjs';

const fast = { kdfOps: 2, kdfMemBytes: 19 << 20 };
const open = () => openSession({ worker: false, wasmBinary, storage: 'memory' });

async function everything(session) {
  const entries = [];
  let cursor;
  do {
    const page = await session.auditLog(cursor === undefined ? { limit: 3 } : { limit: 3, cursor });
    entries.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return entries.reverse();
}

/** The JSON of the header slot with the higher generation. */
function newestHeader(file) {
  const slots = [0, 1].map((i) => {
    const view = new DataView(file.buffer, file.byteOffset + i * 2048, 2048);
    const length = view.getUint32(16, true);
    const json = new TextDecoder().decode(file.subarray(i * 2048 + 20, i * 2048 + 20 + length));
    return { generation: view.getBigUint64(8, true), fields: JSON.parse(json) };
  });
  return slots[0].generation > slots[1].generation ? slots[0].fields : slots[1].fields;
}

test('unlocks, the wrong passphrase before one, imports, exports, backups and passphrase changes are logged and verify', async () => {
  const session = await open();
  await session.createVault('記録の鍵 2026', fast);
  await session.importFhir(await readRepoFile(syntheaFiles.luigi), 'luigi.json');
  await session.lock();
  await assert.rejects(session.unlock('違う合言葉'), { code: 'WRONG_KEY' });
  const opened = await session.unlock('記録の鍵 2026');
  // The generation as found on disk: the unlock's own entry commits a generation later.
  assert.ok((await session.vaultStatus()).generation > opened.generation);
  await session.exportLifelog({ metrics: ['body-weight'], format: 'fhir' });
  const backup = await session.exportBackup({ recoveryKey: true });
  await session.changePassphrase('新しい鍵 2026', fast);

  const entries = await everything(session);
  assert.deepEqual(entries.map((e) => e.action),
    ['create', 'import', 'unlock_failed', 'unlock', 'export', 'backup', 'passphrase_change']);
  assert.deepEqual(entries.map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(entries[1].detail.source, 'luigi.json');
  assert.equal(entries[1].detail.resources, 61);
  assert.deepEqual(entries[2].detail, { method: 'passphrase' });
  assert.ok(entries[2].at <= entries[3].at);
  assert.equal(entries[4].detail.what, 'lifelog');
  assert.equal(entries[5].detail.resources, 61);
  for (const e of entries) assert.match(e.hash, /^[0-9a-f]{64}$/);

  const report = await session.verifyAuditLog();
  assert.deepEqual(report, { ok: true, entries: 7, checkpoints: 1, bound: true, signedThrough: 4, problems: [] });

  assert.ok(backup.byteLength > 0);
  await session.close();
});

test('a backup restored into another vault is logged there', async () => {
  const first = await open();
  const { recoveryKey } = await first.createVault('一つ目 2026', fast);
  await first.importFhir(await readRepoFile(syntheaFiles.luigi), 'luigi.json');
  const backup = await first.exportBackup({ recoveryKey: true });
  await first.close();

  const second = await open();
  await second.createVault('二つ目 2026', fast);
  await second.restoreBackup(backup, { identity: recoveryKey });
  const entries = await everything(second);
  assert.deepEqual(entries.map((e) => e.action), ['create', 'restore']);
  assert.equal(entries[1].detail.resources, 61);
  assert.equal((await second.verifyAuditLog()).ok, true);
  await second.close();
});

test('the log head is in the authenticated header and survives lock and unlock', async () => {
  const session = await open();
  await session.createVault('記録の鍵 2026', fast);
  await session.importFhir(await readRepoFile(syntheaFiles.luigi), 'luigi.json');
  await session.lock();
  await session.unlock('記録の鍵 2026');
  const [newest] = (await session.auditLog({ limit: 1 })).entries;
  await session.lock();
  const header = newestHeader(await session.vaultFile());
  assert.deepEqual(header.commit.auditLog, {
    entries: newest.seq,
    head: Buffer.from(newest.hash, 'hex').toString('base64'),
    checkpoint: newest.seq,  // each unlock signs one, once there is an account holder
  });
  await session.unlock('記録の鍵 2026');
  const report = await session.verifyAuditLog();
  assert.equal(report.ok, true, JSON.stringify(report.problems));
  assert.equal(report.entries, newest.seq + 1);
  assert.equal(report.signedThrough, newest.seq + 1);
  await session.close();
});

test('an in-memory session hash-chains its log but has no header to bind it to', async () => {
  const session = await open();  // ':memory:', unencrypted
  await session.importFhir(await readRepoFile(syntheaFiles.luigi), 'luigi.json');
  const page = await session.auditLog();
  assert.deepEqual(page.entries.map((e) => e.action), ['import']);
  assert.equal(page.nextCursor, null);
  assert.deepEqual(await session.verifyAuditLog(), { ok: true, entries: 1, checkpoints: 0, bound: false, signedThrough: 0, problems: [] });
  await assert.rejects(session.auditLog({ limit: 0 }), { code: 'INVALID_ARGUMENT', path: 'query.limit' });
  await session.close();
});
