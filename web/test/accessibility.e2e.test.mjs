// Accessibility of the page as a citizen meets it (axe-core rules, WCAG 2.1 A/AA), in
// Japanese and in English, with the demo record shown and with the encrypted-file form open.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import AxeBuilder from '@axe-core/playwright';

import { appUnderTest } from './browser.mjs';

const encryptedDemo = fileURLToPath(new URL('../../assets/demo/yamada-hanako.fhir.json.age', import.meta.url));

const app = appUnderTest();

async function violations(page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  // The audit must have looked inside the components' shadow roots, or it proves nothing.
  const passed = new Set(result.passes.map((p) => p.id));
  for (const rule of ['label', 'color-contrast', 'html-has-lang', 'document-title']) {
    assert.ok(passed.has(rule), `axe checked and passed "${rule}"`);
  }
  const labelled = result.passes.find((p) => p.id === 'label');
  assert.ok(labelled.nodes.some((n) => JSON.stringify(n.target).includes('import-file')), 'the file input was audited');
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the page has no WCAG 2.1 A/AA violations, in Japanese and English', async () => {
  const { page } = await app.open();
  assert.deepEqual(await violations(page), []);
  await page.getByRole('button', { name: 'English' }).click();
  assert.deepEqual(await violations(page), []);
  await page.close();
});

test('the encrypted-file form has no WCAG 2.1 A/AA violations', async () => {
  const { page } = await app.open();
  await page.setInputFiles('#import-file', encryptedDemo);
  await page.locator('[data-key-form]').waitFor();
  assert.deepEqual(await violations(page), []);
  await page.close();
});

const recordViews = {
  'タイムライン': 'records-view li', 'お薬': 'medications-view [data-current-medications]',
  '検査結果': 'labs-view [data-trend-table]', '特定健診': 'checkups-view table', '医療情報・文書': 'ehr-summary-view [data-info]',
  '予防接種': 'immunizations-view section', 'ライフログ': 'lifelog-view [data-lifelog-days]',
  '救急時': 'emergency-view [data-emergency-person]',
  '受診・手術': 'visits-view [data-visits-person]', '保険証・受給者証': 'cards-view [data-cards-person]',
  '成長・健診': 'growth-view [data-growth-person]',
};

test('every record view has no WCAG 2.1 A/AA violations', async () => {
  const { page, seen } = await app.open();
  for (const [tab, ready] of Object.entries(recordViews)) {
    await page.getByRole('tab', { name: tab }).click();
    await page.locator(ready).first().waitFor();
    assert.deepEqual(await violations(page), [], tab);
  }
  // An opened document too.
  await page.getByRole('tab', { name: '医療情報・文書' }).click();
  await page.locator('ehr-summary-view li[data-document="退院時サマリー"] button').click();
  await page.locator('ehr-summary-view article').waitFor();
  assert.deepEqual(await violations(page), [], 'document');
  // Nor an error in the console on the way (a CSP violation is reported there).
  assert.deepEqual(seen.consoleErrors, []);
  await page.close();
});

test('with everyone selected, every record view (one card and one set of warnings per person) has no WCAG 2.1 A/AA violations', async () => {
  const { page, seen } = await app.open();
  await page.locator('person-picker label[data-person="家族全員"]').click();
  for (const [tab, ready] of Object.entries(recordViews)) {
    await page.getByRole('tab', { name: tab }).click();
    await page.locator(ready).first().waitFor();
    assert.deepEqual(await violations(page), [], tab);
  }
  assert.deepEqual(seen.consoleErrors, []);
  await page.close();
});
