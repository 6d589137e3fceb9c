// The 健診結果報告書 documents of scripts/jp-documents/checkup-report.mjs imported as the
// page imports a file (importFile), and every value a citizen should read found in the
// checkups reply where a person looks for it: a result on its line of the form (value and
// unit), a 問診 answer in the 問診 section, an item off the form among the other items, the
// institution and the date of the report. Prints "values shown / values present" per file.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { openSession } from '../dist/index.js';
import { documents } from '../../scripts/jp-documents/checkup-report.mjs';
import { wasmBinary } from './helpers.mjs';

const docs = documents();
const encoder = new TextEncoder();
let reports;

before(async () => {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  for (const doc of docs) {
    const report = await session.importFile(encoder.encode(JSON.stringify(doc.bundle)), doc.name);
    assert.deepEqual(report.skipped, [], doc.name);
  }
  const { people } = await session.people();
  assert.equal(people.length, 1, 'both years are one person');
  ({ reports } = await session.checkups({ person: people[0].id }));
});

// Where a person looks for an expected value: the report of its date, then its field, or
// the line of its section whose code is the item's (other items: the list of them).
function shownAt(expected) {
  const report = reports.find((r) => r.date === expected.date);
  if (!report) return { found: false, why: `no report of ${expected.date}` };
  if (expected.field) return { found: report[expected.field] === expected.value, why: `${expected.field} is ${report[expected.field]}` };
  const lines = expected.section === 'other'
    ? report.otherItems
    : report.sections.find((s) => s.id === expected.section)?.items ?? [];
  const line = lines.find((i) => i.code.code === expected.code);
  if (!line) return { found: false, why: `${expected.code} is not in ${expected.section}` };
  const found = line.valueText === expected.value && line.unit === expected.unit;
  return { found, why: `${expected.code} reads ${line.valueText} ${line.unit}`, line };
}

for (const doc of docs) {
  test(`${doc.name}: every value a citizen should read is where a person looks for it`, () => {
    const missing = [];
    for (const e of doc.expected) {
      assert.equal(e.view, 'checkups');
      const { found, why } = shownAt(e);
      if (!found) missing.push(`${e.label}: expected ${e.value} ${e.unit ?? ''} (${why})`);
    }
    console.log(`${doc.name}: values shown ${doc.expected.length - missing.length} / values present ${doc.expected.length}`);
    assert.deepEqual(missing, []);
  });
}

test('the report is the document: institution and date from its Composition, one report per year', () => {
  assert.deepEqual(reports.map((r) => r.date), ['2025-06-10', '2024-06-11']);
  for (const r of reports) {
    assert.equal(r.institution, 'みなと健診プラザ（架空）');
    assert.equal(r.document.kind, 'checkup-report');
    assert.equal(r.document.author, '港 一郎');
  }
});

test("every Observation of a report is shown: on the form, in the 問診 section, or among the other items", () => {
  for (const doc of docs) {
    const report = reports.find((r) => r.date === doc.expected[0].date);
    const onForm = report.sections.filter((s) => s.id !== 'questionnaire').reduce((n, s) => n + s.items.length, 0);
    const answers = report.sections.find((s) => s.id === 'questionnaire').items.length;
    const components = doc.bundle.entry.reduce((n, e) => n + (e.resource.component?.length ?? 0), 0);
    console.log(`${doc.name}: items on the form ${onForm} + 問診 ${answers} + other ${report.otherItems.length}` +
      ` / Observations in the report ${doc.observations} (+${components} components)`);
    assert.equal(onForm + answers + report.otherItems.length, doc.observations + components);
    assert.equal(report.otherItems.length, 3);
  }
});

test("last year's value beside this year's, flagged by the report's own range", () => {
  const [now] = reports;
  const ldl = now.items.ldl;
  assert.equal(ldl.valueText, '142');
  assert.equal(ldl.flag, 'H');
  assert.equal(ldl.rangeText, '60–119');
  assert.equal(ldl.previous.valueText, '126');
  assert.equal(now.previousDate, '2024-06-11');
  assert.equal(now.items.hemoglobin.flag, 'L');
  assert.equal(now.items.q_smoking.question, '8. 現在、たばこを習慣的に吸っていますか。');
  assert.equal(now.items.q_smoking.valueText, '以前は吸っていたが、最近1か月間は吸っていない');
  assert.equal(now.items.doctor_judgement.previous.valueText,
    'LDLコレステロールがやや高めです。脂質の多い食事を控え、来年も健診を受けましょう。');
  assert.equal(now.otherItems.find((i) => i.label === '尿潜血').previous.valueText, '－');
});
