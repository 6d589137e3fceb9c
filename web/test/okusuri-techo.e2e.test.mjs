// The お薬手帳 (JAHIS TC) in the real page, with the real core, in a vault of its own: a
// pharmacy's sticker pasted shows up in the medications view with where it came from; the
// same sticker again adds nothing; a record split in two parts (911) pasted back to front
// says "1 of 2" until the second part is in; a photo of linked QR codes (Structured Append,
// cut inside a two-byte character) and the camera (Chromium's fake camera playing linked
// codes one after the other) are read in the page; and the hand-over: notebook text whose QR
// codes, read back from the canvas pixels, hold exactly the core's CP932 bytes, and which
// adds nothing when imported again. Nothing leaves the page's origin.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import AxeBuilder from '@axe-core/playwright';

import { launchBrowser, watchPage } from './browser.mjs';
import {
  asFile, cp932, grayImage, oneMedicineSticker, png, splitDataId, splitParts, stickerLines, structuredAppendSymbols, y4m,
} from './notebook-fixtures.mjs';
import { serveStatic } from './static-server.mjs';

const require = createRequire(import.meta.url);
const jsQRSource = readFileSync(require.resolve('jsqr'), 'utf8');
const clean = (text) => text.replace(/\s+/g, ' ').trim();
const PASSPHRASE = 'お薬手帳のテスト 2026 passphrase';

let server;
let browser;
let page;
let seen;
let dir;

/** The offset just inside the first two-byte character at or after `from`. */
function cutInsideCharacter(bytes, from) {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const twoBytes = (b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc);
    if (twoBytes && i >= from) return i + 1;
    i += twoBytes ? 2 : 1;
  }
  throw new Error('no two-byte character to cut');
}

// The camera's sticker: linked codes shown one at a time, the second first.
const cameraSticker = cp932(oneMedicineSticker('ワーファリン錠1mg', '3332001F1020', '1日1回夕食後'));
const photoSticker = cp932(oneMedicineSticker('メインテート錠2.5mg', '2123016F1026', '1日1回朝食後'));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'techo-notebook-'));
  const [first, second] = structuredAppendSymbols(cameraSticker, [cutInsideCharacter(cameraSticker, cameraSticker.length >> 1)]);
  const frame = (symbol) => grayImage([symbol], { scale: 5, width: 640, height: 480 });
  const video = join(dir, 'camera.y4m');
  writeFileSync(video, y4m([...Array(6).fill(frame(second)), ...Array(6).fill(frame(first))]));
  server = await serveStatic(fileURLToPath(new URL('../dist', import.meta.url)));
  browser = await launchBrowser([
    '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`, '--use-fake-ui-for-media-stream',
  ]);
  await browser.context.grantPermissions(['camera'], { origin: server.origin });
  page = await browser.context.newPage();
  seen = watchPage(page, server.origin);
  await page.goto(server.origin + '/');
  await page.locator('td[data-total]').waitFor();
  await page.fill('#new-vault-passphrase', PASSPHRASE);
  await page.fill('#new-vault-passphrase-again', PASSPHRASE);
  await page.getByRole('button', { name: '金庫を作る' }).click();
  await page.locator('[data-vault-state="open"]').waitFor();
  await page.getByRole('tab', { name: 'お薬', exact: true }).click();
  await page.locator('okusuri-techo-panel #notebook-text').waitFor();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const current = () => page.locator('medications-view [data-current-medications] tbody tr');
const row = (drug) => page.locator('medications-view [data-current-medications] tbody tr', { hasText: drug });

/** Current medicines, once the view shows `n` of them. */
async function currentCount(n) {
  await page.waitForFunction((want) => {
    const view = document.querySelector('techo-app')?.shadowRoot?.querySelector('medications-view');
    return view?.shadowRoot?.querySelectorAll('[data-current-medications] tbody tr').length === want;
  }, n);
  return current().count();
}

async function violations() {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function paste(text) {
  await page.fill('okusuri-techo-panel #notebook-text', text);
  await page.locator('okusuri-techo-panel [data-notebook-paste] button[type="submit"]').click();
}

test('a pasted sticker: its medicines with the pharmacy, the prescribing clinic, the usage as written, from お薬手帳', async () => {
  await paste(stickerLines().join('\n'));
  const report = page.locator('okusuri-techo-panel [data-notebook-report]');
  await report.waitFor();
  assert.ok(Number(await report.getAttribute('data-imported')) > 0, await report.textContent());
  assert.equal(await currentCount(2), 2);
  const loxonin = clean(await row('60mg').innerText());
  assert.match(loxonin, /ﾛｷｿﾆﾝ錠60mg|ロキソニン錠60mg/);
  assert.match(loxonin, /1日3回毎食後/);
  assert.match(loxonin, /千代田クリニック/);
  assert.match(loxonin, /医師　一郎|医師 一郎/);
  assert.match(loxonin, /さくら薬局　本店|さくら薬局 本店/);
  assert.match(loxonin, /お薬手帳/);
  const gaster = clean(await row('ガスター錠10mg').innerText());
  assert.match(gaster, /1日2回朝夕食後.*千代田クリニック.*さくら薬局.*お薬手帳/);
  // The person the sticker names is in the vault.
  await page.locator('person-picker label[data-person^="山田"]').first().waitFor();
});

test('the same sticker again, as a CP932 file with CRLF: nothing added', async () => {
  await page.setInputFiles('okusuri-techo-panel #notebook-file', {
    name: 'okusuri-techo.txt', mimeType: 'text/plain', buffer: Buffer.from(cp932(asFile(stickerLines()))),
  });
  const report = page.locator('okusuri-techo-panel [data-notebook-report][data-imported="0"]');
  await report.waitFor();
  assert.ok(Number(await report.getAttribute('data-unchanged')) > 0);
  // And pasted as text once more.
  await paste(stickerLines().join('\n'));
  await page.locator('okusuri-techo-panel [data-notebook-report][data-imported="0"]').waitFor();
  assert.equal(await currentCount(2), 2);
});

test('a record split in two parts, pasted back to front: "1 of 2" in between, then its medicines', async () => {
  const [first, second] = splitParts();
  await paste(second);
  const parts = page.locator('okusuri-techo-panel [data-notebook-parts]');
  await parts.waitFor();
  assert.match(clean(await parts.textContent()), /2件中1件のパートを読み取りました/);
  // The core holds the part: the list of records waiting for parts names it.
  const pending = page.locator(`okusuri-techo-panel [data-pending-id="${splitDataId}"]`);
  await pending.waitFor();
  assert.match(clean(await pending.textContent()), /2件中1件/);
  assert.equal(await current().count(), 2, 'nothing imported from one part');

  assert.deepEqual(await violations(), [], 'the panel with a part waiting');
  await page.getByRole('button', { name: 'English' }).click();
  assert.match(clean(await parts.textContent()), /1 of 2 parts read/);
  assert.deepEqual(await violations(), [], 'the panel with a part waiting, in English');
  await page.getByRole('button', { name: '日本語' }).click();

  await paste(first);
  await page.locator('okusuri-techo-panel [data-notebook-report]').waitFor();
  assert.equal(await currentCount(4), 4);
  assert.match(clean(await row('ムコスタ錠100mg').innerText()), /1日3回毎食後.*お薬手帳/);
  assert.match(clean(await row('アムロジピン錠5mg').innerText()), /1日1回朝食後.*お薬手帳/);
  assert.equal(await pending.count(), 0, 'no part waits any more');
});

test('a photo of linked QR codes (Structured Append, cut inside a character), read in the page', async () => {
  const cut = cutInsideCharacter(photoSticker, photoSticker.length >> 1);
  const [a, b] = structuredAppendSymbols(photoSticker, [cut]);
  await page.setInputFiles('okusuri-techo-panel #notebook-file', {
    name: 'sticker.png', mimeType: 'image/png', buffer: png(grayImage([b, a], { scale: 4 })),
  });
  await page.locator('okusuri-techo-panel [data-notebook-report]').waitFor();
  assert.equal(await currentCount(5), 5);
  assert.match(clean(await row('メインテート').innerText()), /1日1回朝食後.*お薬手帳/);
});

test('the camera: linked QR codes shown one after the other are joined and imported', async () => {
  await page.locator('okusuri-techo-panel [data-notebook-scan]').click();
  // The first code seen is the second of two: the page says one of two is in.
  const symbols = page.locator('okusuri-techo-panel [data-notebook-symbols]');
  await symbols.waitFor({ timeout: 20000 });
  assert.match(clean(await symbols.textContent()), /連結QRコード 2枚中1枚を読み取りました/);
  assert.deepEqual(await violations(), [], 'the panel while the camera is on');
  await page.locator('okusuri-techo-panel [data-notebook-report]').waitFor({ timeout: 20000 });
  assert.equal(await currentCount(6), 6);
  assert.match(clean(await row('ワーファリン').innerText()), /1日1回夕食後.*お薬手帳/);
  // The whole record in, the camera stops.
  await page.locator('okusuri-techo-panel qr-camera').waitFor({ state: 'detached' });
});

test('handing it back: notebook text for a clinic, each QR code holding exactly its CP932 bytes', async () => {
  await page.locator('okusuri-techo-panel [data-notebook-export-button]').click();
  const codes = page.locator('okusuri-techo-panel canvas[data-notebook-qr]');
  await codes.first().waitFor();
  const text = await page.locator('okusuri-techo-panel #notebook-export-text').inputValue();
  assert.match(text, /^JAHISTC08,2/, 'output category 2: person → clinic');
  for (const drug of ['60mg', 'ガスター錠10mg', 'ムコスタ錠100mg', 'アムロジピン錠5mg', 'メインテート錠2.5mg', 'ワーファリン錠1mg']) {
    assert.ok(text.includes(drug) || (drug === '60mg' && /ﾛｷｿﾆﾝ|ロキソニン/.test(text)), drug);
  }
  assert.match(clean(await page.locator('okusuri-techo-panel label[for="notebook-export-text"]').textContent()), /6種類のお薬/);
  assert.deepEqual(await violations(), [], 'the hand-over with its text and QR codes');

  // Each canvas read back by jsQR, in the page, from its pixels.
  await page.evaluate(jsQRSource);
  const decoded = await page.evaluate(() => {
    const panel = document.querySelector('techo-app').shadowRoot.querySelector('okusuri-techo-panel');
    return [...panel.shadowRoot.querySelectorAll('canvas[data-notebook-qr]')].map((canvas) => {
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      const code = globalThis.jsQR(pixels.data, canvas.width, canvas.height);
      return { read: code ? code.binaryData : null, cp932: canvas.dataset.cp932 };
    });
  });
  assert.ok(decoded.length >= 1);
  for (const [i, { read, cp932: expected }] of decoded.entries()) {
    assert.ok(read, `QR code ${i + 1} decodes`);
    assert.deepEqual(Buffer.from(read), Buffer.from(expected, 'base64'), `QR code ${i + 1} holds the part's CP932 bytes`);
  }
  // The bytes are the text's (one part: the whole text).
  if (decoded.length === 1) {
    const lf = (t) => t.replace(/\r\n/g, '\n');  // a textarea's value has LF line ends
    assert.equal(lf(new TextDecoder('shift_jis').decode(Buffer.from(decoded[0].cp932, 'base64'))), lf(text));
  }

  // Imported again, it adds nothing.
  await paste(text);
  await page.locator('okusuri-techo-panel [data-notebook-report][data-imported="0"]').waitFor();
  assert.equal(await currentCount(6), 6);
});

test('nothing left the page: no console error, no request to another origin', () => {
  assert.deepEqual(seen.pageErrors, []);
  assert.deepEqual(seen.consoleErrors, []);
  assert.deepEqual(seen.foreignRequests, []);
});
