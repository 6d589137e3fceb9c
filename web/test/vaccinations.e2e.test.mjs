// The family's vaccinations in the real page (headless Chromium), as a parent meets them:
// the reminders at the top, each child's due list, invalid doses with their reason and the
// schedule chart; a child added and two doses recorded by hand; the calendar saved and read
// back by an independent parser (ical.js). Nothing leaves the page's origin.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { appUnderTest } from './browser.mjs';

const ICAL = createRequire(new URL('../../wasm/package.json', import.meta.url))('ical.js');
const app = appUnderTest();
const clean = (text) => text.replace(/\s+/g, ' ').trim();

async function openVaccinations(page) {
  await page.getByRole('tab', { name: '予防接種' }).click();
  await page.locator('immunizations-view section[data-vaccinations-of]').first().waitFor();
}

const texts = async (locator) => (await locator.allInnerTexts()).map(clean);

test('さくら: the overdue 五種混合 booster, the early dose that does not count and why, varicella dose 2 due, and the reminder', async () => {
  const { page, seen } = await app.open();
  // The reminders are at the top of the page as soon as the record shows, for the children only.
  const reminders = page.locator('vaccination-reminders li[data-reminder-of="山田 さくら"]');
  await reminders.first().waitFor();
  const sakuraReminders = await texts(reminders);
  assert.ok(sakuraReminders.includes('山田 さくら: 水痘 2回目 — 接種時期です（2026年11月15日〜）'), sakuraReminders.join('\n'));
  assert.ok(sakuraReminders.includes('山田 さくら: 五種混合（DPT-IPV-Hib）第1期 4回目 — 期限超過（2025年1月12日〜）'), sakuraReminders.join('\n'));
  assert.equal(await page.locator('vaccination-reminders li[data-reminder-of="山田 花子"]').count(), 0, 'no adult among the reminders');
  // A voluntary vaccine long overdue (太郎's mumps, recommended at 1) stays in the view, not in the reminders.
  assert.equal(await page.locator('vaccination-reminders li', { hasText: 'おたふくかぜ' }).count(), 0);
  assert.ok((await texts(page.locator('vaccination-reminders li'))).some((l) => l.startsWith('山田 太郎: インフルエンザ')));
  // The banner comes before everything else on the page.
  assert.equal(await page.evaluate(() => document.querySelector('techo-app').shadowRoot.querySelector('main').firstElementChild.localName),
    'vaccination-reminders');

  await openVaccinations(page);
  const view = page.locator('immunizations-view');
  // With the account holder chosen, the view shows the children, and says whose they are.
  assert.equal(clean(await view.locator('[data-view-whose]').textContent()), '子ども（山田 太郎・山田 さくら）');
  const sakura = view.locator('section[data-vaccinations-of="山田 さくら"]');
  assert.equal(clean(await sakura.locator('h3').first().textContent()), '山田 さくら 2歳9か月（2024年2月15日）');
  assert.equal(await view.locator('section[data-vaccinations-of="山田 花子"]').count(), 0);

  const booster = clean(await sakura.locator('li[data-upcoming="DPT-IPV-Hib"]').innerText());
  assert.match(booster, /^五種混合（DPT-IPV-Hib）第1期 4回目 — 期限超過/);
  assert.match(booster, /標準的な接種期間: 2025年1月12日〜2026年1月12日/);
  assert.equal(await sakura.locator('li[data-upcoming="DPT-IPV-Hib"]').getAttribute('data-status'), 'overdue');
  const varicella = clean(await sakura.locator('li[data-upcoming="VAR"]').innerText());
  assert.match(varicella, /^水痘 2回目 — 接種時期です 標準的な接種期間: 2026年11月15日〜2027年2月14日 ・ 最短で: 2026年8月15日 ・ 定期接種（無料）の期限: 2027年2月14日$/);
  // Varicella's free window ends in 85 days: a warning.
  assert.equal(clean(await sakura.locator('[data-free-window-ending] li[data-series="VAR"]').innerText()),
    '水痘: 定期接種（無料）で受けられるのは 2027年2月14日 までです（あと85日）');

  const early = sakura.locator('li[data-invalid-dose="2024-12-20"]');
  assert.equal(await early.getAttribute('data-reason'), 'interval-too-short');
  assert.match(clean(await early.innerText()),
    /^2024年12月20日 の 五種混合（DPT-IPV-Hib）第1期（五種混合（DPT-IPV-Hib））: 接種間隔が不足。この接種は回数に数えません（有効になるのは 2025年1月12日 から）/);
  assert.match(clean(await sakura.locator('[data-forecast-notes]').innerText()), /does not anchor later intervals/);

  // The chart: three valid doses and the crossed-out early one in their age columns, the next dose marked now.
  const chart = view.locator('section[data-schedule-section-of="山田 さくら"]');
  assert.equal(clean(await chart.locator('h3').textContent()), '山田 さくらの接種スケジュール（月齢・年齢別） 2歳9か月');
  const row = chart.locator('table[data-schedule-of="山田 さくら"] tr[data-series="DPT-IPV-Hib"]');
  assert.deepEqual(await row.locator('.mark.valid[data-dose]').evaluateAll((marks) => marks.map((m) => [m.closest('td').dataset.age, m.dataset.dose])),
    [['3m', '2024-05-17'], ['4m', '2024-06-14'], ['4m', '2024-07-12']]);
  const crossed = row.locator('[data-invalid][data-dose="2024-12-20"]');
  assert.equal(await crossed.evaluate((m) => m.closest('td').dataset.age), '9–11m');
  assert.match(await crossed.getAttribute('title'), /接種間隔が不足（有効になるのは 2025年1月12日 から）/);
  // Overdue: the next dose is marked at her age now; the recommended window (12–23 months) has passed.
  assert.equal(await row.locator('[data-next-dose="4"]').evaluate((m) => m.closest('td').dataset.age), '2y');
  assert.match(await row.locator('td[data-age="12–15m"]').getAttribute('class'), /recommended/);
  assert.match(await row.locator('td[data-age="16–23m"]').getAttribute('class'), /recommended/);
  assert.match(await row.locator('td[data-age="2y"]').getAttribute('class'), /^eligible now$/);
  assert.match(await row.locator('td[data-age="7y"]').getAttribute('class'), /eligible/);
  assert.doesNotMatch(await row.locator('td[data-age="8y"]').getAttribute('class'), /eligible/);
  assert.equal(await chart.locator('th.now').textContent(), '2');

  // One child chosen: only her card and chart, and the view names her.
  await page.locator('person-picker label[data-person="山田 さくら"]').click();
  await view.locator('[data-view-whose]', { hasText: /^山田 さくら$/ }).waitFor();
  assert.deepEqual(await view.locator('section[data-vaccinations-of]').evaluateAll((s) => s.map((e) => e.dataset.vaccinationsOf)), ['山田 さくら']);
  assert.equal(await view.locator('table[data-schedule-of]').count(), 1);

  // In English, the same, in English words.
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('vaccination-reminders li', { hasText: 'Varicella dose 2 — Due now' }).first().waitFor();
  assert.match(clean(await sakura.locator('li[data-invalid-dose="2024-12-20"]').innerText()), /too soon after the previous dose\. It does not count/);

  assert.deepEqual(seen.consoleErrors, []);
  assert.deepEqual(seen.pageErrors, []);
  assert.deepEqual(seen.foreignRequests, []);
  await page.close();
});

test('a child added by hand, two doses recorded: the due list, the chart and the reminders change', async () => {
  const { page, seen } = await app.open();
  await openVaccinations(page);
  const view = page.locator('immunizations-view');
  const addChild = view.locator('form[data-add-child]');
  await addChild.getByLabel('氏名').fill('山田 ひなた');
  await addChild.getByLabel('生年月日').fill('2026-06-01');
  await addChild.getByLabel('性別').selectOption('female');
  await addChild.getByRole('button', { name: '追加する' }).click();
  const hinata = view.locator('section[data-vaccinations-of="山田 ひなた"]');
  await hinata.waitFor();
  assert.equal(clean(await view.locator('[data-notice]').textContent()), '山田 ひなたさんを追加しました');
  assert.equal(clean(await hinata.locator('h3').first().textContent()), '山田 ひなた 0歳5か月（2026年6月1日）');
  // The person picker lists her too.
  await page.locator('person-picker label[data-person="山田 ひなた"]').waitFor();
  const due = async () => hinata.locator('li[data-upcoming]').evaluateAll((items) => items.map((i) => `${i.dataset.upcoming}:${i.dataset.status}`));
  const before = await due();
  for (const id of ['HepB:due', 'PCV:due', 'DPT-IPV-Hib:due', 'BCG:due']) assert.ok(before.includes(id), before.join());
  assert.match(clean(await hinata.locator('li[data-upcoming="HepB"]').innerText()), /^B型肝炎 1回目 — 接種時期です/);

  // A dose before her birth is refused: the core's message with the field it names.
  const record = view.locator('form[data-record-dose]');
  await record.getByLabel('子ども').selectOption({ label: '山田 ひなた' });
  await record.getByLabel('ワクチン').selectOption('HepB');
  await record.getByLabel('日付').fill('2026-05-01');
  await record.getByRole('button', { name: '記録する' }).click();
  await view.locator('[data-form-error]').waitFor();
  assert.match(clean(await view.locator('[data-form-error]').textContent()), /（dose\.date）$/);

  for (const [product, lot] of [['HepB', 'HB-0801'], ['PCV20', 'PCV-0801']]) {
    await record.getByLabel('子ども').selectOption({ label: '山田 ひなた' });
    await record.getByLabel('ワクチン').selectOption(product);
    await record.getByLabel('日付').fill('2026-08-01');
    await record.getByLabel('ロット番号').fill(lot);
    await record.getByLabel('医療機関').fill('ひまわり小児科（架空）');
    await record.getByRole('button', { name: '記録する' }).click();
    await view.locator('[data-notice]', { hasText: `記録しました: 山田 ひなた` }).filter({ hasText: lot === 'HB-0801' ? 'B型肝炎' : '20価' }).waitFor();
  }
  // Both doses in the chart, in the 2-month column (she reached 2 months on 2026-07-31).
  const marks = view.locator('table[data-schedule-of="山田 ひなた"] .mark.valid[data-dose]');
  await page.waitForFunction(() => {
    const view = document.querySelector('techo-app').shadowRoot.querySelector('immunizations-view');
    return view.shadowRoot.querySelectorAll('table[data-schedule-of="山田 ひなた"] .mark.valid[data-dose]').length === 2;
  });
  assert.deepEqual(await marks.evaluateAll((ms) => ms.map((m) => [m.closest('tr').dataset.series, m.closest('td').dataset.age, m.dataset.dose, m.textContent.trim().slice(0, 1)])),
    [['HepB', '2m', '2026-08-01', '1'], ['PCV', '2m', '2026-08-01', '1']]);
  // The due list moved on: dose 2 of each, the others as before.
  assert.match(clean(await hinata.locator('li[data-upcoming="HepB"]').innerText()), /^B型肝炎 2回目 — 接種時期です/);
  assert.match(clean(await hinata.locator('li[data-upcoming="PCV"]').innerText()), /^小児の肺炎球菌 2回目 — 接種時期です/);
  assert.match(clean(await hinata.locator('li[data-upcoming="DPT-IPV-Hib"]').innerText()), /^五種混合（DPT-IPV-Hib）第1期 1回目/);
  // Her history holds both records as entered.
  await hinata.locator('details summary').click();
  assert.deepEqual(await texts(hinata.locator('table[data-history-of="山田 ひなた"] tbody tr')), [
    '2026年8月1日 B型肝炎 1回目 B型肝炎 HB-0801 ひまわり小児科（架空）',
    '2026年8月1日 小児の肺炎球菌 1回目 小児用肺炎球菌 20価 PCV-0801 ひまわり小児科（架空）',
  ]);
  // And the reminders at the top name her next doses.
  const reminders = await texts(page.locator('vaccination-reminders li[data-reminder-of="山田 ひなた"]'));
  assert.ok(reminders.some((r) => /^山田 ひなた: B型肝炎 2回目 — 接種時期です（2026年8月29日〜）$/.test(r)), reminders.join('\n'));
  assert.ok(reminders.some((r) => /^山田 ひなた: 小児の肺炎球菌 2回目 — /.test(r)), reminders.join('\n'));
  assert.ok(reminders.some((r) => /^山田 ひなた: BCG（結核） 1回目 — /.test(r)), reminders.join('\n'));
  assert.deepEqual(seen.consoleErrors, []);
  assert.deepEqual(seen.pageErrors, []);
  assert.deepEqual(seen.foreignRequests, []);
  await page.close();
});

test('the calendar is saved from the page and ical.js reads its events, each with two alarms', async () => {
  const { page, seen } = await app.open();
  await openVaccinations(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('immunizations-view [data-download-calendar]').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'techo-vaccinations.ics');
  assert.match(download.url(), /^blob:/);
  const text = await readFile(await download.path(), 'utf8');
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent');
  assert.ok(events.length >= 4, String(events.length));
  const summaries = events.map((e) => e.getFirstPropertyValue('summary'));
  assert.ok(summaries.includes('山田 さくら: 水痘 2回目'), summaries.join('\n'));
  assert.ok(summaries.some((s) => s.startsWith('山田 太郎: ')), summaries.join('\n'));
  assert.ok(!summaries.some((s) => s.startsWith('山田 花子')), 'only the children shown are in the calendar');
  for (const event of events) {
    assert.deepEqual(event.getAllSubcomponents('valarm').map((a) => a.getFirstPropertyValue('trigger').toString()), ['-P1D', 'PT9H']);
  }
  assert.equal(new Set(events.map((e) => e.getFirstPropertyValue('uid'))).size, events.length);
  await page.locator('immunizations-view [data-notice]', { hasText: `${events.length}件の予定を保存しました` }).waitFor();
  assert.deepEqual(seen.consoleErrors, []);
  assert.deepEqual(seen.foreignRequests, []);
  await page.close();
});
