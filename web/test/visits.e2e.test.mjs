// Visits, cards, care plans and a child's growth in the real page (headless Chromium): the
// generated 患者サマリー and a child's checkups chosen in the file picker, then read where a
// citizen reads them — the visits view, the card with its numbers masked until asked, the
// care plan text on the EHR summary, and the child's growth chart drawn.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import AxeBuilder from '@axe-core/playwright';

import { documents as patientSummary } from '../../scripts/jp-documents/patient-summary.mjs';
import { child, documents as childCheckups } from '../../scripts/jp-documents/child-checkups.mjs';
import { appUnderTest } from './browser.mjs';

const app = appUnderTest();
const clean = (text) => text.replace(/\s+/g, ' ').trim();
let dir;
let files;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'techo-visits-'));
  files = [...patientSummary(), ...childCheckups()].map((d) => {
    const file = join(dir, d.name);
    writeFileSync(file, JSON.stringify(d.bundle));
    return file;
  });
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function openWithDocuments() {
  const { page, seen } = await app.open();
  for (const file of files) {
    await page.setInputFiles('#import-file', file);
    await page.locator('[data-import-report]', { hasText: file.split('/').pop() }).waitFor();
  }
  return { page, seen };
}

async function choose(page, person, tab) {
  await page.locator(`person-picker label[data-person="${person}"]`).click();
  await page.getByRole('tab', { name: tab }).click();
}

test('visits: the summary\'s visit in words, with its institution, department and procedure', async () => {
  const { page, seen } = await openWithDocuments();
  await choose(page, '鈴木 一郎', '受診・手術');
  const visit = page.locator('visits-view tr[data-visit]');
  await visit.first().waitFor();
  assert.equal(await visit.count(), 1);
  assert.match(clean(await visit.innerText()), /^2026年10月15日 外来 ひまわり台クリニック 循環器内科 高血圧症の定期受診 高橋 直子$/);
  const procedure = clean(await page.locator('visits-view tr[data-procedure]').innerText());
  assert.match(procedure, /12誘導心電図 胸部 洞調律、明らかな虚血性変化なし ひまわり台クリニック 実施者: 高橋 直子 受診時: 外来 2026年10月15日/);
  assert.equal(clean(await page.locator('visits-view [data-view-whose]').textContent()), '鈴木 一郎');
  await page.getByRole('button', { name: 'English' }).click();
  assert.match(clean(await visit.innerText()), /Outpatient/);
  assert.deepEqual(seen.consoleErrors, []);
  assert.deepEqual(seen.foreignRequests, []);
  await page.close();
});

test('cards: numbers masked until the person asks to see them, 公費 with its programme and validity', async () => {
  const { page, seen } = await openWithDocuments();
  await choose(page, '鈴木 一郎', '保険証・受給者証');
  const card = page.locator('cards-view [data-kind="insurance"]');
  await card.waitFor();
  const masked = clean(await card.innerText());
  assert.match(masked, /けやき健康保険組合/);
  assert.match(masked, /保険者番号 06131234/);
  assert.match(masked, /記号 \*や４ 番号 \*\*\*\*３８ 枝番 \*\*/);
  assert.doesNotMatch(masked, /１０２９３８/);
  await card.locator('[data-reveal]').click();
  const revealed = clean(await card.innerText());
  assert.match(revealed, /記号 けや４ 番号 １０２９３８ 枝番 00/);
  assert.equal(await card.locator('[data-reveal]').getAttribute('aria-pressed'), 'true');
  await card.locator('[data-reveal]').click();
  assert.doesNotMatch(clean(await card.innerText()), /１０２９３８/);
  const kohi = clean(await page.locator('cards-view [data-kind="public-expense"]').innerText());
  assert.match(kohi, /公費負担医療 有効/);
  assert.match(kohi, /公費負担者 東京都 制度 難病医療（特定医療費） 公費負担者番号 54136015 受給者番号 \*\*\*\*\*91/);
  assert.match(kohi, /有効期間 2026年4月1日〜2027年3月31日/);
  assert.deepEqual(seen.consoleErrors, []);
  await page.close();
});

test('EHR summary: the care plan\'s text in full, line by line, with its goal and who wrote it', async () => {
  const { page, seen } = await openWithDocuments();
  await choose(page, '鈴木 一郎', '医療情報・文書');
  const plan = page.locator('ehr-summary-view [data-care-plan]');
  await plan.waitFor();
  const text = await plan.locator('[data-care-plan-text]').innerText();
  assert.deepEqual(text.split('\n').map((l) => l.trim()).filter(Boolean),
    ['高血圧について内服を継続してください。', '塩分は1日6g未満を目安にしましょう。', '家庭血圧を毎朝測って手帳に記録してください。']);
  const all = clean(await plan.innerText());
  assert.match(all, /アムロジピン5mgを1日1回朝食後に内服する/);
  assert.match(all, /2026年10月15日 ・ 作成者: 高橋 直子 ・ ひまわり台クリニック ・ 循環器内科/);
  const goal = clean(await page.locator('ehr-summary-view [data-goal]').innerText());
  assert.match(goal, /診察室血圧 130\/80 mmHg 未満 収縮期血圧: <130 mmHg 拡張期血圧: <80 mmHg/);
  // The document the plan came from opens from the plan.
  await plan.getByRole('button', { name: '患者サマリー（療養計画書）' }).click();
  await page.locator('ehr-summary-view [data-open-document="患者サマリー（療養計画書）"]').waitFor();
  assert.deepEqual(seen.consoleErrors, []);
  await page.close();
});

test("growth: the child's height, weight and head circumference charts drawn, and each checkup's findings", async () => {
  const { page, seen } = await openWithDocuments();
  await choose(page, child.name, '成長・健診');
  for (const key of ['height', 'weight', 'headCircumference', 'bmi']) {
    await page.locator(`growth-view [data-growth-series="${key}"]`).waitFor();
  }
  await page.waitForFunction(() => {
    const view = document.querySelector('techo-app')?.shadowRoot?.querySelector('growth-view');
    const charts = [...(view?.shadowRoot?.querySelectorAll('growth-chart') ?? [])];
    return charts.length === 4 && charts.every((c) => (c.shadowRoot?.querySelector('canvas')?.width ?? 0) > 0);
  });
  const heights = page.locator('growth-view [data-growth-series="height"] tbody tr');
  assert.equal(await heights.count(), 5);
  await page.locator('growth-view [data-growth-series="height"] summary').click();
  assert.match(clean(await heights.first().innerText()), /^2019年5月14日 1か月 53\.6 cm 1か月児健康診査 みなみ小児科クリニック$/);
  assert.match(clean(await heights.nth(2).innerText()), /1歳6か月 79\.3 cm/);
  const checkups = page.locator('growth-view [data-checkup]');
  assert.equal(await checkups.count(), 5);
  // Newest first: the school checkup.
  assert.match(clean(await checkups.first().innerText()), /定期健康診断（小学1年） 2026年5月12日 ・ 7歳1か月 ・ さくら市立みどり小学校/);
  assert.match(clean(await checkups.first().innerText()), /視力（右） A（1\.0以上） 視力（左） B（0\.7〜0\.9）/);
  assert.match(clean(await page.locator('growth-view [data-checkup="3歳児健康診査"]').innerText()), /むし歯 1本（要治療）/);
  // The adult has no growth chart of her own from these documents.
  await choose(page, '鈴木 一郎', '成長・健診');
  await page.locator('growth-view [data-growth-person="鈴木 一郎"]').waitFor();
  assert.equal(await page.locator('growth-view growth-chart').count(), 0);
  // In English, ages read as English.
  await page.locator(`person-picker label[data-person="${child.name}"]`).click();
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('growth-view [data-growth-series="height"] summary').click();
  assert.match(clean(await heights.nth(2).innerText()), /1 year 6 months 79\.3 cm/);
  assert.match(clean(await heights.nth(0).innerText()), /1 month 53\.6 cm/);
  assert.match(clean(await page.locator('growth-view [data-checkup]').first().innerText()), /7 years 1 month/);
  assert.deepEqual(seen.consoleErrors, []);
  assert.deepEqual(seen.pageErrors, []);
  await page.close();
});

test('the visits, cards, growth and care plan views with these documents have no WCAG 2.1 A/AA violations', async () => {
  const { page, seen } = await openWithDocuments();
  const violations = async () => (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze())
    .violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  for (const [person, tab, ready] of [['鈴木 一郎', '受診・手術', 'visits-view tr[data-visit]'],
    ['鈴木 一郎', '保険証・受給者証', 'cards-view [data-card]'], ['鈴木 一郎', '医療情報・文書', 'ehr-summary-view [data-care-plan]'],
    [child.name, '成長・健診', 'growth-view [data-checkup]']]) {
    await choose(page, person, tab);
    await page.locator(ready).first().waitFor();
    assert.deepEqual(await violations(), [], tab);
  }
  assert.deepEqual(seen.consoleErrors, []);
  await page.close();
});
