// The real page in headless Chromium: the core runs in a Worker, the demo record shows,
// and a file chosen through the picker is imported.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser, startPreview, watchPage } from './browser.mjs';

const repoFile = (relative) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
const luigi = repoFile('native_tests/data/synthea-r4/Luigi_Wiegand_e27d88b0-c5e5-4042-ad49-184f6a900ee3.json');
const patientOnly = repoFile('native_tests/data/jp-clins-examples/Patient-Example-JP-Patient-standard.json');

let server;
let browser;
before(async () => {
  server = await startPreview();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

async function openApp() {
  const page = await browser.context.newPage();
  const seen = watchPage(page, server.origin);
  await page.goto(server.origin + '/');
  await page.locator('td[data-total]').waitFor();
  return { page, seen };
}

test('the demo record shows with its summary, from a Worker, under the CSP', async () => {
  const { page, seen } = await openApp();
  assert.equal(await page.locator('td[data-total]').textContent(), '8');
  assert.equal(await page.locator('.name').first().textContent(), '山田 花子');
  assert.equal(await page.locator('.phonetic').first().textContent(), 'ヤマダ ハナコ');
  assert.equal(await page.locator('time').first().textContent(), '1978年4月12日');
  assert.equal(await page.locator('tr[data-type="Observation"] td').textContent(), '2');
  assert.equal(await page.locator('tr[data-type="Observation"] th').textContent(), '検査・測定');

  // The core runs in a Worker, not on the page's thread.
  assert.ok(page.workers().some((w) => w.url().includes('worker')), 'a core Worker is running');
  const csp = (await page.request.get(server.origin + '/')).headers()['content-security-policy'];
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /'unsafe-eval'/);

  assert.deepEqual(seen.consoleErrors, []);
  assert.deepEqual(seen.pageErrors, []);
  assert.deepEqual(seen.foreignRequests, []);
  await page.close();
});

test('a Bundle chosen in the file picker is imported and the counts update', async () => {
  const { page, seen } = await openApp();
  await page.setInputFiles('#import-file', luigi);
  await page.locator('[data-import-report]').waitFor();
  assert.match(await page.locator('[data-import-report]').textContent(), /Luigi_Wiegand_.*\.json: 61 件を取り込みました/);
  assert.equal(await page.locator('td[data-total]').textContent(), '69');
  assert.equal(await page.locator('tr[data-type="Immunization"] td').textContent(), '13');
  assert.equal(await page.locator('tr[data-type="Observation"] td').textContent(), '33');
  assert.deepEqual(await page.locator('.name').allTextContents(), ['山田 花子', 'Luigi Wiegand']);
  assert.deepEqual(seen.consoleErrors, []);
  assert.deepEqual(seen.foreignRequests, []);
  await page.close();
});

test('a file that is not a Bundle shows a clear error and changes nothing', async () => {
  const { page } = await openApp();
  await page.setInputFiles('#import-file', patientOnly);
  const alert = page.locator('[data-import-error]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /取り込めませんでした: expected a FHIR Bundle, found a Patient resource \(at Patient-Example-JP-Patient-standard\.json: resourceType\)/);
  assert.equal(await page.locator('td[data-total]').textContent(), '8');
  await page.close();
});

test('the page switches to English', async () => {
  const { page } = await openApp();
  await page.getByRole('button', { name: 'English' }).click();
  assert.equal(await page.locator('#people-heading').textContent(), 'People');
  assert.equal(await page.locator('time').first().textContent(), '12 April 1978');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.close();
});
