// The record views through the public API against the wasm build, on the generated demo
// family (scripts/generate-family.mjs): what a parent reads for themself and their children.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { openSession } from '../dist/index.js';
import { generateFamily } from '../../scripts/generate-family.mjs';
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
  const { people: byPerson } = await session.immunizations({ today: family.today });
  const counts = Object.fromEntries(byPerson.map((p) => [p.person?.name, p.immunizations.length]));
  assert.deepEqual(counts, { '山田 花子': 0, '山田 太郎': 25, '山田 さくら': 17 });
  const taro = byPerson.find((p) => p.person?.name === '山田 太郎').immunizations;
  assert.deepEqual(taro.filter((i) => i.vaccine.startsWith('麻しん')).map((i) => [i.dose, i.date.slice(0, 10)]),
    [[1, '2020-05-15'], [2, '2025-05-23']]);
});

test('the emergency summary of the parent', async () => {
  const e = await session.emergency(query('山田 花子'));
  assert.equal(e.person.name, '山田 花子');
  assert.deepEqual(e.contraindications.map((a) => [a.substance, a.reactions]), [['ロキソプロフェン', ['蕁麻疹、呼吸苦']]]);
  assert.equal(e.medications.length, 6);
  assert.ok(e.keyLabs.some((l) => l.name === 'HbA1c'));
  assert.ok(!e.conditions.some((c) => c.name === '労作性狭心症の疑い'));  // resolved
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
  assert.equal(meds.entries.length, 122);
  assert.ok(meds.entries.every((m) => m.drug.length > 0));
  const labs = await s.labs();
  assert.ok(labs.analytes.length > 10);
  const { people: byPerson } = await s.immunizations();
  assert.equal(byPerson[0].immunizations.length, 10);
  await s.close();
});
