// Locking leaves no plaintext behind: not the keys alone, but the SQLite page cache, the
// views' results and the passphrase's copies, which all live in the module's memory. The
// test records every wasm memory the package creates (by watching WebAssembly.instantiate,
// as a debugger could read it) and searches each one for what the person's vault held.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openSession } from '../dist/index.js';
import { readRepoFile, syntheaFiles, wasmBinary } from './helpers.mjs';

const memories = [];
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function (...args) {
  const result = await instantiate.apply(this, args);
  const instance = result.instance ?? result;
  for (const value of Object.values(instance.exports)) {
    if (value instanceof WebAssembly.Memory) memories.push(value);
  }
  return result;
};

const fast = { kdfOps: 2, kdfMemBytes: 19 << 20 };
const PASSPHRASE = 'lock-wipe 合言葉 7731';
const encoder = new TextEncoder();

function contains(memory, text) {
  return Buffer.from(memory.buffer).indexOf(Buffer.from(encoder.encode(text))) !== -1;
}

function memoriesHolding(text) {
  return memories.filter((memory) => contains(memory, text)).length;
}

test('after lock no wasm memory holds the records read or the passphrase', async () => {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await session.createVault(PASSPHRASE, fast);
  await session.importFhir(await readRepoFile(syntheaFiles.luigi), 'luigi.json');
  const page = await session.records({ limit: 1000 });
  const shown = page.records.map((record) => record.display).find((display) => display && display.length > 12);
  assert.ok(shown, 'a record with a display text');
  // The check can fail: while the vault is open the plaintext is in the module's memory.
  assert.ok(memoriesHolding(shown) > 0, 'the open vault holds its records in wasm memory');

  await session.lock();
  assert.equal(memoriesHolding(shown), 0, `"${shown}" is still in wasm memory after lock`);
  assert.equal(memoriesHolding(PASSPHRASE), 0, 'the passphrase is still in wasm memory after lock');

  // The session goes on: unlock again, the records are there, a write commits.
  await session.unlock(PASSPHRASE);
  const again = await session.records({ limit: 1000 });
  assert.equal(again.records.length, page.records.length);
  await session.importFhir(await readRepoFile(syntheaFiles.matt), 'matt.json');
  await session.lock();
  await session.unlock(PASSPHRASE);
  assert.ok((await session.records({ limit: 1000 })).records.length > page.records.length);
  await session.close();
});
