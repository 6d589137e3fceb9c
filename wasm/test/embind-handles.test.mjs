// No Embind handle outlives the session: a representative workload (vault, import, every
// view, encrypt, decryptDigest, backup and restore, lock and unlock, close) leaves no C++
// class handle undeleted and no emval handle held, in any module instance the package
// made (lock retires an instance and starts another). How the handles are counted, and
// why that way: test/embind-tracker.mjs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { liveCounts, trackedPackage } from './embind-tracker.mjs';
import { readRepoFile, syntheaFiles } from './helpers.mjs';

const fast = { kdfOps: 2, kdfMemBytes: 19 << 20 };
const nothingLive = { liveClassHandles: {}, emvalHandles: 0, inheritedInstances: 0 };
const withoutMade = ({ made, ...counts }) => counts;

let tracked;
before(async () => {
  tracked = await trackedPackage();
});
after(() => tracked?.cleanup());

test('the counter sees a handle that is not deleted, and sees it go', async () => {
  const before = tracked.instances.length;
  const session = await tracked.index.openSession({ storage: 'memory' });
  const [counts] = liveCounts(tracked.instances.slice(before));
  assert.deepEqual(counts.liveClassHandles, { Session: 1 }, 'an open session holds its Session handle');
  await session.close();
  assert.deepEqual(liveCounts(tracked.instances.slice(before)).map(withoutMade), [nothingLive]);
});

test('after a representative workload and close, no class handle is live and no emval handle held', async () => {
  const first = tracked.instances.length;
  const { openSession } = tracked.index;
  const session = await openSession({ storage: 'memory' });
  const { recoveryKey } = await session.createVault('embind 合言葉', fast);
  await session.importFile(await readRepoFile(syntheaFiles.matt), 'matt.json');
  const { people } = await session.people();
  const person = people[0].id;
  assert.ok((await session.medications({ person })).current.length > 0);
  for (const view of ['labs', 'checkups', 'ehrSummary', 'immunizations', 'safety', 'emergency']) await session[view]({ person });
  await session.summary();
  await session.records({ limit: 10 });

  const plain = new TextEncoder().encode('a note only I should read\n'.repeat(5000));
  const { recipient, identity } = await session.generateIdentity();
  const sealed = await session.encrypt(plain, { recipients: [recipient] });
  assert.equal((await session.decryptDigest(sealed, { identity })).plaintextBytes, plain.length);
  await assert.rejects(session.decryptDigest(sealed.subarray(0, 100), { identity }));  // a failing job must be deleted too

  const backup = await session.exportBackup({ recoveryKey: true });
  await session.lock();
  await session.unlock('embind 合言葉');
  await session.close();

  // A second session restores the backup into a vault of its own.
  const other = await openSession({ storage: 'memory' });
  await other.createVault('another', fast);
  assert.ok((await other.restoreBackup(backup, { identity: recoveryKey })).resources > 0);
  await other.lock();
  await other.close();

  const counts = liveCounts(tracked.instances.slice(first));
  assert.ok(counts.length >= 4, `lock retires an instance: ${counts.length} made`);
  const made = counts.reduce((n, c) => n + c.made, 0);
  console.log(`embind: ${counts.length} module instances, ${made} class handles made; live after close: ${JSON.stringify(counts.map(withoutMade))}`);
  assert.ok(made >= counts.length + 4, 'the workload made its jobs as well as its sessions');
  assert.deepEqual(counts.map(withoutMade), counts.map(() => nothingLive));
});
