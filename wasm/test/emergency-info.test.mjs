// The emergency card's own entries through the public npm API (issue 15, item 7): a person
// saves their emergency contacts and care wishes, the card shows them (each person's on
// their own card only), a backup brings them back, an emergency share package carries
// them, and bad input is a clear error after which the next call works.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { openSession, verifySharePackage } from '../dist/index.js';
import { wasmBinary } from './helpers.mjs';

const fast = { kdfOps: 2, kdfMemBytes: 19 << 20 };
const today = '2026-11-21';

const family = {
  resourceType: 'Bundle',
  type: 'collection',
  entry: [
    { fullUrl: 'urn:uuid:mother', resource: { resourceType: 'Patient', id: 'mother', name: [{ text: '川村 さくら' }], birthDate: '1980-03-03' } },
    { fullUrl: 'urn:uuid:son', resource: { resourceType: 'Patient', id: 'son', name: [{ text: '川村 陽太' }], birthDate: '2016-08-08' } },
    { resource: { resourceType: 'AllergyIntolerance', id: 'a1', patient: { reference: 'urn:uuid:mother' }, code: { text: 'そば' } } },
    { resource: { resourceType: 'AllergyIntolerance', id: 'a2', patient: { reference: 'urn:uuid:son' }, code: { text: '卵' } } },
    { resource: { resourceType: 'MedicationRequest', id: 'm1', status: 'active', intent: 'order', subject: { reference: 'urn:uuid:mother' },
      authoredOn: '2026-11-01', medicationCodeableConcept: { text: 'ワーファリン錠1mg' } } },
    { resource: { resourceType: 'MedicationRequest', id: 'm2', status: 'active', intent: 'order', subject: { reference: 'urn:uuid:son' },
      authoredOn: '2026-10-01', medicationCodeableConcept: { text: 'エピペン注射液0.15mg' } } },
  ],
};

const motherInfo = {
  contacts: [{ name: '川村 誠', relationship: '夫', phone: '090-1111-2222' }, { name: '川村 和子', relationship: '母', phone: '03-3333-4444' }],
  wishes: { cpr: 'refused', note: '人生会議: 夫と主治医と話し合った。延命治療は望まない。', discussedOn: '2026-05-10' },
};
const sonInfo = { contacts: [{ name: '川村 さくら', relationship: '母', phone: '080-5555-6666' }], wishes: { cpr: 'wanted' } };

async function open() {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  const { recoveryKey } = await session.createVault('救急の鍵 2026', fast);
  await session.importFile(new TextEncoder().encode(JSON.stringify(family)), 'family.json');
  const { people } = await session.people();
  return { session, recoveryKey, mother: people.find((p) => p.name === '川村 さくら'), son: people.find((p) => p.name === '川村 陽太') };
}

const cardOf = async (session, person) => (await session.emergency({ person: person.id, today })).byPerson[0];

test("each person's saved contacts and wishes are on their own card only", async () => {
  const { session, mother, son } = await open();
  const saved = await session.saveEmergencyInfo(mother.id, motherInfo);
  assert.equal(saved.person.name, '川村 さくら');
  assert.deepEqual(saved.contacts.map((c) => [c.name, c.relationship, c.phone]), [['川村 誠', '夫', '090-1111-2222'], ['川村 和子', '母', '03-3333-4444']]);
  await session.saveEmergencyInfo(son.id, sonInfo);

  const { byPerson } = await session.emergency({ today });
  assert.deepEqual(byPerson.map((c) => c.person.name), ['川村 さくら', '川村 陽太']);
  const [m, s] = byPerson;
  assert.equal(m.careWishes.cpr, 'refused');
  assert.equal(m.careWishes.discussedOn, '2026-05-10');
  assert.match(m.careWishes.note, /延命治療は望まない/);
  assert.deepEqual(m.allergies.map((a) => a.substance), ['そば']);
  assert.deepEqual(s.contacts.map((c) => c.name), ['川村 さくら']);
  assert.equal(s.careWishes.cpr, 'wanted');
  assert.deepEqual(s.allergies.map((a) => a.substance), ['卵']);
  for (const card of byPerson) {
    for (const list of [card.contacts, [card.careWishes], card.allergies, card.medications]) {
      assert.ok(list.every((e) => e.person === card.person.id), card.person.name);
    }
  }
  // Saving again replaces: one contact, CPR undecided.
  await session.saveEmergencyInfo(mother.id, { contacts: motherInfo.contacts.slice(0, 1), wishes: { cpr: 'undecided' } });
  const again = await cardOf(session, mother);
  assert.deepEqual(again.contacts.map((c) => c.name), ['川村 誠']);
  assert.equal(again.careWishes.cpr, 'undecided');
  assert.equal((await cardOf(session, son)).careWishes.cpr, 'wanted');
  await session.close();
});

test('bad input is a clear error that stores nothing, and the next call works', async () => {
  const { session, son } = await open();
  await assert.rejects(session.saveEmergencyInfo(son.id, { contacts: [], wishes: { cpr: 'maybe' } }),
    { name: 'TechoError', code: 'INVALID_ARGUMENT', path: 'info.wishes.cpr' });
  await assert.rejects(session.saveEmergencyInfo(son.id, { contacts: [{ name: '母', phone: 'call me' }], wishes: null }),
    { code: 'INVALID_ARGUMENT', path: 'info.contacts[0].phone' });
  const card = await cardOf(session, son);
  assert.deepEqual(card.contacts, []);
  assert.equal(card.careWishes, null);
  const saved = await session.saveEmergencyInfo(son.id, sonInfo);
  assert.equal(saved.careWishes.cpr, 'wanted');
  await session.close();
});

test('a backup brings the contacts and wishes back', async () => {
  const first = await open();
  await first.session.saveEmergencyInfo(first.mother.id, motherInfo);
  const backup = await first.session.exportBackup({ recoveryKey: true });
  await first.session.close();

  const second = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await second.createVault('復元先 2026', fast);
  await second.restoreBackup(backup, { identity: first.recoveryKey });
  const mother = (await second.people()).people.find((p) => p.name === '川村 さくら');
  const card = await cardOf(second, mother);
  assert.deepEqual(card.contacts.map((c) => c.name), ['川村 誠', '川村 和子']);
  assert.equal(card.careWishes.cpr, 'refused');
  assert.match(card.careWishes.note, /人生会議/);
  await second.close();
});

test("an emergency share package carries the person's contacts and wishes, not another's", async () => {
  const { session, mother, son } = await open();
  await session.saveEmergencyInfo(mother.id, motherInfo);
  await session.saveEmergencyInfo(son.id, sonInfo);
  const dir = mkdtempSync(join(tmpdir(), 'techo-emergency-'));
  const identityFile = join(dir, 'er.key');
  execFileSync('age-keygen', ['-o', identityFile], { stdio: 'ignore' });
  const recipient = execFileSync('age-keygen', ['-y', identityFile]).toString().trim();
  const grant = await session.createGrant({ person: mother.id, grantee: { name: '中央総合病院 救急外来', recipient }, purpose: 'emergency',
    categories: ['emergency-summary'] });
  const pkg = await session.sharePackage(grant.id);
  const checked = await verifySharePackage(pkg.file, { identity: readFileSync(identityFile, 'utf8') });
  assert.equal(checked.ok, true, JSON.stringify(checked.problems));
  const resources = checked.bundle.entry.map((e) => e.resource);
  const contacts = resources.filter((r) => r.resourceType === 'RelatedPerson');
  assert.deepEqual(contacts.map((r) => r.name[0].text).sort(), ['川村 和子', '川村 誠']);
  const wishes = resources.filter((r) => r.resourceType === 'Consent');
  assert.equal(wishes.length, 1);
  assert.equal(wishes[0].scope.coding[0].code, 'adr');
  assert.equal(wishes[0].provision.type, 'deny');
  await session.close();
});
