// Each record view in the real page (headless Chromium), on the demo family: what a
// parent reads about themself and their children.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { childrensWinter } from '../../scripts/generate-family.mjs';
import { appUnderTest } from './browser.mjs';

const app = appUnderTest();

async function openTab(page, name) {
  await page.getByRole('tab', { name }).click();
}

const clean = (text) => text.replace(/\s+/g, ' ').trim();

test('medications: warnings with evidence, what is taken now, and the history', async () => {
  const { page, seen } = await app.open();
  await openTab(page, 'お薬');
  const warnings = page.locator('medications-view [data-warning]');
  await warnings.first().waitFor();
  assert.equal(await warnings.count(), 2);
  const duplicate = clean(await page.locator('medications-view [data-warning="duplicate-ingredient"]').textContent());
  assert.match(duplicate, /同じ成分のお薬が複数の医療機関から処方されています/);
  assert.match(duplicate, /ムコスタ錠１００ｍｇ.*さくら内科クリニック（架空） 佐藤 健一/);
  assert.match(duplicate, /レバミピド錠１００ｍｇ「トーワ」.*あおば整形外科（架空） 鈴木 涼子/);
  const allergy = clean(await page.locator('medications-view [data-warning="allergy-match"]').textContent());
  assert.match(allergy, /ロキソプロフェン（蕁麻疹、呼吸苦） ⇔ ロキソニン錠６０ｍｇ/);

  const current = page.locator('medications-view [data-current-medications] tbody tr');
  assert.equal(await current.count(), 6);
  const amlodipine = clean(await page.locator('medications-view [data-current-medications] tr[data-drug="アムロジピン錠５ｍｇ「サワイ」"]').innerText());
  assert.match(amlodipine, /YJ 2171022F1090 1日1回 朝食後 28日分 1回量 1錠 2026年12月16日まで さくら内科クリニック（架空） 佐藤 健一 みどり薬局（架空） 調剤記録/);
  const loxoprofen = clean(await page.locator('medications-view [data-current-medications] tr[data-drug="ロキソニン錠６０ｍｇ"]').innerText());
  assert.match(loxoprofen, /疼痛時 頓用.*レセプト/);
  const history = clean(await page.locator('medications-view [data-medication-history] tr[data-drug="プレドニゾロン錠５ｍｇ「タケダ」"]').innerText());
  assert.match(history, /朝2錠 昼1錠（不均等）.*東京みなと病院（架空）/);
  assert.deepEqual(seen.consoleErrors, []);
  assert.deepEqual(seen.foreignRequests, []);
  await page.close();
});

test('lab results: a trend chart per analyte with ranges and flags', async () => {
  const { page, seen } = await app.open();
  await openTab(page, '検査結果');
  await page.locator('labs-view [data-analyte="jlac:3D046-019"]').click();
  assert.equal(clean(await page.locator('labs-view [data-trend-title]').textContent()), 'HbA1cの推移');
  // uPlot drew the chart (a canvas) inside the view.
  await page.waitForFunction(() => {
    const app = document.querySelector('techo-app');
    const chart = app?.shadowRoot?.querySelector('labs-view')?.shadowRoot?.querySelector('trend-chart');
    const canvas = chart?.shadowRoot?.querySelector('canvas');
    return canvas && canvas.width > 0;
  });
  const rows = page.locator('labs-view [data-trend-table] tbody tr');
  assert.ok((await rows.count()) >= 40);
  assert.match(clean(await rows.first().innerText()), /^2026年10月22日 6\.7 % \(高\) 4\.6–6\.2 さくら内科クリニック（架空）$/);
  assert.ok((await page.locator('labs-view [data-trend-table] tr[data-flag="H"]').count()) > 0);
  assert.ok((await page.locator('labs-view [data-trend-table] tbody tr', { hasText: 'みなと健診センター（架空）' }).count()) === 10);
  assert.deepEqual(seen.pageErrors, []);
  await page.close();
});

test('checkups: the 特定健診 result form, this year beside last year', async () => {
  const { page } = await app.open();
  await openTab(page, '特定健診');
  const report = page.locator('checkups-view article[data-checkup="2026-06-13"]');
  await report.waitFor();
  // This year's value, its flag, last year's (flagged too), the report's range.
  assert.match(clean(await report.locator('tr[data-item="hba1c"]').innerText()), /^HbA1c 6\.3 % 高 6\.3 % 高 –5\.5$/);
  assert.match(clean(await report.locator('tr[data-item="guidance"]').innerText()), /保健指導レベル 動機付け支援/);
  assert.equal(clean(await report.locator('[data-institution]').innerText()), 'みなと健診センター（架空）');
  assert.deepEqual(await report.locator('caption').allTextContents(), ['身体計測', '血圧', '脂質', '肝機能', '血糖', '尿検査', '判定']);
  await page.selectOption('#checkup-date', { label: '2017-06-11' });
  await page.locator('checkups-view article[data-checkup="2017-06-11"]').waitFor();
  assert.match(clean(await page.locator('checkups-view tr[data-item="metabolic"]').innerText()), /非該当/);
  await page.close();
});

test('EHR summary: six kinds of information, and a discharge summary read section by section', async () => {
  const { page } = await app.open();
  await openTab(page, '医療情報・文書');
  const contraindications = page.locator('ehr-summary-view [data-info="contraindications"] li');
  await contraindications.first().waitFor();
  assert.equal(clean(await contraindications.first().textContent()), 'ロキソプロフェン（蕁麻疹、呼吸苦）');
  assert.equal(await page.locator('ehr-summary-view [data-info="prescriptions"] li').count(), 6);
  await page.locator('ehr-summary-view li[data-document="退院時サマリー"] button').click();
  const doc = page.locator('ehr-summary-view article[data-open-document="退院時サマリー"]');
  await doc.waitFor();
  const text = clean(await doc.textContent());
  assert.match(text, /入院中経過 3月17日 冠動脈造影にて.*ステント留置/);
  assert.match(text, /退院時処方 プレドニゾロン錠5mg 1日2回 朝昼食後 朝2錠 昼1錠（不均等） 7日分/);
  assert.match(text, /作成者: 高橋 誠 \(東京みなと病院（架空）\)/);
  await page.close();
});

test('vaccinations: each child has their own history', async () => {
  const { page } = await app.open();
  await page.locator('person-picker label[data-person="家族全員"]').click();
  await openTab(page, '予防接種');
  // One card per child, each with their own doses as recorded (the forecast view of issue 13).
  const taroCard = page.locator('immunizations-view section[data-vaccinations-of="山田 太郎"]');
  await taroCard.waitFor();
  await taroCard.locator('details summary').click();
  const taro = taroCard.locator('table[data-history-of="山田 太郎"] tbody tr');
  assert.equal(await taro.count(), 25);
  assert.equal(await page.locator('immunizations-view table[data-history-of="山田 さくら"] tbody tr').count(), 17);
  assert.match(clean(await taro.first().innerText()), /^2019年7月12日 B型肝炎 1回目 B型肝炎 HEPB-190712 こども小児科（架空）$/);
  assert.match(clean(await taro.filter({ hasText: 'HIB-190712' }).innerText()), /^2019年7月12日 Hib（単独ワクチン, 2024-03-31以前に開始した子） 1回目 ヒブ（Hib） HIB-190712 こども小児科（架空）$/);
  await page.close();
});

test('emergency: one printable page; printing leaves only the summary', async () => {
  const { page } = await app.open();
  await openTab(page, '救急時');
  const who = page.locator('emergency-view [data-emergency-person]');
  await who.waitFor();
  assert.equal(clean(await who.textContent()), '山田 花子（ヤマダ ハナコ） 1978年4月12日 48歳');
  assert.match(clean(await page.locator('emergency-view [data-emergency="contraindications"]').textContent()), /ロキソプロフェン（蕁麻疹、呼吸苦）/);
  assert.equal(await page.locator('emergency-view [data-emergency="medications"] li').count(), 6);
  assert.ok((await page.locator('emergency-view [data-emergency="labs"] tr').count()) >= 3);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('vault-panel').isVisible(), false);
  assert.equal(await page.locator('import-panel').isVisible(), false);
  assert.equal(await page.locator('emergency-view').isVisible(), true);
  await page.close();
});

test("lifelog: a child's own lifelog holds the heights and weights measured at her check-ups", async () => {
  const { page, seen } = await app.open();
  await page.locator('person-picker label[data-person="山田 さくら"]').click();
  await openTab(page, 'ライフログ');
  await page.selectOption('#lifelog-metric', 'body-height');
  await page.selectOption('#lifelog-range', 'weeks');
  const rows = page.locator('lifelog-view [data-lifelog-days] tbody tr');
  await rows.first().waitFor();
  // Six check-ups, newest first; none of the parent's devices.
  assert.equal(await rows.count(), 6);
  assert.match(clean(await rows.first().innerText()), /^2026年8月14日 87\.6 87\.6 = こども小児科（架空） 1件$/);
  assert.match(clean(await rows.last().innerText()), /^2024年3月15日 53\.1 /);
  const table = await page.locator('lifelog-view [data-lifelog-days]').innerText();
  assert.doesNotMatch(table, /Apple Watch|iPhone|TANITA/);
  // The explanation in the reader's language.
  await page.getByRole('button', { name: 'English' }).click();
  await page.waitForFunction(() => {
    const app = document.querySelector('techo-app');
    const first = app?.shadowRoot?.querySelector('lifelog-view')?.shadowRoot?.querySelector('[data-lifelog-days] tbody tr');
    return first?.textContent.includes('1 reading');
  });
  assert.match(clean(await rows.first().innerText()), / 87\.6 = こども小児科（架空） 1 reading$/);
  assert.deepEqual(seen.pageErrors, []);
  await page.close();
});

test('dates in the Japanese era, and the views in English', async () => {
  const { page } = await app.open();
  await page.getByLabel('和暦で表示').check();
  assert.equal(await page.locator('summary-view time').first().textContent(), '昭和53年4月12日');
  await page.getByRole('button', { name: 'English' }).click();
  await openTab(page, 'Medications');
  await page.locator('medications-view [data-warning]').first().waitFor();
  assert.match(await page.locator('medications-view [data-warning="allergy-match"] h3').textContent(),
    /A prescribed drug matches a recorded drug allergy or contraindication/);
  await page.close();
});

test('lifelog: a year of overlapping devices merged, each day explained, the priority re-merges', async () => {
  const { page, seen } = await app.open();
  await openTab(page, 'ライフログ');
  const latest = page.locator('lifelog-view [data-lifelog-days] tbody tr').first();
  await latest.waitFor();
  // The demo day: the watch counts 08:00–20:00, the phone fills the morning and evening.
  const row = clean(await latest.innerText());
  assert.match(row, /^2026年11月21日 9,374 9,374 = iPhone 2,238 \(07:00–08:00, 20:00–23:00\) \+ Apple Watch 7,136 \(08:00–20:00\)$/);
  assert.equal(await page.locator('lifelog-view [data-lifelog-days] tbody tr').count(), 30);
  // Hovering the chart names the sources of the day under the cursor.
  await page.locator('lifelog-view .chart').scrollIntoViewIfNeeded();
  const box = await page.locator('lifelog-view .chart').boundingBox();
  await page.mouse.move(box.x + box.width * 0.6, box.y + 100);
  await page.waitForFunction(() => {
    const app = document.querySelector('techo-app');
    return /Apple Watch/.test(app?.shadowRoot?.querySelector('lifelog-view')?.shadowRoot?.querySelector('[data-hover]')?.textContent ?? '');
  });
  // The phone above the watch: the day is merged again from the phone first.
  await page.getByRole('button', { name: 'スマートフォン を上へ' }).click();
  await page.waitForFunction(() => {
    const app = document.querySelector('techo-app');
    const first = app?.shadowRoot?.querySelector('lifelog-view')?.shadowRoot?.querySelector('[data-lifelog-days] tbody tr');
    return first && !first.textContent.includes('9,374');
  });
  assert.match(clean(await latest.innerText()), /= iPhone [\d,]+ \(07:00–23:00\)/);
  // Sleep: one night from the watch, the phone's overlapping session not added.
  await page.selectOption('#lifelog-metric', 'sleep');
  await page.waitForFunction(() => {
    const app = document.querySelector('techo-app');
    const first = app?.shadowRoot?.querySelector('lifelog-view')?.shadowRoot?.querySelector('[data-lifelog-days] tbody tr');
    return first?.textContent.includes('（iPhone と重複）');
  });
  // The watch scores the night by stage: the bar's labels say how long each was.
  const stages = clean(await latest.locator('[data-stages]').innerText());
  assert.match(stages, /深い睡眠 \d+・浅い睡眠 \d+・レム睡眠 \d+/);
  // The night explained in Japanese: the watch's night, the phone's overlapping one not added.
  assert.match(clean(await latest.locator('td').last().innerText()), /^\d+分 = Apple Watch（iPhone と重複）：深い睡眠 \d+・浅い睡眠 \d+・レム睡眠 \d+$/);
  const minutes = [...stages.matchAll(/\d+/g)].reduce((sum, m) => sum + Number(m[0]), 0);
  const total = Number(clean(await latest.locator('td').nth(1).innerText()).replace(/,/g, ''));
  assert.ok(Math.abs(minutes - total) <= 3, `stages ${minutes} min vs night ${total} min`);
  // The bar draws the same stages, side by side across its whole width, in the page's CSP.
  const rects = await latest.locator('[data-stage-bar] rect').evaluateAll((all) => all.map((r) => [Number(r.getAttribute('x')), Number(r.getAttribute('width'))]));
  const widths = rects.map(([, w]) => w);
  assert.equal(widths.length, 3);
  assert.ok(Math.abs(widths.reduce((a, b) => a + b, 0) - 100) < 1e-6);
  // Side by side: each part starts where the one before it ends.
  rects.forEach(([x], i) => assert.ok(Math.abs(x - (i ? rects[i - 1][0] + rects[i - 1][1] : 0)) < 1e-6, `part ${i} starts at ${x}`));
  const drawn = await latest.locator('[data-stage-bar] rect').first().boundingBox();
  assert.ok(drawn && drawn.width > 10, 'the deep-sleep part of the bar is drawn');
  assert.deepEqual(seen.consoleErrors, []);
  assert.deepEqual(seen.pageErrors, []);
  await page.close();
});

test('everyone: one printable emergency card per person with their own records, and no safety warning across people', async (t) => {
  // The children's winter (their own allergies, conditions and medicines) added to the demo.
  const dir = mkdtempSync(join(tmpdir(), 'techo-winter-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const winter = childrensWinter();
  const file = join(dir, winter.name);
  writeFileSync(file, JSON.stringify(winter.bundle));
  const { page, seen } = await app.open();
  await page.setInputFiles('#import-file', file);
  await page.locator('[data-import-report]').waitFor();
  await page.locator('person-picker label[data-person="家族全員"]').click();
  await openTab(page, '救急時');

  const cards = page.locator('emergency-view [data-emergency-card]');
  await cards.first().waitFor();
  assert.equal(clean(await page.locator('emergency-view [data-view-whose]').textContent()), '家族全員（山田 花子・山田 太郎・山田 さくら）');
  assert.deepEqual(await cards.evaluateAll((all) => all.map((c) => c.getAttribute('data-emergency-card'))), ['山田 花子', '山田 太郎', '山田 さくら']);
  const card = (name) => page.locator(`emergency-view [data-emergency-card="${name}"]`);
  const section = async (name, what) => clean(await card(name).locator(`[data-emergency="${what}"]`).textContent());
  const items = (name, what) => card(name).locator(`[data-emergency="${what}"] li`).allTextContents();

  assert.match(clean(await card('山田 花子').locator('[data-emergency-person]').textContent()), /^山田 花子（ヤマダ ハナコ） 1978年4月12日 48歳$/);
  assert.match(await section('山田 花子', 'contraindications'), /ロキソプロフェン（蕁麻疹、呼吸苦）/);
  assert.doesNotMatch(await section('山田 花子', 'contraindications'), /アモキシシリン/);
  assert.equal((await items('山田 花子', 'medications')).length, 6);
  assert.match(await section('山田 花子', 'conditions'), /２型糖尿病/);
  assert.doesNotMatch(await section('山田 花子', 'conditions'), /気管支喘息|中耳炎/);

  assert.match(clean(await card('山田 太郎').locator('[data-emergency-person]').textContent()), /^山田 太郎（ヤマダ タロウ） 2019年5月10日 7歳$/);
  assert.deepEqual((await items('山田 太郎', 'contraindications')).map(clean), ['アモキシシリン（発疹）']);
  assert.deepEqual((await items('山田 太郎', 'medications')).map((m) => clean(m).split(' —')[0]).sort(), ['キプレス細粒４ｍｇ', 'ムコダインＤＳ５０％']);
  assert.deepEqual((await items('山田 太郎', 'conditions')).map(clean), ['気管支喘息']);

  assert.match(clean(await card('山田 さくら').locator('[data-emergency-person]').textContent()), /^山田 さくら（ヤマダ サクラ） 2024年2月15日 2歳$/);
  assert.match(await section('山田 さくら', 'contraindications'), /なし/);
  assert.deepEqual((await items('山田 さくら', 'allergies')).map(clean), ['鶏卵']);
  assert.deepEqual((await items('山田 さくら', 'medications')).map((m) => clean(m).split(' —')[0]).sort(), ['カルボシステインＤＳ５０％「タカタ」', 'サワシリン細粒１０％']);
  assert.deepEqual((await items('山田 さくら', 'conditions')).map(clean), ['急性中耳炎']);

  // Printed, each card is its own page, headed with its person.
  await page.emulateMedia({ media: 'print' });
  for (const name of ['山田 花子', '山田 太郎', '山田 さくら']) assert.equal(await card(name).isVisible(), true, name);
  assert.equal(await card('山田 太郎').evaluate((c) => getComputedStyle(c).breakBefore), 'page');
  // As a PDF on A4: one page per person, the parent's six medicines and her labs included.
  const pdfBytes = await page.pdf({ format: 'A4' });
  if (process.env.TECHO_EMERGENCY_PDF) writeFileSync(process.env.TECHO_EMERGENCY_PDF, pdfBytes);  // to look at
  const pdf = Buffer.from(pdfBytes).toString('latin1');
  assert.equal((pdf.match(/\/Type\s*\/Page(?!s)/g) ?? []).length, 3);
  await page.emulateMedia({ media: 'screen' });

  // The safety checks, everyone's: only the parent's own two warnings, under her name.
  await openTab(page, 'お薬');
  const warnings = page.locator('medications-view [data-warning]');
  await warnings.first().waitFor();
  assert.match(clean(await page.locator('medications-view [data-view-whose]').textContent()), /^家族全員（山田 花子・山田 太郎・山田 さくら）$/);
  assert.equal(await warnings.count(), 2);
  assert.equal(await page.locator('medications-view [data-warnings-of="山田 花子"] [data-warning]').count(), 2);
  for (const text of await warnings.allTextContents()) {
    assert.match(clean(text), /山田 花子/);
    assert.doesNotMatch(text, /アモキシシリン|サワシリン|ムコダインＤＳ|カルボシステイン/);
  }
  assert.match(clean(await page.locator('medications-view [data-warnings-of="山田 太郎"]').textContent()), /山田 太郎.*注意はありません/);
  assert.deepEqual(seen.consoleErrors, []);
  assert.deepEqual(seen.pageErrors, []);
  await page.close();
});

test('every view names whose records it shows: one person, or 家族全員 with the names', async () => {
  const { page, seen } = await app.open();
  const whose = async (view) => {
    const line = page.locator(`${view} [data-view-whose]`);
    await line.waitFor();
    return clean(await line.textContent());
  };
  await openTab(page, 'お薬');
  assert.equal(await whose('medications-view'), '山田 花子');
  await page.locator('person-picker label[data-person="山田 太郎"]').click();
  await page.waitForFunction(() => {
    const view = document.querySelector('techo-app')?.shadowRoot?.querySelector('medications-view');
    return view?.shadowRoot?.querySelector('[data-view-whose]')?.textContent.includes('山田 太郎');
  });
  await page.locator('person-picker label[data-person="家族全員"]').click();
  const everyone = '家族全員（山田 花子・山田 太郎・山田 さくら）';
  for (const [tab, view] of [['検査結果', 'labs-view'], ['特定健診', 'checkups-view'], ['医療情報・文書', 'ehr-summary-view'],
    ['救急時', 'emergency-view'], ['タイムライン', 'records-view']]) {
    await openTab(page, tab);
    assert.equal(await whose(view), everyone, tab);
  }
  // The vaccinations are the children's (everyone under 20), and the view says so.
  await openTab(page, '予防接種');
  assert.equal(await whose('immunizations-view'), '子ども（山田 太郎・山田 さくら）');
  await openTab(page, 'タイムライン');
  await page.locator('records-view [data-record-person]').first().waitFor();
  // The timeline of everyone: each record names its person.
  const names = await page.locator('records-view [data-record-person]').allTextContents();
  assert.ok(names.length > 0);
  assert.ok(names.every((n) => /^（山田 (花子|太郎|さくら)）$/.test(clean(n))), names.join());
  // A lifelog is one person's: with everyone selected, the account holder's, and it says so.
  await openTab(page, 'ライフログ');
  assert.equal(await whose('lifelog-view'), '山田 花子');
  assert.deepEqual(seen.consoleErrors, []);
  await page.close();
});
