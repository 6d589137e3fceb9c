// The CCTV age vectors through the public API, on the wasm build: the right category for
// every failure, the right plaintext (SHA-256) for every success.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { openSession } from '../dist/index.js';
import { ageVectors, expectedCode } from './age-vectors.mjs';
import { wasmBinary } from './helpers.mjs';

let session;
before(async () => {
  session = await openSession({ worker: false, wasmBinary });
});
after(() => session.close());

const vectors = ageVectors();

test('the vector set is complete: 124 classical vectors run, 19 post-quantum skipped', () => {
  assert.equal(vectors.length, 143);
  assert.equal(vectors.filter((v) => v.postQuantum).length, 19);
});

for (const v of vectors.filter((v) => !v.postQuantum)) {
  test(`cctv ${v.name}: ${v.expect}`, async () => {
    const key = {};
    if (v.identities.length) key.identity = v.identities.join('\n');
    if (v.passphrases.length) key.passphrase = v.passphrases[0];
    // A few vectors name no key: they fail before any key matters. The API requires one.
    if (!key.identity && !key.passphrase) key.identity = (await session.generateIdentity()).identity;
    if (v.expect === 'success') {
      const digest = await session.decryptDigest(v.file, key);
      assert.equal(digest.sha256, v.payloadSha256);
      return;
    }
    await assert.rejects(session.decryptDigest(v.file, key), (error) => {
      assert.equal(error.code, expectedCode[v.expect], `${error.code}: ${error.message}`);
      return true;
    });
  });
}
