// Each person's own keys and the relationship the person sets, through the public API
// (issue 14, item 1). The age round trip with the stored identity is a native test: the
// identity never leaves the core.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';

import { openSession } from '../dist/index.js';
import { wasmBinary } from './helpers.mjs';

const fast = { kdfOps: 2, kdfMemBytes: 19 << 20 };

async function family() {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await session.createVault('家族の鍵 2026', fast);
  const parent = await session.addPerson({ name: '山田 太郎', birthDate: '1980-04-01', sex: 'male' });
  const child = await session.addPerson({ name: '山田 花子', birthDate: '2015-05-05', sex: 'female' });
  const grandmother = await session.addPerson({ name: '山田 梅', birthDate: '1950-01-01' });
  return { session, parent, child, grandmother };
}

test('every person has keys of their own, the same after locking and unlocking', async () => {
  const { session, parent, child, grandmother } = await family();
  const keys = [];
  for (const person of [parent, child, grandmother]) {
    const k = await session.profileKeys({ person: person.id });
    assert.deepEqual(Object.keys(k).sort(), ['ageRecipient', 'createdAt', 'keyId', 'person', 'signingPublicKey']);
    assert.equal(k.person, person.id);
    assert.match(k.ageRecipient, /^age1[02-9ac-hj-np-z]{58}$/);
    const publicKey = Buffer.from(k.signingPublicKey, 'base64');
    assert.equal(publicKey.length, 32);
    assert.equal(publicKey.toString('base64'), k.signingPublicKey);
    assert.equal(k.keyId, 'ed25519:' + createHash('sha256').update(publicKey).digest('hex').slice(0, 32));
    keys.push(k);
  }
  assert.equal(new Set(keys.map((k) => k.ageRecipient)).size, 3);
  assert.equal(new Set(keys.map((k) => k.signingPublicKey)).size, 3);

  // The recipient is one the core's age encrypts to; the signing key one it can trust.
  const sealed = await session.encrypt(new TextEncoder().encode('共有'), { recipients: [keys[1].ageRecipient] });
  assert.ok(sealed.byteLength > 0);
  assert.deepEqual(await session.addTrustedIssuer(keys[0].signingPublicKey, '山田 太郎'), { keyId: keys[0].keyId });

  await session.lock();
  await session.unlock('家族の鍵 2026');
  for (const k of keys) assert.deepEqual(await session.profileKeys({ person: k.person }), k);
  await session.close();
});

test('keys need an encrypted vault and a person it has', async () => {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await session.addPerson({ name: '仮 一郎', birthDate: '1990-01-01' });
  await assert.rejects(session.profileKeys({ person: 1 }), { code: 'UNSUPPORTED', path: 'query.person' });
  await session.close();

  const { session: vault } = await family();
  await assert.rejects(vault.profileKeys({ person: 999 }), { code: 'INVALID_ARGUMENT', path: 'query.person' });
  await assert.rejects(vault.profileKeys({ person: 'me' }), { code: 'INVALID_ARGUMENT', path: 'query.person' });
  await assert.rejects(vault.profileKeys({}), { code: 'INVALID_ARGUMENT', path: 'query.person' });
  await vault.close();
});

test('the relationship the person sets wins over the guess and persists', async () => {
  const { session, parent, child, grandmother } = await family();
  assert.deepEqual([parent.relationship, child.relationship, grandmother.relationship], ['self', 'child', 'dependent']);

  const set = await session.setRelationship({ person: child.id, relationship: 'other' });
  assert.deepEqual(set, { ...child, relationship: 'other' });
  await session.setRelationship({ person: parent.id, relationship: 'self' });
  await session.lock();
  await session.unlock('家族の鍵 2026');
  const { people } = await session.people();
  assert.deepEqual(people.map((p) => [p.name, p.relationship]),
    [['山田 太郎', 'self'], ['山田 梅', 'dependent'], ['山田 花子', 'other']]);
  await session.close();
});

test('a wrong relationship is INVALID_ARGUMENT naming the field, and nothing changes', async () => {
  const { session, parent, child } = await family();
  for (const relationship of ['dependant', 'parent', '', 'Child']) {
    await assert.rejects(session.setRelationship({ person: child.id, relationship }),
      { code: 'INVALID_ARGUMENT', path: 'request.relationship' }, relationship);
  }
  await assert.rejects(session.setRelationship({ person: child.id, relationship: 7 }),
    { code: 'INVALID_ARGUMENT', path: 'request.relationship' });
  await assert.rejects(session.setRelationship({ person: child.id, relationship: 'self' }),
    { code: 'INVALID_ARGUMENT', path: 'request.relationship' });
  await assert.rejects(session.setRelationship({ person: parent.id, relationship: 'child' }),
    { code: 'INVALID_ARGUMENT', path: 'request.relationship' });
  await assert.rejects(session.setRelationship({ person: 999, relationship: 'child' }),
    { code: 'INVALID_ARGUMENT', path: 'request.person' });
  const { people } = await session.people();
  assert.deepEqual(people.map((p) => p.relationship), ['self', 'dependent', 'child']);
  await session.close();
});
