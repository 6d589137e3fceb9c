// Visits, cards, care plans and a child's growth through the npm package, the way the page
// reads them: generated JP documents (scripts/jp-documents/patient-summary.mjs and
// child-checkups.mjs) and JP-CLINS corpus files imported with importFile, then every value
// a citizen should read looked for in the reply of the view that must show it.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openSession } from '../dist/index.js';
import { documents as patientSummary } from '../../scripts/jp-documents/patient-summary.mjs';
import { child, documents as childCheckups } from '../../scripts/jp-documents/child-checkups.mjs';
import { readRepoFile, wasmBinary } from './helpers.mjs';

const encoder = new TextEncoder();
const TODAY = '2026-11-21';

async function freshSession() {
  return openSession({ worker: false, wasmBinary, storage: 'memory' });
}

/** The view's reply for one person (by name), as JSON text. */
async function replyText(session, view, personName) {
  const { people } = await session.people();
  const person = people.find((p) => p.name === personName);
  assert.ok(person, `no person ${personName} among ${people.map((p) => p.name).join(', ')}`);
  const reply = await session[view]({ person: person.id, today: TODAY });
  assert.equal(reply.person?.name, personName, `${view} says whose it is`);
  return JSON.stringify(reply);
}

/** How many expected values each view's reply shows; the missing ones by label. */
async function shown(session, expected, personName) {
  const missing = [];
  const replies = new Map();
  for (const e of expected) {
    if (!replies.has(e.view)) replies.set(e.view, await replyText(session, e.view, personName));
    // A value is matched as it stands in the reply's JSON (strings JSON-escaped).
    if (!replies.get(e.view).includes(JSON.stringify(e.value).slice(1, -1))) missing.push(`${e.view}: ${e.label} = ${e.value}`);
  }
  return { shown: expected.length - missing.length, present: expected.length, missing };
}

test('the generated 患者サマリー: every value shown in the EHR summary, visits and cards', async () => {
  for (const doc of patientSummary()) {
    const session = await freshSession();
    const report = await session.importFile(encoder.encode(JSON.stringify(doc.bundle)), doc.name);
    assert.deepEqual(report.skipped, [], doc.name);
    const figure = await shown(session, doc.expected, '鈴木 一郎');
    console.log(`${doc.name}: ${figure.shown}/${figure.present} values shown`);
    assert.deepEqual(figure.missing, [], doc.name);
  }
});

test('the patient summary names its author and date only in the Composition, and the views read them there', async () => {
  const [doc] = patientSummary();
  for (const { resource } of doc.bundle.entry) {
    if (resource.resourceType === 'Composition') continue;
    for (const key of ['author', 'authoredOn', 'requester', 'performer', 'recorder', 'asserter', 'date', 'created', 'effectiveDateTime',
      'performedDateTime', 'performedPeriod', 'recordedDate', 'startDate', 'statusDate']) {
      assert.equal(resource[key], undefined, `${resource.resourceType}.${key}`);
    }
  }
  const session = await freshSession();
  await session.importFile(encoder.encode(JSON.stringify(doc.bundle)), doc.name);
  const ehr = await session.ehrSummary({ today: TODAY });
  assert.equal(ehr.carePlans.length, 1);
  const [plan] = ehr.carePlans;
  assert.equal(plan.description, '高血圧について内服を継続してください。\r\n塩分は1日6g未満を目安にしましょう。\r\n家庭血圧を毎朝測って手帳に記録してください。');
  assert.deepEqual(plan.authors, ['高橋 直子']);
  assert.equal(plan.date, '2026-10-15T11:20:00+09:00');
  assert.equal(plan.documentTitle, '患者サマリー（療養計画書）');
  assert.deepEqual(ehr.goals[0].targets.map((t) => t.detail), ['<130 mmHg', '<80 mmHg']);
  const visits = await session.visits({ today: TODAY });
  const [{ encounters, procedures }] = visits.byPerson;
  assert.equal(procedures[0].encounter, encounters[0].id, 'the procedure is linked to its visit');
  const cards = await session.coverages({ today: TODAY });
  const [insurance, publicExpense] = cards.byPerson[0].coverages.sort((a, b) => a.kind.localeCompare(b.kind));
  assert.deepEqual(insurance.number, { value: '１０２９３８', masked: '****３８' });
  assert.equal(publicExpense.kind, 'public-expense');
  assert.equal(publicExpense.valid, true);
  const later = await session.coverages({ today: '2027-04-01' });
  assert.equal(later.byPerson[0].coverages.find((c) => c.kind === 'public-expense').valid, false, 'expired after its period');
});

test("the generated child's checkups: one child over five checkups, every value in the growth view", async () => {
  const session = await freshSession();
  const docs = childCheckups();
  for (const doc of docs) {
    const report = await session.importFile(encoder.encode(JSON.stringify(doc.bundle)), doc.name);
    assert.deepEqual(report.skipped, [], doc.name);
  }
  const { people } = await session.people();
  assert.deepEqual(people.map((p) => p.name), [child.name], 'five documents, one child');
  for (const doc of docs) {
    const figure = await shown(session, doc.expected, child.name);
    console.log(`${doc.name}: ${figure.shown}/${figure.present} values shown`);
    assert.deepEqual(figure.missing, [], doc.name);
  }
  const growth = await session.growth({ today: TODAY });
  const series = Object.fromEntries(growth.byPerson[0].series.map((s) => [s.key, s]));
  assert.deepEqual(series.height.points.map((p) => p.ageMonths), [1, 4, 18, 37, 85]);
  assert.deepEqual(series.height.points.map((p) => p.date), ['2019-05-14', '2019-08-20', '2020-10-22', '2022-05-17', '2026-05-12']);
  assert.equal(series.headCircumference.points.length, 4);
  assert.equal(series.bmi.points.length, 1);
  assert.deepEqual(growth.byPerson[0].checkups.map((c) => c.title),
    ['1か月児健康診査', '3〜4か月児健康診査', '1歳6か月児健康診査', '3歳児健康診査', '定期健康診断（小学1年）']);
});

// What a citizen should read of the corpus files, value by value.
const corpus = [
  { file: 'CarePlan-Example-JP-CarePlan-eCS-HT.json', person: null, expected: [
    ['ehrSummary', '療養計画'], ['ehrSummary', '高血圧について内服を継続してください。'],
    ['ehrSummary', '1日30分でも軽い運動を継続しましょう。'], ['ehrSummary', '外来診療経過中プラン'], ['ehrSummary', '2024-07-07']] },
  { file: 'Bundle-Bundle-CLINS-PCS-Example-01.json', person: '牧野 爛漫', expected: [
    ['ehrSummary', '患者サマリー（療養計画書）'], ['ehrSummary', '療養計画'], ['ehrSummary', '高血圧について内服を継続してください。'],
    ['ehrSummary', '1日30分でも軽い運動を継続しましょう。'], ['ehrSummary', '外来診療経過中プラン'], ['ehrSummary', '2024-07-07'],
    ['ehrSummary', '石川 さおり'], ['ehrSummary', 'みなと診療所'], ['ehrSummary', '狭心症'], ['ehrSummary', '高血圧'],
    ['visits', 'AMB'], ['visits', '2020-08-20'], ['visits', 'みなと診療所'], ['visits', '循環器科']] },
  { file: 'Encounter-Example-Contained-JP-Encounter-AMB.json', person: null, expected: [['visits', 'AMB'], ['visits', 'finished']] },
  { file: 'Encounter-Example-Contained-JP-Encounter-IMP.json', person: null, expected: [['visits', 'IMP'], ['visits', '2021-07-05']] },
  { file: 'Encounter-Example-JP-Encounter-eCS-01.json', person: null, expected: [['visits', 'AMB'], ['visits', 'finished']] },
  { file: 'Encounter-Example-JP-Encounter-eCS-AMB-01.json', person: null, expected: [['visits', 'AMB'], ['visits', '2020-08-20']] },
  { file: 'Encounter-Example-JP-Encounter-eCS-purpose-Referral01.json', person: null, expected: [['visits', 'AMB'], ['visits', '腹痛精査お願いします。']] },
];

test('the JP-CLINS CarePlan, Encounter and 患者サマリー examples: every value shown', async () => {
  for (const { file, person, expected } of corpus) {
    const session = await freshSession();
    await session.importFile(await readRepoFile(`native_tests/data/jp-clins-examples/${file}`), file);
    let count = 0;
    for (const [view, value] of expected) {
      const text = person ? await replyText(session, view, person) : JSON.stringify(await session[view]({ today: TODAY }));
      if (text.includes(value)) count++;
      else assert.fail(`${file}: ${view} does not show ${value}`);
    }
    console.log(`${file}: ${count}/${expected.length} values shown`);
  }
});
