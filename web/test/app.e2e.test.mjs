// The real page in headless Chromium: the core runs in a Worker, the demo record shows,
// and a file chosen through the picker is imported.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser, startPreview, watchPage } from './browser.mjs';

const repoFile = (relative) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
const luigi = repoFile('native_tests/data/synthea-r4/Luigi_Wiegand_e27d88b0-c5e5-4042-ad49-184f6a900ee3.json');
const patientOnly = repoFile('native_tests/data/jp-clins-examples/Patient-Example-JP-Patient-standard.json');
const encryptedDemo = repoFile('assets/demo/yamada-hanako.fhir.json.age');

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

test('the demo record is decrypted in a Worker, verified, and summarized, under the CSP', async () => {
  const { page, seen } = await openApp();
  assert.equal(await page.locator('[data-demo-passphrase]').textContent(), 'techo-demo-2026');
  assert.equal(await page.locator('td[data-total]').textContent(), '8');
  const source = page.locator('li[data-source="yamada-hanako.fhir.json.age"]');
  assert.equal(await source.getAttribute('data-verification'), 'verified');
  assert.match(await source.textContent(), /発行元を確認済み.*暗号化ファイル.*署名者: Techo デモ発行元.*8 件/s);
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
  const luigiSource = page.locator('li[data-source^="Luigi_Wiegand"]');
  assert.equal(await luigiSource.getAttribute('data-verification'), 'unsigned');
  assert.match(await luigiSource.textContent(), /発行元未確認/);
  assert.deepEqual(seen.consoleErrors, []);
  assert.deepEqual(seen.foreignRequests, []);
  await page.close();
});

test('a file that is not a Bundle shows a clear error and changes nothing', async () => {
  const { page } = await openApp();
  await page.setInputFiles('#import-file', patientOnly);
  const alert = page.locator('[data-import-error]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /取り込めませんでした: expected a FHIR Bundle, found a Patient resource \(Patient-Example-JP-Patient-standard\.json: resourceType\)/);
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

test('an encrypted file asks for its passphrase, names a wrong one, and imports with the right one', async () => {
  const { page } = await openApp();
  await page.setInputFiles('#import-file', encryptedDemo);
  await page.locator('[data-key-form]').waitFor();
  await page.fill('#passphrase', 'not the passphrase');
  await page.getByRole('button', { name: '復号して取り込む' }).click();
  const alert = page.locator('[data-import-error]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /取り込めませんでした: wrong passphrase/);
  assert.equal(await page.locator('td[data-total]').textContent(), '8');

  await page.fill('#passphrase', 'techo-demo-2026');
  await page.getByRole('button', { name: '復号して取り込む' }).click();
  await page.locator('[data-import-report]').waitFor();
  assert.equal(await page.locator('td[data-total]').textContent(), '16');
  assert.equal(await page.locator('li[data-verification="verified"]').count(), 2);
  await page.close();
});

test('a long decryption shows progress and can be cancelled, storing nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'techo-e2e-'));
  try {
    const key = join(dir, 'key.txt');
    const big = join(dir, 'big.bin');
    execFileSync('age-keygen', ['-o', key], { stdio: 'ignore' });
    execFileSync('bash', ['-c', `head -c ${300 << 20} /dev/zero > '${big}'`]);
    const recipient = execFileSync('age-keygen', ['-y', key]).toString().trim();
    execFileSync('age', ['-r', recipient, '-o', `${big}.age`, big]);

    const { page } = await openApp();
    await page.setInputFiles('#import-file', `${big}.age`);
    await page.locator('[data-key-form]').waitFor();
    await page.fill('#identity', execFileSync('cat', [key]).toString());
    await page.getByRole('button', { name: '復号して取り込む' }).click();
    const bar = page.locator('progress[data-progress]');
    await bar.waitFor();
    await page.waitForFunction(() => {
      const app = document.querySelector('techo-app');
      const panel = app?.shadowRoot?.querySelector('import-panel');
      const progress = panel?.shadowRoot?.querySelector('progress');
      return progress && Number(progress.getAttribute('value')) > 0;
    });
    await page.getByRole('button', { name: '中止' }).click();
    await page.locator('[data-import-notice]').waitFor();
    assert.equal(await page.locator('[data-import-notice]').textContent(), '中止しました。何も保存していません。');
    assert.equal(await page.locator('td[data-total]').textContent(), '8');
    await page.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
