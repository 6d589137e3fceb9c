// What a hostile age file may cost before its MAC can be checked, through the public API:
// a header of many short lines is refused at the first stanza past the cap, and scrypt
// work factors above 2^18 are refused before any work unless the caller opts in.
// (How long the scan takes is a row of scripts/bench, not an assertion here.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { openSession } from '../dist/index.js';
import { ageVectors } from './age-vectors.mjs';
import { wasmBinary } from './helpers.mjs';

let session;
before(async () => {
  session = await openSession({ worker: false, wasmBinary });
});
after(() => session.close());

const b64 = (bytes) => Buffer.from(bytes).toString('base64').replace(/=+$/, '');

/** ASCII armor as age writes it: 64 columns of padded base64. */
function armor(binary) {
  const text = Buffer.from(binary).toString('base64');
  const lines = text.match(/.{1,64}/g) ?? [];
  return Buffer.from(['-----BEGIN AGE ENCRYPTED FILE-----', ...lines, '-----END AGE ENCRYPTED FILE-----', ''].join('\n'));
}

/** An age file whose header holds `stanzas` (text), a MAC no key can check, then a payload. */
function ageFile(stanzas) {
  const header = `age-encryption.org/v1\n${stanzas}--- ${b64(new Uint8Array(32))}\n`;
  return Buffer.concat([Buffer.from(header), new Uint8Array(16 + 17)]);
}

const scryptFile = (logN) => ageFile(`-> scrypt ${b64(new Uint8Array(16).fill(7))} ${logN}\n${b64(new Uint8Array(32).fill(1))}\n`);

async function rejectsWith(promise, code, pattern) {
  await assert.rejects(promise, (error) => {
    assert.equal(error.code, code, `${error.code}: ${error.message}`);
    if (pattern) assert.match(error.message, pattern);
    return true;
  });
}

test('an armored header of 512 KiB of short stanza lines is refused for its stanza count', async () => {
  const file = armor(ageFile('-> a\n\n'.repeat(Math.ceil((512 * 1024) / 6))));
  assert.ok(file.length > 512 * 1024);
  const { identity } = await session.generateIdentity();
  await rejectsWith(session.decryptDigest(file, { identity }), 'AGE_HEADER', /more than 256 recipient stanzas/);
  // The session is fine afterwards.
  const cctv = ageVectors().find((v) => v.name === 'armor_x25519');
  assert.equal((await session.decryptDigest(cctv.file, { identity: cctv.identities[0] })).sha256, cctv.payloadSha256);
});

test('a binary header with 257 stanzas is refused; the CCTV multi-recipient file still opens', async () => {
  const { identity } = await session.generateIdentity();
  await rejectsWith(session.decryptDigest(ageFile('-> grease\n\n'.repeat(257)), { identity }), 'AGE_HEADER', /more than 256/);
  const cctv = ageVectors().find((v) => v.name === 'x25519_multiple_recipients');
  assert.equal((await session.decryptDigest(cctv.file, { identity: cctv.identities[0] })).sha256, cctv.payloadSha256);
});

for (const logN of [19, 20]) {
  test(`a passphrase file asking for scrypt 2^${logN} is refused before any work, naming the opt-in`, async () => {
    await rejectsWith(session.decryptDigest(scryptFile(logN), { passphrase: 'password' }), 'AGE_HEADER',
      new RegExp(`work factor 2\\^${logN} .*maxScryptLogN`));
  });
}

test('maxScryptLogN is the caller\'s explicit limit: lower refuses, equal opens, out of range is refused', async () => {
  const v = ageVectors().find((vector) => vector.name === 'scrypt');  // work factor 2^10
  await rejectsWith(session.decryptDigest(v.file, { passphrase: 'password', maxScryptLogN: 9 }), 'AGE_HEADER', /2\^10/);
  assert.equal((await session.decryptDigest(v.file, { passphrase: 'password', maxScryptLogN: 10 })).sha256, v.payloadSha256);
  assert.equal((await session.decryptDigest(v.file, { passphrase: 'password' })).sha256, v.payloadSha256);
  for (const maxScryptLogN of [0, 21, 18.5, '18', -1]) {
    await rejectsWith(session.decryptDigest(v.file, { passphrase: 'password', maxScryptLogN }), 'INVALID_ARGUMENT', /maxScryptLogN/);
  }
});

test('an import through importFile keeps the same limit, and stores nothing', async () => {
  const vault = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  try {
    await vault.createVault('合言葉 2026');  // default costs: whatever minimum the vault enforces
    await rejectsWith(vault.importFile(scryptFile(20), 'labs.json.age', { passphrase: 'password' }), 'AGE_HEADER', /maxScryptLogN/);
    assert.equal((await vault.summary()).total, 0);
  } finally {
    await vault.close();
  }
});
