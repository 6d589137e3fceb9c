// Memory storage's copy of the vault directory as of the last commit (committed-copy.ts):
// brought up to date from the writes it noted, it must hold exactly the bytes a whole
// copy would, whatever the module did to its files in between.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import createTechoModule from '../dist/techo_core.mjs';
import { CommittedCopy } from '../dist/committed-copy.js';
import { openSession } from '../dist/index.js';
import { readRepoFile, syntheaFiles, wasmBinary } from './helpers.mjs';

function wholeCopy(FS, dir) {
  const files = {};
  for (const name of FS.readdir(dir)) if (name !== '.' && name !== '..') files[name] = FS.readFile(`${dir}/${name}`);
  return files;
}

function assertSame(copy, FS, dir, step) {
  const kept = copy.update({ FS }, dir);
  const whole = wholeCopy(FS, dir);
  assert.deepEqual(Object.keys(kept).sort(), Object.keys(whole).sort(), step);
  for (const name of Object.keys(whole)) assert.ok(Buffer.from(kept[name]).equals(Buffer.from(whole[name])), `${step}: ${name}`);
}

test('the copy follows writes, growth, truncation, replacement and deletion byte for byte', async () => {
  const module = await createTechoModule({ wasmBinary });
  const { FS } = module;
  FS.mkdir('/v');
  const copy = new CommittedCopy();
  copy.watch(module);
  const write = (path, bytes, position) => {
    const stream = FS.open(path, 'r+');
    FS.write(stream, bytes, 0, bytes.length, position);
    FS.close(stream);
  };
  const fill = (n, v) => new Uint8Array(n).fill(v);
  FS.writeFile('/v/db', fill(10000, 1));
  assertSame(copy, FS, '/v', 'first, whole');
  write('/v/db', fill(100, 2), 500);
  write('/v/db', fill(100, 3), 600);  // adjacent: merged
  write('/v/db', fill(10, 4), 9995);  // past the end: growth
  assertSame(copy, FS, '/v', 'writes and growth');
  // Followed, not copied whole again: the same buffer, brought up to date in place.
  const before = copy.current().db.buffer;
  write('/v/db', fill(1, 8), 0);
  assertSame(copy, FS, '/v', 'one byte');
  assert.equal(copy.current().db.buffer, before);
  for (let i = 0; i < 50; i++) write('/v/db', fill(4096, i), 10005 + i * 4096);  // grows past the room kept
  assertSame(copy, FS, '/v', 'growth past the room');
  FS.truncate('/v/db', 3000);
  assertSame(copy, FS, '/v', 'truncated');
  FS.truncate('/v/db', 1000);
  FS.truncate('/v/db', 8000);  // zeros no write put there
  write('/v/db', fill(10, 9), 7000);
  assertSame(copy, FS, '/v', 'truncated, then grown');
  FS.writeFile('/v/db-journal', fill(5000, 7));
  assertSame(copy, FS, '/v', 'a second file');
  FS.unlink('/v/db-journal');
  assertSame(copy, FS, '/v', 'deleted');
  FS.writeFile('/v/other', fill(300, 5));
  FS.rename('/v/other', '/v/db');  // another node under the same name
  assertSame(copy, FS, '/v', 'replaced');
  write('/v/db', fill(3, 6), 298);
  assertSame(copy, FS, '/v', 'after replacement');
});

test('an encrypted vault handed over after many imports opens with every import in it', async () => {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await session.createVault('合言葉', { kdfOps: 2, kdfMemBytes: 19 << 20 });
  for (const name of ['luigi', 'matt']) await session.importFile(await readRepoFile(syntheaFiles[name]), `${name}.json`);
  const counts = (await session.summary()).counts;
  await session.lock();  // a fresh instance over the copy
  await session.unlock('合言葉');
  assert.deepEqual((await session.summary()).counts, counts);
  await session.close();
});
