// A 健診結果報告書 (MHLW FHIR format, scripts/jp-documents/checkup-report.mjs) chosen in the
// file picker and read in the 特定健診 tab of the real page (headless Chromium) as the
// result notice a person receives: the institution and date, this year's value beside
// last year's, the doctor's judgement in words, the 問診 answers, the other results — in
// Japanese and in English.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import AxeBuilder from '@axe-core/playwright';

import { documents } from '../../scripts/jp-documents/checkup-report.mjs';
import { appUnderTest } from './browser.mjs';

const app = appUnderTest();
const clean = (text) => text.replace(/\s+/g, ' ').trim();
let dir;
let files;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'techo-checkup-report-'));
  files = documents().map((d) => {
    const file = join(dir, d.name);
    writeFileSync(file, JSON.stringify(d.bundle));
    return file;
  });
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function openReports() {
  const { page, seen } = await app.open();
  for (const file of files) {
    await page.setInputFiles('#import-file', file);
    await page.locator('[data-import-report]', { hasText: file.split('/').pop() }).waitFor();
  }
  await page.locator('person-picker label[data-person="港 恵子"]').click();
  await page.getByRole('tab', { name: '特定健診' }).click();
  const report = page.locator('checkups-view article[data-checkup="2025-06-10"]');
  await report.waitFor();
  return { page, seen, report };
}

test('the checkup report reads as the 健診結果のお知らせ: institution, last year beside this year, judgement, 問診', async () => {
  const { page, seen, report } = await openReports();
  assert.equal(clean(await report.locator('[data-institution]').innerText()), 'みなと健診プラザ（架空）');
  assert.equal(clean(await report.locator('[data-date]').innerText()), '2025年6月10日');
  // This year's LDL beside last year's, both flagged by the report's own range.
  const ldl = report.locator('table[data-section="lipid"] tr[data-item="ldl"]');
  assert.equal(clean(await ldl.innerText()), 'LDLコレステロール 142 mg/dL 高 126 mg/dL 高 60–119');
  assert.match(clean(await report.locator('table[data-section="lipid"] thead').innerText()), /今回 2025年6月10日 前回 2024年6月11日/);
  // The doctor's judgement in words, and who judged.
  const judgement = report.locator('[data-judgement]');
  assert.match(clean(await judgement.locator('[data-now]').innerText()), /^血圧・脂質・血糖が保健指導判定値を超え、軽い貧血があります。/);
  assert.equal(clean(await judgement.locator('[data-doctor]').innerText()), '判断した医師: 港 一郎');
  // A 問診 answer: the question in words and the answer in words, with last year's.
  const smoking = report.locator('table[data-section="questionnaire"] tr[data-item="q_smoking"]');
  assert.equal(clean(await smoking.innerText()),
    '8. 現在、たばこを習慣的に吸っていますか。 以前は吸っていたが、最近1か月間は吸っていない 以前は吸っていたが、最近1か月間は吸っていない');
  assert.equal(await report.locator('table[data-section="questionnaire"] tbody tr').count(), 23);
  // The ECG and the fundus on the form; 尿潜血 (no 特定健診 item) among the other results.
  assert.match(clean(await report.locator('table[data-section="ecg"]').innerText()), /心電図（所見） 洞性徐脈（軽度）/);
  assert.match(clean(await report.locator('table[data-section="fundus"]').innerText()), /Wong-Mitchell分類 軽度/);
  assert.match(clean(await report.locator('table[data-section="other"] tr[data-code="1A100000000191111"]').innerText()), /^尿潜血 ± －/);
  assert.deepEqual(await report.locator('caption').allTextContents(), [
    '診察', '身体計測', '血圧', '採血', '脂質', '肝機能', '腎機能', '血糖', '尿検査', '貧血検査', '心電図', '眼底検査', '判定',
    '問診（質問票）', 'その他の項目']);
  // The whole report, every section, meets WCAG 2.1 A/AA.
  const audit = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  assert.ok(audit.passes.some((p) => p.id === 'color-contrast'), 'axe looked inside the components');
  assert.deepEqual(audit.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  assert.deepEqual(seen.consoleErrors, []);
  assert.deepEqual(seen.foreignRequests, []);
  await page.close();
});

test('in English the report reads in English words', async () => {
  const { page, report } = await openReports();
  await page.getByRole('button', { name: 'English' }).click();
  await report.locator('caption', { hasText: 'Lipids' }).waitFor();
  assert.equal(clean(await report.locator('tr[data-item="ldl"]').innerText()), 'LDL cholesterol 142 mg/dL High 126 mg/dL High 60–119');
  assert.match(clean(await report.locator('table[data-section="lipid"] thead').innerText()), /^Item This time .*2025.* Previous .*2024.* Reference range$/);
  assert.match(clean(await report.locator('tr[data-item="q_smoking"] th').innerText()), /^8\. Do you smoke regularly now\?$/);
  assert.equal(clean(await report.locator('[data-judgement] h3').innerText()), "The doctor's assessment");
  assert.equal(clean(await report.locator('table[data-section="other"] caption').innerText()), 'Other results');
  await page.close();
});
