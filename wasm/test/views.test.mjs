// The record views through the public API against the wasm build, on the generated demo
// family (scripts/generate-family.mjs): what a parent reads for themself and their children.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { openSession } from '../dist/index.js';
import { childrensWinter, generateFamily } from '../../scripts/generate-family.mjs';
import { readRepoFile, syntheaFiles, wasmBinary } from './helpers.mjs';

const family = generateFamily();
const encoder = new TextEncoder();
let session;
let people;

before(async () => {
  session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  for (const { name, bundle } of family.files) {
    const report = await session.importFhir(encoder.encode(JSON.stringify(bundle)), name);
    assert.deepEqual(report.skipped, [], name);
    assert.deepEqual(report.flagged, [], name);
  }
  people = (await session.people()).people;
});

const query = (person) => ({ person: people.find((p) => p.name === person).id, today: family.today });

test('the family is three people: the parent and two children', () => {
  assert.deepEqual(people.map((p) => [p.name, p.relationship, p.birthDate]), [
    ['山田 花子', 'self', '1978-04-12'],
    ['山田 太郎', 'child', '2019-05-10'],
    ['山田 さくら', 'child', '2024-02-15'],
  ]);
});

test('medications: what the parent takes now, from whom, dispensed where, known how', async () => {
  const meds = await session.medications(query('山田 花子'));
  const current = Object.fromEntries(meds.current.map((m) => [m.drug, m]));
  assert.deepEqual(Object.keys(current).sort(), [
    'アムロジピン錠５ｍｇ「サワイ」', 'クレストール錠２．５ｍｇ', 'ムコスタ錠１００ｍｇ', 'メトホルミン塩酸塩錠２５０ｍｇ「トーワ」',
    'レバミピド錠１００ｍｇ「トーワ」', 'ロキソニン錠６０ｍｇ',
  ]);
  const amlodipine = current['アムロジピン錠５ｍｇ「サワイ」'];
  assert.equal(amlodipine.dosage, '1日1回 朝食後 28日分');
  assert.equal(amlodipine.prescriber, '佐藤 健一');
  assert.equal(amlodipine.institution, 'さくら内科クリニック（架空）');
  assert.equal(amlodipine.pharmacy, 'みどり薬局（架空）');
  assert.equal(current['ロキソニン錠６０ｍｇ'].origin, 'claims');
  assert.match(current['ロキソニン錠６０ｍｇ'].dosage, /頓用/);
  // Ten years of amlodipine every 28 days, prescribed and dispensed.
  const history = meds.history.find((h) => h.drug === 'アムロジピン錠５ｍｇ「サワイ」');
  assert.equal(history.first.slice(0, 10), '2016-12-01');
  assert.equal(history.count, 262);
  // The discharge prescription is written as it was: 不均等.
  assert.match(meds.entries.find((m) => m.drug.startsWith('プレドニゾロン')).dosage, /不均等/);
});

test('safety: the duplicate ingredient and the allergy match, with their evidence', async () => {
  const { warnings } = await session.safety(query('山田 花子'));
  assert.equal(warnings.length, 2);
  const duplicate = warnings.find((w) => w.kind === 'duplicate-ingredient');
  assert.equal(duplicate.ingredient, '2329021');
  assert.deepEqual(duplicate.institutions, ['あおば整形外科（架空）', 'さくら内科クリニック（架空）']);
  const allergy = warnings.find((w) => w.kind === 'allergy-match');
  assert.equal(allergy.allergy.substance, 'ロキソプロフェン');
  assert.deepEqual(allergy.medications.map((m) => m.drug), ['ロキソニン錠６０ｍｇ']);
  // The children take nothing.
  assert.deepEqual((await session.safety(query('山田 太郎'))).warnings, []);
});

test('labs: HbA1c across the clinic and the checkups, with flags', async () => {
  const { analytes } = await session.labs(query('山田 花子'));
  const hba1c = analytes.find((a) => a.analyte === 'jlac:3D046-019');
  assert.deepEqual(hba1c.institutions.sort(), ['さくら内科クリニック（架空）', 'みなと健診センター（架空）']);
  assert.ok(hba1c.points.length >= 40);
  assert.ok(hba1c.points.every((p, i) => i === 0 || hba1c.points[i - 1].date <= p.date));
  assert.ok(hba1c.points.some((p) => p.flag === 'H'));
  assert.ok(hba1c.numeric);
});

test('checkups: ten yearly 特定健診 reports laid out as the result form', async () => {
  const { reports } = await session.checkups(query('山田 花子'));
  assert.equal(reports.length, 10);
  assert.equal(reports[0].date.slice(0, 4), '2026');
  assert.deepEqual(reports[0].sections.map((s) => s.id), ['body', 'bp', 'lipid', 'liver', 'glucose', 'urine', 'judgement']);
  assert.equal(reports[0].items.guidance.valueText, '動機付け支援');
  assert.equal(reports[0].items.metabolic.valueText, '予備群該当');
  assert.equal(reports.at(-1).items.metabolic.valueText, '非該当');
});

test('EHR summary and documents: the referral letter and the discharge summary read section by section', async () => {
  const summary = await session.ehrSummary(query('山田 花子'));
  assert.deepEqual(summary.contraindications.map((a) => a.substance), ['ロキソプロフェン']);
  assert.ok(summary.diagnoses.some((d) => d.name === '２型糖尿病' && d.active));
  assert.deepEqual(summary.documents.map((d) => d.title), ['退院時サマリー', '診療情報提供書']);
  const discharge = await session.document(summary.documents[0].id);
  assert.equal(discharge.custodian, '東京みなと病院（架空）');
  const course = discharge.sections.find((s) => s.title === '入院中経過');
  assert.match(course.text, /ステント留置/);
  const prescription = discharge.sections.find((s) => s.title === '退院時処方');
  assert.equal(prescription.entries[0].type, 'MedicationRequest');
});

test('vaccinations per child', async () => {
  const { byPerson } = await session.immunizations({ today: family.today });
  const counts = Object.fromEntries(byPerson.map((p) => [p.person?.name, p.immunizations.length]));
  assert.deepEqual(counts, { '山田 花子': 0, '山田 太郎': 25, '山田 さくら': 17 });
  const taro = byPerson.find((p) => p.person?.name === '山田 太郎').immunizations;
  assert.deepEqual(taro.filter((i) => i.vaccine.startsWith('麻しん')).map((i) => [i.dose, i.date.slice(0, 10)]),
    [[1, '2020-05-15'], [2, '2025-05-23']]);
});

test('the emergency summary of the parent', async () => {
  const e = await session.emergency(query('山田 花子'));
  assert.equal(e.person.name, '山田 花子');
  assert.equal(e.byPerson.length, 1);
  const [card] = e.byPerson;
  assert.equal(card.person.name, '山田 花子');
  assert.deepEqual(card.contraindications.map((a) => [a.substance, a.reactions]), [['ロキソプロフェン', ['蕁麻疹、呼吸苦']]]);
  assert.equal(card.medications.length, 6);
  assert.ok(card.keyLabs.some((l) => l.name === 'HbA1c'));
  assert.ok(!card.conditions.some((c) => c.name === '労作性狭心症の疑い'));  // resolved
});

test('the timeline filters by person and by source', async () => {
  const taro = query('山田 太郎').person;
  // His vaccinations and the heights and weights measured at his ten check-ups.
  const page = await session.records({ person: taro, limit: 100 });
  assert.equal(page.records.length, 45);
  assert.ok(page.records.every((r) => r.person === taro));
  const byCategory = {};
  for (const r of page.records) byCategory[r.category] = (byCategory[r.category] ?? 0) + 1;
  assert.deepEqual(byCategory, { immunization: 25, 'vital-sign': 20 });
  const vaccinations = await session.records({ person: taro, category: 'immunization', limit: 100 });
  assert.equal(vaccinations.records.length, 25);
  const { sources } = await session.summary();
  const pharmacy = sources.find((s) => s.name === 'midori-pharmacy.fhir.json');
  const dispensed = await session.records({ source: pharmacy.id, limit: 1000 });
  const file = family.files.find((f) => f.name === 'midori-pharmacy.fhir.json').bundle;
  assert.equal(dispensed.records.length, file.entry.filter((e) => e.resource.resourceType === 'MedicationDispense').length);
  assert.ok(dispensed.records.every((r) => r.resourceType === 'MedicationDispense'));
});

test('Synthea medications, labs and immunizations appear in the views', async () => {
  const s = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await s.importFhir(await readRepoFile(syntheaFiles.fletcher), 'fletcher.json');
  const meds = await s.medications({ today: '2020-01-01' });
  // 122 in all; listed: the newest 100 and every current one.
  assert.equal(meds.entriesTotal, 122);
  assert.equal(meds.entries.length, 104);
  assert.ok(meds.current.every((c) => meds.entries.some((m) => m.id === c.id)));
  assert.ok(meds.entries.every((m) => m.drug.length > 0));
  const labs = await s.labs();
  assert.ok(labs.analytes.length > 10);
  const { byPerson } = await s.immunizations();
  assert.equal(byPerson[0].immunizations.length, 10);
  await s.close();
});

// ---- Whose records: the family with the children's winter added (their own allergies,
// conditions and medicines), seen with everyone selected.
const winterFamily = async () => {
  const s = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  for (const { name, bundle } of [...family.files, childrensWinter()]) {
    await s.importFhir(encoder.encode(JSON.stringify(bundle)), name);
  }
  return s;
};
const sorted = (list) => [...list].sort();

test('everyone: the emergency summary is one card per person, each with only their own records', async () => {
  const s = await winterFamily();
  const e = await s.emergency({ today: family.today });
  assert.equal(e.person, null);
  assert.deepEqual(e.byPerson.map((c) => c.person.name), ['山田 花子', '山田 太郎', '山田 さくら']);
  const [hanako, taro, sakura] = e.byPerson;
  assert.deepEqual(hanako.contraindications.map((a) => a.substance), ['ロキソプロフェン']);
  assert.equal(hanako.medications.length, 6);
  assert.ok(hanako.conditions.some((c) => c.name === '２型糖尿病'));
  assert.deepEqual(taro.contraindications.map((a) => [a.substance, a.reactions]), [['アモキシシリン', ['発疹']]]);
  assert.deepEqual(taro.allergies, []);
  assert.deepEqual(sorted(taro.medications.map((m) => m.drug)), ['キプレス細粒４ｍｇ', 'ムコダインＤＳ５０％']);
  assert.deepEqual(taro.conditions.map((c) => c.name), ['気管支喘息']);
  assert.deepEqual(sakura.contraindications, []);
  assert.deepEqual(sakura.allergies.map((a) => a.substance), ['鶏卵']);
  assert.deepEqual(sorted(sakura.medications.map((m) => m.drug)), ['カルボシステインＤＳ５０％「タカタ」', 'サワシリン細粒１０％']);
  assert.deepEqual(sakura.conditions.map((c) => c.name), ['急性中耳炎']);
  // Every record on a card is that person's.
  for (const card of e.byPerson) {
    for (const list of [card.allergies, card.contraindications, card.medications, card.conditions, card.keyLabs]) {
      assert.ok(list.every((r) => r.person === card.person.id), card.person.name);
    }
  }
  // One child alone: her card, headed with her name.
  const one = await s.emergency({ person: sakura.person.id, today: family.today });
  assert.equal(one.person.name, '山田 さくら');
  assert.deepEqual(one.byPerson.map((c) => c.person.name), ['山田 さくら']);
  await s.close();
});

test("everyone: safety checks run per person, never one person's drug against another's allergy or prescription", async () => {
  const s = await winterFamily();
  const safety = await s.safety({ today: family.today });
  // さくら's amoxicillin against 太郎's allergy, or the children's carbocisteine from two
  // clinics, would be warnings across people: only the parent's own two remain.
  assert.deepEqual(safety.warnings.map((w) => [w.person.name, w.kind]),
    [['山田 花子', 'duplicate-ingredient'], ['山田 花子', 'allergy-match']]);
  for (const w of safety.warnings) {
    assert.ok(w.medications.every((m) => m.person === w.person.id));
    if (w.kind === 'allergy-match') assert.equal(w.allergy.person, w.person.id);
  }
  assert.deepEqual(safety.byPerson.map((g) => [g.person.name, g.warnings.length]), [['山田 花子', 2], ['山田 太郎', 0], ['山田 さくら', 0]]);
  const sakura = safety.byPerson[2].person.id;
  assert.deepEqual((await s.safety({ person: sakura, today: family.today })).warnings, []);
  await s.close();
});

test('every view says whose records it holds', async () => {
  const s = await winterFamily();
  const names = ['山田 花子', '山田 太郎', '山田 さくら'];
  const { people: all } = await s.people();
  const [taro, sakura] = ['山田 太郎', '山田 さくら'].map((name) => all.find((p) => p.name === name));
  const views = ['medications', 'labs', 'checkups', 'ehrSummary', 'immunizations', 'safety', 'emergency'];
  for (const view of views) {
    const everyone = await s[view]({ today: family.today });
    assert.equal(everyone.person, null, view);
    assert.deepEqual(everyone.people.map((p) => p.name), names, view);
    const one = await s[view]({ person: taro.id, today: family.today });
    assert.equal(one.person.name, '山田 太郎', view);
    assert.deepEqual(one.people.map((p) => p.name), ['山田 太郎'], view);
  }
  // Everyone's medicines: the children's carbocisteine is two histories, one each.
  const meds = await s.medications({ today: family.today });
  const carbocisteine = meds.history.filter((h) => /ＤＳ５０％/.test(h.drug));
  assert.deepEqual(carbocisteine.map((h) => [h.person, h.count]).sort(), [[taro.id, 1], [sakura.id, 1]].sort());
  // A document is about its own person.
  const { documents } = await s.ehrSummary({ today: family.today });
  const letter = await s.document(documents[0].id);
  assert.equal(letter.person.name, '山田 花子');
  await s.close();
});
