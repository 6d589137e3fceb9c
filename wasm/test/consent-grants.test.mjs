// Grants, share packages, revocation, the research opt-out and a child's hand-over,
// through the public npm API (issue 14, items 2 to 6, 8 and 9), with the receiving side
// as a clinic would run it: the standalone verifySharePackage, and the stock `age` CLI.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { openSession, verifySharePackage } from '../dist/index.js';
import { wasmBinary } from './helpers.mjs';

const fast = { kdfOps: 2, kdfMemBytes: 19 << 20 };
const dir = mkdtempSync(join(tmpdir(), 'techo-consent-'));

// A grantee as the stock age-keygen makes one: the identity file stays with them.
function grantee(name) {
  const identityFile = join(dir, `${name}.key`);
  execFileSync('age-keygen', ['-o', identityFile], { stdio: 'ignore' });
  return { identityFile, identity: readFileSync(identityFile, 'utf8'), recipient: execFileSync('age-keygen', ['-y', identityFile]).toString().trim() };
}

const record = {
  resourceType: 'Bundle',
  type: 'collection',
  entry: [
    { fullUrl: 'urn:uuid:p-self', resource: { resourceType: 'Patient', id: 'p-self', name: [{ text: '山田 太郎' }], birthDate: '1980-04-01',
      identifier: [{ system: 'urn:oid:1.2.392.100495.20.3.51', value: '12345678' }], telecom: [{ system: 'phone', value: '090-1234-5678' }],
      address: [{ text: '東京都渋谷区神宮前1-2-3' }] } },
    { fullUrl: 'urn:uuid:p-child', resource: { resourceType: 'Patient', id: 'p-child', name: [{ text: '山田 花子' }], birthDate: '2015-05-05' } },
    { fullUrl: 'urn:uuid:dr', resource: { resourceType: 'Practitioner', id: 'dr', name: [{ text: '佐藤 医師' }] } },
    { fullUrl: 'urn:uuid:m1', resource: { resourceType: 'MedicationRequest', id: 'm1', status: 'active', intent: 'order', subject: { reference: 'urn:uuid:p-self' },
      authoredOn: '2026-10-01', medicationCodeableConcept: { text: 'アムロジピン錠5mg' }, requester: { reference: 'urn:uuid:dr' },
      note: [{ text: '山田 太郎さんへ: 朝食後に' }] } },
    { fullUrl: 'urn:uuid:m2', resource: { resourceType: 'MedicationRequest', id: 'm2', status: 'completed', intent: 'order', subject: { reference: 'urn:uuid:p-self' },
      authoredOn: '2019-03-01', medicationCodeableConcept: { text: 'ロキソプロフェン錠60mg' } } },
    { fullUrl: 'urn:uuid:c1', resource: { resourceType: 'Condition', id: 'c1', subject: { reference: 'urn:uuid:p-self' }, code: { text: '高血圧症' }, recordedDate: '2020-01-01' } },
    { fullUrl: 'urn:uuid:a1', resource: { resourceType: 'AllergyIntolerance', id: 'a1', patient: { reference: 'urn:uuid:p-self' }, category: ['medication'],
      code: { text: 'ペニシリン' }, recordedDate: '2010-05-01' } },
    { fullUrl: 'urn:uuid:o1', resource: { resourceType: 'Observation', id: 'o1', status: 'final', subject: { reference: 'urn:uuid:p-self' },
      category: [{ coding: [{ code: 'laboratory' }] }], code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }], text: 'HbA1c' },
      effectiveDateTime: '2026-09-15', valueQuantity: { value: 6.1, unit: '%' } } },
    { fullUrl: 'urn:uuid:i1', resource: { resourceType: 'Immunization', id: 'i1', status: 'completed', patient: { reference: 'urn:uuid:p-child' },
      vaccineCode: { text: 'MR' }, occurrenceDateTime: '2016-06-01' } },
  ],
};

async function family() {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await session.createVault('家族の鍵 2026', fast);
  await session.importFile(new TextEncoder().encode(JSON.stringify(record)), 'family.json');
  const { people } = await session.people();
  const self = people.find((p) => p.name === '山田 太郎');
  const child = people.find((p) => p.name === '山田 花子');
  return { session, self, child };
}

const types = (bundle) => bundle.entry.map((e) => e.resource.resourceType).sort();

test('a grant made in one call is signed, listed, and its package verifies with the standalone verifier and the age CLI', async () => {
  const { session, self } = await family();
  const clinic = grantee('clinic');
  const grant = await session.createGrant({
    person: self.id, grantee: { name: 'さくら内科クリニック', recipient: clinic.recipient }, purpose: 'treatment', categories: ['prescriptions', 'contraindications'],
  });
  assert.equal(grant.status, 'active');
  assert.equal(grant.use, 'once');
  assert.equal(Date.parse(grant.expires) - Date.parse(grant.issued), 24 * 3600 * 1000);  // a clinic visit: 24 hours
  assert.equal(grant.signed.type, 'techo-consent-grant/v1');
  assert.deepEqual((await session.grants()).grants.map((g) => g.id), [grant.id]);

  const pkg = await session.sharePackage(grant.id);
  assert.ok(pkg.file instanceof Uint8Array && pkg.file.byteLength > 0);
  assert.equal(pkg.pseudonymised, false);

  // The clinic's side: no vault, its own identity.
  const checked = await verifySharePackage(pkg.file, { identity: clinic.identity });
  assert.deepEqual(checked.problems, []);
  assert.equal(checked.ok, true);
  assert.deepEqual(types(checked.bundle), ['AllergyIntolerance', 'MedicationRequest', 'MedicationRequest', 'Patient', 'Practitioner']);
  assert.equal(checked.grant.id, grant.id);
  assert.equal(checked.resources, pkg.resources);

  // The stock age CLI opens the same file with the identity file: a tar of exactly three files.
  const packageFile = join(dir, 'package.age');
  writeFileSync(packageFile, pkg.file);
  const tar = execFileSync('age', ['-d', '-i', clinic.identityFile, packageFile]);
  const tarFile = join(dir, 'package.tar');
  writeFileSync(tarFile, tar);
  assert.deepEqual(execFileSync('tar', ['-tf', tarFile]).toString().trim().split('\n').sort(), ['grant.json', 'manifest.json', 'records.fhir.json']);
  const bundle = JSON.parse(execFileSync('tar', ['-xOf', tarFile, 'records.fhir.json']).toString());
  assert.deepEqual(types(bundle), types(checked.bundle));

  // Used once: no second package.
  await assert.rejects(session.sharePackage(grant.id), { code: 'GRANT_EXPIRED' });
  assert.equal((await session.grants()).grants[0].status, 'used');
  await session.close();
});

test('a revoked grant makes no package, and a receiver given the revocation refuses what it holds', async () => {
  const { session, self } = await family();
  const app = grantee('app');
  const grant = await session.createGrant({ person: self.id, grantee: { name: '健康アプリ', recipient: app.recipient }, purpose: 'app', categories: ['labs'] });
  assert.equal(grant.use, 'continuing');
  assert.equal(Date.parse(grant.expires) - Date.parse(grant.issued), 90 * 86400 * 1000);
  const pkg = await session.sharePackage(grant.id);
  const revoked = await session.revokeGrant(grant.id);
  assert.equal(revoked.status, 'revoked');
  assert.equal(revoked.revocation.type, 'techo-consent-revocation/v1');
  await assert.rejects(session.sharePackage(grant.id), { code: 'GRANT_REVOKED' });
  const refused = await verifySharePackage(pkg.file, { identity: app.identity, revocations: [revoked.revocation] });
  assert.equal(refused.ok, false);
  assert.equal(refused.bundle, null);
  assert.ok(refused.problems.some((p) => p.code === 'GRANT_REVOKED'));
  // Without the revocation, the receiver cannot know: what was shared is not recalled.
  assert.equal((await verifySharePackage(pkg.file, { identity: app.identity })).ok, true);
  // After the grant's time, the receiver refuses too.
  const later = new Date(Date.parse(grant.expires) + 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const expired = await verifySharePackage(pkg.file, { identity: app.identity, now: later });
  assert.ok(expired.problems.some((p) => p.code === 'GRANT_EXPIRED'));
  await session.close();
});

test('the verifier answers every bad input without throwing', async () => {
  const { session, self } = await family();
  const clinic = grantee('clinic2');
  const stranger = grantee('stranger');
  const grant = await session.createGrant({ person: self.id, grantee: { name: 'クリニック', recipient: clinic.recipient }, purpose: 'app', categories: ['diagnoses'] });
  const { file } = await session.sharePackage(grant.id);
  const flipped = file.slice();
  flipped[flipped.length - 20] ^= 1;
  for (const [bytes, options, code] of [
    [flipped, { identity: clinic.identity }, 'AGE_PAYLOAD'],
    [file, { identity: stranger.identity }, 'AGE_NO_MATCH'],
    [file, {}, 'INVALID_ARGUMENT'],
    [file, { identity: 'not a key' }, 'INVALID_ARGUMENT'],
    [new TextEncoder().encode('hello'), { identity: clinic.identity }, null],
    ['not bytes', { identity: clinic.identity }, 'INVALID_ARGUMENT'],
    [file, { identity: clinic.identity, revocations: [{ type: 'x' }] }, 'MALFORMED_INPUT'],
    [file, { identity: clinic.identity, now: 'tomorrow' }, 'INVALID_ARGUMENT'],
  ]) {
    const r = await verifySharePackage(bytes, options);
    assert.equal(r.ok, false);
    assert.equal(r.bundle, null);
    assert.ok(r.problems.length > 0);
    if (code) assert.equal(r.problems[0].code, code, JSON.stringify(r.problems));
  }
  // The session's own verifier gives the same answer, and the next call works.
  assert.equal((await session.verifySharePackage(file, { identity: clinic.identity })).ok, true);
  await session.close();
});

test('a grant request is checked, and the opt-out blocks research', async () => {
  const { session, self } = await family();
  const lab = grantee('lab');
  const base = { person: self.id, grantee: { name: '研究機関', recipient: lab.recipient }, purpose: 'research', categories: ['labs', 'medications'] };
  await assert.rejects(session.createGrant({ ...base, grantee: { name: 'x', recipient: 'age1nope' } }), { code: 'INVALID_ARGUMENT', path: 'request.grantee.recipient' });
  await assert.rejects(session.createGrant({ ...base, categories: ['labs', 'all'] }), { code: 'INVALID_ARGUMENT', path: 'request.scope.categories[1]' });
  await assert.rejects(session.createGrant({ ...base, purpose: 'hand-over' }), { code: 'INVALID_ARGUMENT', path: 'request.purpose' });
  await assert.rejects(session.createGrant({ ...base, person: 99 }), { code: 'INVALID_ARGUMENT', path: 'request.person' });
  await assert.rejects(session.createGrant({ ...base, categories: 'labs' }), { code: 'INVALID_ARGUMENT' });

  const research = await session.createGrant(base);
  const pkg = await session.sharePackage(research.id);
  assert.equal(pkg.pseudonymised, true);
  const opened = await verifySharePackage(pkg.file, { identity: lab.identity });
  assert.equal(opened.ok, true, JSON.stringify(opened.problems));
  const text = JSON.stringify(opened.bundle);
  for (const identifying of ['山田', '太郎', '12345678', '090-1234-5678', '渋谷区', '1980-04-01', 'p-self', '朝食後']) {
    assert.ok(!text.includes(identifying), `research copy holds ${identifying}`);
  }

  assert.equal((await session.setResearchOptOut(true)).researchOptOut, true);
  await assert.rejects(session.createGrant(base), { code: 'OPTED_OUT' });
  await assert.rejects(session.sharePackage(research.id), { code: 'OPTED_OUT' });
  assert.ok((await session.createGrant({ ...base, purpose: 'treatment' })).id);  // only research is blocked
  const settings = await session.setResearchOptOut(false);
  assert.equal(settings.researchOptOut, false);
  assert.ok(settings.researchOptOutChangedAt);
  await assert.rejects(session.setResearchOptOut('yes'), { code: 'INVALID_ARGUMENT', path: 'optedOut' });
  await assert.rejects(session.setResearchOptOut(), { code: 'INVALID_ARGUMENT', path: 'optedOut' });
  await session.close();
});

test('the FHIR Consent has the shape of IHE PCF and validates structurally', async () => {
  const { session, self } = await family();
  const clinic = grantee('clinic3');
  const grant = await session.createGrant({ person: self.id, grantee: { name: 'クリニック', recipient: clinic.recipient }, purpose: 'treatment',
    categories: ['labs'], dataPeriod: { start: '2025-01-01' } });
  const consent = await session.grantAsFhirConsent(grant.id);
  // FHIR R4 Consent: required elements and their types (status, scope, category 1..*),
  // the invariants ppc-1 (policy or policyRule), ppc-2..4 (scope and category codes for
  // a privacy consent), and provision's element types.
  assert.equal(consent.resourceType, 'Consent');
  assert.ok(['draft', 'proposed', 'active', 'rejected', 'inactive', 'entered-in-error'].includes(consent.status));
  assert.ok(Array.isArray(consent.scope.coding) && consent.scope.coding[0].code === 'patient-privacy');
  assert.ok(Array.isArray(consent.category) && consent.category.length >= 1);
  assert.ok(consent.category.some((c) => c.coding.some((x) => x.system === 'http://loinc.org' && x.code === '59284-0')));
  assert.ok((consent.policy?.length ?? 0) > 0 || consent.policyRule);
  assert.match(consent.dateTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  const p = consent.provision;
  assert.ok(['deny', 'permit'].includes(p.type));
  assert.equal(p.period.start, grant.issued);
  assert.equal(p.period.end, grant.expires);
  assert.deepEqual(p.dataPeriod, { start: '2025-01-01' });
  assert.equal(p.purpose[0].system, 'http://terminology.hl7.org/CodeSystem/v3-ActReason');
  assert.equal(p.actor[0].reference.identifier.value, clinic.recipient);
  assert.ok(p.actor[0].role.coding[0].code);
  assert.ok(p.data.every((d) => ['instance', 'related', 'dependents', 'authoredby'].includes(d.meaning) && d.reference));
  for (const c of p.class) assert.equal(c.system, 'http://hl7.org/fhir/resource-types');
  assert.equal(consent.sourceAttachment.contentType, 'application/json');
  assert.equal(JSON.parse(Buffer.from(consent.sourceAttachment.data, 'base64').toString()).id, grant.id);
  await session.revokeGrant(grant.id);
  assert.equal((await session.grantAsFhirConsent(grant.id)).status, 'inactive');
  await assert.rejects(session.grantAsFhirConsent('0'.repeat(32)), { code: 'INVALID_ARGUMENT', path: 'id' });
  await session.close();
});

test('a child has a proxy that expires, and a hand-over to the child’s own key ends it', async () => {
  const { session, child } = await family();
  const secondGuardian = grantee('guardian');
  const proxy = await session.createGrant({ person: child.id, grantee: { name: '山田 花子の母', recipient: secondGuardian.recipient }, purpose: 'app',
    categories: ['vaccinations'], proxy: true });
  assert.equal(proxy.proxy, true);
  assert.ok(Date.parse(proxy.expires) - Date.parse(proxy.issued) <= 365 * 86400 * 1000);  // proxies expire
  const proxyPackage = await session.sharePackage(proxy.id);
  assert.equal((await verifySharePackage(proxyPackage.file, { identity: secondGuardian.identity })).ok, true);

  const own = grantee('child-own');
  const handed = await session.handOver({ person: child.id, recipient: own.recipient });
  assert.equal(handed.grantsEnded, 1);
  const opened = await verifySharePackage(handed.file, { identity: own.identity });
  assert.equal(opened.ok, true, JSON.stringify(opened.problems));
  assert.equal(opened.grant.purpose, 'hand-over');
  assert.deepEqual(types(opened.bundle), ['Immunization', 'Patient']);
  assert.equal((await session.grants({ person: child.id })).grants[0].status, 'revoked');
  await assert.rejects(session.createGrant({ person: child.id, grantee: { name: 'x', recipient: own.recipient }, purpose: 'app', categories: ['vaccinations'] }),
    { code: 'INVALID_ARGUMENT', path: 'request.person' });
  await assert.rejects(session.handOver({ person: child.id, recipient: own.recipient }), { code: 'INVALID_ARGUMENT' });
  assert.equal((await session.consentSettings()).handOverAge, 15);
  assert.equal((await session.setHandOverAge(18)).handOverAge, 18);
  await assert.rejects(session.setHandOverAge(3), { code: 'INVALID_ARGUMENT', path: 'age' });
  await session.close();
});
