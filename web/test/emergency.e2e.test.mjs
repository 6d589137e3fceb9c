// The emergency card in the real page (headless Chromium), for a family in the person's own
// encrypted vault: a mother and her son, each with their own allergy, medicine, implant,
// admission and operation, and the contacts and care wishes each enters in the page. Each
// card holds only its person's; it prints on one A4 page per person; and after the first
// visit the page opens with the network cut, the vault unlocks from the browser's own
// storage, and the card shows — while the service worker's cache holds the app only.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser, watchPage } from './browser.mjs';
import { serveStatic } from './static-server.mjs';

const dist = new URL('../dist/', import.meta.url).pathname;
const passphrase = '救急カードの合言葉 2026';

// Days before today, as the page's own vault counts "the last year" from the real date.
const daysAgo = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);

const family = {
  resourceType: 'Bundle',
  type: 'collection',
  entry: [
    { fullUrl: 'urn:uuid:mother', resource: { resourceType: 'Patient', id: 'mother', name: [{ text: '川村 さくら' }], birthDate: '1980-03-03' } },
    { fullUrl: 'urn:uuid:son', resource: { resourceType: 'Patient', id: 'son', name: [{ text: '川村 陽太' }], birthDate: '2016-08-08' } },
    { resource: { resourceType: 'AllergyIntolerance', id: 'a1', patient: { reference: 'urn:uuid:mother' }, code: { text: 'そば' } } },
    { resource: { resourceType: 'AllergyIntolerance', id: 'a2', patient: { reference: 'urn:uuid:son' }, code: { text: '卵' } } },
    { resource: { resourceType: 'MedicationRequest', id: 'm1', status: 'active', intent: 'order', subject: { reference: 'urn:uuid:mother' },
      authoredOn: daysAgo(10), medicationCodeableConcept: { text: 'ワーファリン錠1mg' }, dosageInstruction: [{ text: '1日1回 朝食後' }] } },
    { resource: { resourceType: 'MedicationRequest', id: 'm2', status: 'active', intent: 'order', subject: { reference: 'urn:uuid:son' },
      authoredOn: daysAgo(20), medicationCodeableConcept: { text: 'エピペン注射液0.15mg' }, dosageInstruction: [{ text: 'アナフィラキシー時' }] } },
    { resource: { resourceType: 'Observation', id: 'o1', status: 'final', subject: { reference: 'urn:uuid:mother' },
      category: [{ coding: [{ code: 'laboratory' }] }], code: { coding: [{ system: 'urn:oid:1.2.392.200119.4.504', code: '5H010000001999911' }], text: 'ABO血液型' },
      effectiveDateTime: '2001-04-01', valueString: 'A' } },
    { resource: { resourceType: 'Observation', id: 'o2', status: 'final', subject: { reference: 'urn:uuid:mother' },
      category: [{ coding: [{ code: 'laboratory' }] }], code: { coding: [{ system: 'urn:oid:1.2.392.200119.4.504', code: '5F016141990023111' }], text: 'HBs抗原' },
      effectiveDateTime: daysAgo(100), valueString: '陽性' } },
    { resource: { resourceType: 'Device', id: 'pm', status: 'active', deviceName: [{ name: '植込み型心臓ペースメーカ', type: 'user-friendly-name' }],
      patient: { reference: 'urn:uuid:mother' } } },
    { resource: { resourceType: 'Encounter', id: 'e1', status: 'finished', class: { code: 'IMP' }, subject: { reference: 'urn:uuid:son' },
      period: { start: daysAgo(60), end: daysAgo(58) }, reasonCode: [{ text: '喘息発作' }] } },
    { resource: { resourceType: 'Procedure', id: 'p1', status: 'completed', code: { text: '扁桃摘出術' }, subject: { reference: 'urn:uuid:son' },
      performedDateTime: daysAgo(59) } },
  ],
};

let site, own, dir;
before(async () => {
  site = await serveStatic(dist);
  own = await launchBrowser();  // a fresh profile: its own IndexedDB and service worker
  dir = mkdtempSync(join(tmpdir(), 'techo-emergency-'));
});
after(async () => {
  await own?.close();
  await site?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const clean = (text) => text.replace(/\s+/g, ' ').trim();
const pdfPages = (pdf) => (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

async function enter(page, name, contacts, cpr, note) {
  const form = page.locator(`emergency-view [data-emergency-form="${name}"]`);
  await form.locator('summary').click();
  for (const [i, c] of contacts.entries()) {
    await form.locator(`input[name="name-${i}"]`).fill(c.name);
    await form.locator(`input[name="relationship-${i}"]`).fill(c.relationship);
    await form.locator(`input[name="phone-${i}"]`).fill(c.phone);
  }
  await form.locator(`input[name="cpr"][value="${cpr}"]`).check();
  await form.locator('textarea[name="note"]').fill(note);
  await form.getByRole('button', { name: '保存する' }).click();
  await form.locator('[data-saved]').waitFor();
}

test('a family enters their own contacts and wishes; each card is one A4 page with only its person; the card opens offline', async () => {
  const page = await own.context.newPage();
  const seen = watchPage(page, site.origin);
  await page.goto(site.origin + '/');
  await page.locator('td[data-total]').waitFor();
  await page.fill('#new-vault-passphrase', passphrase);
  await page.fill('#new-vault-passphrase-again', passphrase);
  await page.getByRole('button', { name: '金庫を作る' }).click();
  await page.locator('[data-vault-state="open"]').waitFor();
  const file = join(dir, 'family.json');
  writeFileSync(file, JSON.stringify(family));
  await page.setInputFiles('#import-file', file);
  await page.locator('[data-import-report]').waitFor();

  await page.locator('person-picker label[data-person="家族全員"]').click();
  await page.getByRole('tab', { name: '救急時' }).click();
  await page.locator('emergency-view [data-emergency-card="川村 陽太"]').waitFor();
  await enter(page, '川村 さくら', [{ name: '川村 誠', relationship: '夫', phone: '090-1111-2222' }], 'refused',
    '人生会議: 夫と主治医と話し合った。延命治療は望まない。');
  await enter(page, '川村 陽太', [{ name: '川村 さくら', relationship: '母', phone: '080-5555-6666' }], 'wanted',
    'エピペンをランドセルに入れています。');

  const card = (name) => page.locator(`emergency-view [data-emergency-card="${name}"]`);
  const section = async (name, what) => clean(await card(name).locator(`[data-emergency="${what}"]`).textContent());
  assert.match(await section('川村 さくら', 'allergies'), /そば/);
  assert.match(await section('川村 さくら', 'bloodType'), /A/);
  assert.match(await section('川村 さくら', 'infections'), /HBs抗原: 陽性/);
  assert.match(await section('川村 さくら', 'devices'), /植込み型心臓ペースメーカ/);
  assert.match(await section('川村 さくら', 'contacts'), /川村 誠（夫） 090-1111-2222/);
  assert.match(await section('川村 さくら', 'careWishes'), /心肺蘇生: 望まない.*延命治療は望まない/);
  assert.match(await section('川村 陽太', 'allergies'), /卵/);
  assert.match(await section('川村 陽太', 'admissions'), /喘息発作/);
  assert.match(await section('川村 陽太', 'procedures'), /扁桃摘出術/);
  assert.match(await section('川村 陽太', 'contacts'), /川村 さくら（母） 080-5555-6666/);
  assert.match(await section('川村 陽太', 'careWishes'), /心肺蘇生: 望む/);
  // Nothing of one person's on the other's card.
  const mothers = clean(await card('川村 さくら').locator('.sections').textContent());
  const sons = clean(await card('川村 陽太').locator('.sections').textContent());
  for (const theirs of ['卵', 'エピペン', '喘息発作', '扁桃摘出術', '080-5555-6666', '望む ']) assert.ok(!mothers.includes(theirs), theirs);
  for (const theirs of ['そば', 'ワーファリン', 'ペースメーカ', 'HBs抗原', '川村 誠', '延命治療']) assert.ok(!sons.includes(theirs), theirs);
  // The fields the family's cards show (sections with something in them).
  const filled = await page.locator('emergency-view [data-emergency]').evaluateAll((all) =>
    all.filter((s) => !/^(なし|記録なし)$/.test(s.querySelector('h4 + *')?.textContent?.trim() ?? '')).length);
  console.log(`emergency-card fields shown for the family: ${filled}`);
  // The mother: allergies, blood type, infections, medicines, devices, contacts, wishes (7);
  // her son: allergies, medicines, admission, operation, contacts, wishes (6).
  assert.equal(filled, 13);

  // Printable: one A4 page for one person, one per person for the family.
  const familyPdf = await page.pdf({ format: 'A4' });
  console.log(`family PDF pages: ${pdfPages(familyPdf)}`);
  if (process.env.TECHO_EMERGENCY_PDF) writeFileSync(process.env.TECHO_EMERGENCY_PDF, familyPdf);  // to look at
  assert.equal(pdfPages(familyPdf), 2);
  await page.locator('person-picker label[data-person="川村 さくら"]').click();
  await page.locator('emergency-view [data-view-whose]').filter({ hasText: /^川村 さくら$/ }).waitFor();
  const onePdf = await page.pdf({ format: 'A4' });
  console.log(`one person's PDF pages: ${pdfPages(onePdf)}`);
  assert.equal(pdfPages(onePdf), 1);

  // The service worker holds the app shell, and no health data.
  // (a page without a service worker never gets ready: fail in time instead of waiting)
  assert.equal(await page.evaluate(() => Promise.race([navigator.serviceWorker.ready.then(() => 'ready'),
    new Promise((resolve) => setTimeout(() => resolve('no service worker'), 20000))])), 'ready');
  const cache = await page.evaluate(async () => {
    const out = { names: await caches.keys(), urls: [], bytes: 0, text: '' };
    for (const name of out.names) {
      const c = await caches.open(name);
      for (const request of await c.keys()) {
        const body = await (await c.match(request)).arrayBuffer();
        out.urls.push(new URL(request.url).pathname);
        out.bytes += body.byteLength;
        if (!/\.wasm$/.test(request.url)) out.text += new TextDecoder().decode(body);
      }
    }
    return out;
  });
  console.log(`service-worker cache: ${cache.names.join(', ')}: ${cache.urls.length} files, ${cache.bytes} bytes`);
  assert.equal(cache.names.length, 1);
  assert.match(cache.names[0], /^techo-app-[0-9a-f]{16}$/);
  assert.ok(cache.urls.includes('/index.html') && cache.urls.some((u) => u.endsWith('.wasm')), cache.urls.join(' '));
  assert.ok(!cache.urls.some((u) => u.endsWith('.age')), 'no records cached');
  for (const needle of ['川村', '090-1111-2222', '延命治療']) assert.ok(!cache.text.includes(needle), `no "${needle}" in the cache`);

  // Offline: the page opens, the vault unlocks from the browser's storage, the card shows.
  await own.context.setOffline(true);
  try {
    await page.reload();
    await page.locator('[data-vault-state="locked"]').waitFor();
    await page.fill('#unlock-passphrase', passphrase);
    await page.getByRole('button', { name: '開く' }).click();
    await page.locator('[data-vault-state="open"]').waitFor();
    await page.getByRole('tab', { name: '救急時' }).click();
    await page.locator('person-picker label[data-person="川村 さくら"]').click();
    const contacts = page.locator('emergency-view [data-emergency-card="川村 さくら"] [data-emergency="contacts"]');
    await contacts.waitFor();
    assert.match(clean(await contacts.textContent()), /川村 誠（夫） 090-1111-2222/);
  } finally {
    await own.context.setOffline(false);
  }
  assert.deepEqual(seen.foreignRequests, []);
  assert.deepEqual(seen.pageErrors, []);
  await page.close();
});
