// The vault file against someone who can rewrite it, through the public API on the wasm
// build: the stored bytes come out with vaultFile() and go back with replaceVaultFile(),
// as a Node app keeps its vault between runs, or as an attacker with access to storage.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';

import { openSession } from '../dist/index.js';
import { readRepoFile, syntheaFiles, wasmBinary } from './helpers.mjs';

const fast = { kdfOps: 2, kdfMemBytes: 19 << 20 };
const SLOT = 2048;
const HEADER = 4096;
const PAGE = 4096;

const open = () => openSession({ worker: false, wasmBinary, storage: 'memory' });

function readSlot(file, index) {
  const view = new DataView(file.buffer, file.byteOffset + index * SLOT, SLOT);
  const length = view.getUint32(16, true);
  const json = new TextDecoder().decode(file.subarray(index * SLOT + 20, index * SLOT + 20 + length));
  return { generation: view.getBigUint64(8, true), fields: JSON.parse(json) };
}

/** Rewrites a slot's JSON and its integrity digest, as anyone can; the MAC stays as it was. */
function writeSlot(file, index, slot) {
  const at = index * SLOT;
  const oldLength = new DataView(file.buffer, file.byteOffset + at).getUint32(16, true);
  const tail = file.slice(at + 20 + oldLength + 32, at + SLOT);
  const json = new TextEncoder().encode(JSON.stringify(slot.fields));
  const body = new Uint8Array(12 + json.length);
  new DataView(body.buffer).setBigUint64(0, slot.generation, true);
  new DataView(body.buffer).setUint32(8, json.length, true);
  body.set(json, 12);
  const digest = createHash('sha256').update(body).digest();
  const rebuilt = new Uint8Array(SLOT);
  rebuilt.set(new TextEncoder().encode('TECHOVLT'), 0);
  rebuilt.set(body, 8);
  rebuilt.set(digest, 20 + json.length);
  rebuilt.set(tail.subarray(0, SLOT - (20 + json.length + 32)), 20 + json.length + 32);
  file.set(rebuilt, at);
}

async function vaultWithRecords() {
  const session = await open();
  await session.createVault('合言葉 2026', fast);
  await session.importFhir(await readRepoFile(syntheaFiles.luigi), 'luigi.json');
  return session;
}

test('unlock names the vault and its generation, which rises with every commit', async () => {
  const session = await vaultWithRecords();
  await session.lock();
  const first = await session.unlock('合言葉 2026');
  assert.match(first.vaultId, /^[0-9a-f]{32}$/);
  assert.equal(typeof first.generation, 'number');
  assert.equal(first.olderThanSeen, undefined);
  await session.importFhir(await readRepoFile(syntheaFiles.matt), 'matt.json');
  const status = await session.vaultStatus();
  assert.equal(status.vaultId, first.vaultId);
  assert.ok(status.generation > first.generation, `${status.generation} > ${first.generation}`);
  await session.close();
});

test('a whole older copy of the vault opens, and unlock says it is older than one seen', async () => {
  const session = await vaultWithRecords();
  await session.lock();
  const older = await session.vaultFile();
  const seen = await session.unlock('合言葉 2026');
  await session.importFhir(await readRepoFile(syntheaFiles.matt), 'matt.json');
  const newest = (await session.vaultStatus()).generation;
  await session.lock();
  await session.replaceVaultFile(older);
  const opened = await session.unlock('合言葉 2026');
  assert.equal(opened.generation, seen.generation);
  assert.deepEqual(opened.olderThanSeen, { seen: newest, opened: seen.generation });
  assert.equal((await session.summary()).total, 61);
  await session.close();
});

test('the header is authenticated: a recovery recipient put in by someone else is refused', async () => {
  const session = await vaultWithRecords();
  await session.lock();
  const file = await session.vaultFile();
  const attacker = (await session.generateIdentity()).recipient;
  for (const index of [0, 1]) {
    const slot = readSlot(file, index);
    slot.fields.recoveryRecipient = attacker;
    writeSlot(file, index, slot);
  }
  await session.replaceVaultFile(file);
  await assert.rejects(session.unlock('合言葉 2026'), { code: 'VAULT_CORRUPT' });
  await session.close();
});

test('forged key-derivation costs are refused before any work', async () => {
  const session = await vaultWithRecords();
  await session.lock();
  const file = await session.vaultFile();
  for (const index of [0, 1]) {
    const slot = readSlot(file, index);
    slot.fields.kdf.ops = 1000000;
    writeSlot(file, index, slot);
  }
  await session.replaceVaultFile(file);
  await assert.rejects(session.unlock('合言葉 2026'), { code: 'VAULT_CORRUPT', path: 'vault header.kdf' });
  await session.close();
});

test('pages from an older version under the newer header are refused, never shown', async () => {
  const session = await vaultWithRecords();
  await session.lock();
  const older = await session.vaultFile();
  await session.unlock('合言葉 2026');
  await session.importFhir(await readRepoFile(syntheaFiles.matt), 'matt.json');
  await session.lock();
  const newer = await session.vaultFile();
  const mixed = new Uint8Array(newer.length);
  mixed.set(newer.subarray(0, HEADER), 0);
  mixed.set(older.subarray(HEADER, Math.min(older.length, newer.length)), HEADER);
  await session.replaceVaultFile(mixed);
  await assert.rejects(
    (async () => {
      await session.unlock('合言葉 2026');
      return session.summary();
    })(),
    { code: 'VAULT_CORRUPT' },
  );
  // The newer file itself still opens with every record.
  await session.replaceVaultFile(newer);
  await session.unlock('合言葉 2026');
  assert.equal((await session.summary()).total, 61 + 285);
  await session.close();
});

test('after a passphrase change, no slot of the stored file opens with the old passphrase', async () => {
  const session = await vaultWithRecords();
  await session.changePassphrase('新しい合言葉', { ...fast, rotateDataKey: true });
  await session.importFhir(await readRepoFile(syntheaFiles.matt), 'matt.json');
  await session.lock();
  const file = await session.vaultFile();
  for (const keep of [0, 1]) {
    const copy = file.slice();
    copy.fill(0, (1 - keep) * SLOT, (2 - keep) * SLOT);
    await session.replaceVaultFile(copy);
    await assert.rejects(session.unlock('合言葉 2026'), { code: 'WRONG_KEY' }, `slot ${keep}`);
    await session.unlock('新しい合言葉');
    assert.equal((await session.summary()).total, 61 + 285);
    await session.lock();
  }
  assert.ok(file.length > HEADER + PAGE);
  await session.close();
});

test('weak or wrong-typed key-derivation options are refused with the field named', async () => {
  const session = await open();
  await assert.rejects(session.createVault('合言葉 2026', { kdfOps: 1, kdfMemBytes: 8192 }), { code: 'INVALID_ARGUMENT', path: 'kdf' });
  await assert.rejects(session.createVault('合言葉 2026', { kdfOps: 'three' }), { code: 'INVALID_ARGUMENT', path: 'options.kdfOps' });
  assert.deepEqual(await session.vaultStatus(), { exists: false, open: false, recoveryRecipient: '' });
  await session.createVault('合言葉 2026', fast);
  await assert.rejects(session.changePassphrase('x', { rotateDataKey: 'yes' }), { code: 'INVALID_ARGUMENT', path: 'options.rotateDataKey' });
  await session.close();
});
