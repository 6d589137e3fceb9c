// The real page in headless Chromium: the core runs in a Worker, the demo record shows,
// and a file chosen through the picker is imported.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { appUnderTest, launchBrowser, watchPage } from './browser.mjs';

const repoFile = (relative) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
const luigi = repoFile('native_tests/data/synthea-r4/Luigi_Wiegand_e27d88b0-c5e5-4042-ad49-184f6a900ee3.json');
const notFhir = repoFile('assets/demo/encrypted-demo.json');
const encryptedDemo = repoFile('assets/demo/yamada-hanako.fhir.json.age');

// The demo family (scripts/generate-family.mjs) as the vault counts it: 1,076 resources
// from 10 files, 344 of them Observations (32 the children's heights and weights), 42
// Immunizations.
const FAMILY_TOTAL = 1076;

const app = appUnderTest();
const openApp = app.open;

test('the demo family is decrypted in a Worker, verified, and summarized, under the CSP', async () => {
  const { page, seen } = await openApp();
  assert.equal(await page.locator('td[data-total]').textContent(), String(FAMILY_TOTAL));
  assert.equal(await page.locator('li[data-verification="verified"]').count(), 14);  // 10 FHIR + 4 lifelog files
  const source = page.locator('li[data-source="sakura-clinic.fhir.json.age"]');
  assert.equal(await source.getAttribute('data-verification'), 'verified');
  assert.match(await source.textContent(), /発行元を確認済み.*暗号化ファイル.*署名者: Techo デモ発行元.*465 件/s);
  // Three people, although each of the 8 files carries its own Patient resource.
  assert.deepEqual(await page.locator('.name').allTextContents(), ['山田 花子', '山田 太郎', '山田 さくら']);
  assert.equal(await page.locator('.phonetic').first().textContent(), 'ヤマダ ハナコ');
  assert.equal(await page.locator('time').first().textContent(), '1978年4月12日');
  assert.equal(await page.locator('tr[data-type="Observation"] td').textContent(), '344');
  assert.equal(await page.locator('tr[data-type="Observation"] th').textContent(), '検査・測定');

  // The core runs in a Worker, not on the page's thread.
  assert.ok(page.workers().some((w) => w.url().includes('worker')), 'a core Worker is running');
  const csp = (await page.request.get(app.origin + '/')).headers()['content-security-policy'];
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
  assert.equal(await page.locator('td[data-total]').textContent(), String(FAMILY_TOTAL + 61));
  assert.equal(await page.locator('tr[data-type="Immunization"] td').textContent(), String(42 + 12));
  assert.equal(await page.locator('tr[data-type="Observation"] td').textContent(), String(344 + 31));
  assert.ok((await page.locator('.name').allTextContents()).includes('Luigi Wiegand'));
  const luigiSource = page.locator('li[data-source^="Luigi_Wiegand"]');
  assert.equal(await luigiSource.getAttribute('data-verification'), 'unsigned');
  assert.match(await luigiSource.textContent(), /発行元未確認/);
  assert.deepEqual(seen.consoleErrors, []);
  assert.deepEqual(seen.foreignRequests, []);
  await page.close();
});

test('the picker offers every format the core reads, and a plain file says 取り込んでいます', async () => {
  const { page, seen } = await openApp();
  const accept = (await page.locator('#import-file').getAttribute('accept')).split(',');
  for (const extension of ['.json', '.ndjson', '.xml', '.zip', '.csv', '.age']) assert.ok(accept.includes(extension), extension);
  // A plain NDJSON export large enough to watch its progress: every resource of Luigi's
  // record, one per line, forty times over (the repeats are recognised, not stored twice).
  const dir = mkdtempSync(join(tmpdir(), 'techo-ndjson-'));
  try {
    const bundle = JSON.parse(readFileSync(luigi, 'utf8'));
    const lines = bundle.entry.map((e) => JSON.stringify(e.resource)).join('\n') + '\n';
    const file = join(dir, 'luigi.ndjson');
    writeFileSync(file, lines.repeat(40));
    await page.setInputFiles('#import-file', file);
    const label = page.locator('[data-progress-label]');
    await label.waitFor();
    assert.equal(await label.textContent(), '取り込んでいます…');
    await page.locator('[data-import-report]').waitFor();
    assert.match(await page.locator('[data-import-report]').textContent(), /luigi\.ndjson: 61 件を取り込みました/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(seen.pageErrors, []);
  await page.close();
});

test('a JSON file that is not FHIR shows a clear error and changes nothing', async () => {
  const { page } = await openApp();
  await page.setInputFiles('#import-file', notFhir);
  const alert = page.locator('[data-import-error]');
  await alert.waitFor();
  // The core's one detector reads its top-level keys: none of the formats Techo reads.
  assert.match(await alert.textContent(), /取り込めませんでした: Techo does not read this file \(a JSON object with the keys .*\); it reads FHIR R4 JSON/);
  assert.equal(await page.locator('td[data-total]').textContent(), String(FAMILY_TOTAL));
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
  assert.equal(await page.locator('td[data-total]').textContent(), String(FAMILY_TOTAL));

  await page.fill('#passphrase', 'techo-demo-2026');
  await page.getByRole('button', { name: '復号して取り込む' }).click();
  await page.locator('[data-import-report]').waitFor();
  assert.match(await page.locator('[data-import-report]').textContent(), /8 件を取り込みました/);
  assert.equal(await page.locator('td[data-total]').textContent(), String(FAMILY_TOTAL + 8));
  assert.equal(await page.locator('li[data-verification="verified"]').count(), 15);  // the 14 demo files + this one
  // The same person (same name and birth date) from another file: still three people.
  assert.equal(await page.locator('.name').count(), 3);
  await page.close();
});

test('a long decryption shows progress and can be cancelled, storing nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'techo-e2e-'));
  try {
    const key = join(dir, 'key.txt');
    const big = join(dir, 'big.bin');
    execFileSync('age-keygen', ['-o', key], { stdio: 'ignore' });
    // A FHIR document (one resource with 300 MB of data): read whole at its end, so the
    // decryption runs long enough to be watched. (Zeros would be refused at once now: the
    // core tells from the first piece that they are no format it reads.)
    execFileSync('bash', ['-c', `{ printf '{"resourceType":"Binary","contentType":"text/plain","data":"'; head -c ${300 << 20} /dev/zero | tr '\\0' 'A'; printf '"}'; } > '${big}'`]);
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
    assert.equal(await page.locator('td[data-total]').textContent(), String(FAMILY_TOTAL));
    await page.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a vault persists encrypted across a reload, and a second tab cannot open it at the same time', async () => {
  const own = await launchBrowser();  // a fresh profile: its own IndexedDB
  try {
    const page = await own.context.newPage();
    const seen = watchPage(page, app.origin);
    await page.goto(app.origin + '/');
    await page.locator('td[data-total]').waitFor();
    await page.fill('#new-vault-passphrase', '長い合言葉 for Techo');
    await page.fill('#new-vault-passphrase-again', '長い合言葉 for Techo');
    await page.getByRole('button', { name: '金庫を作る' }).click();
    const recovery = page.locator('[data-recovery-key]');
    await recovery.waitFor();
    assert.match(await recovery.textContent(), /^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    await page.locator('[data-vault-state="open"]').waitFor();
    await page.waitForFunction(() => {
      const app = document.querySelector('techo-app');
      const cell = app?.shadowRoot?.querySelector('summary-view')?.shadowRoot?.querySelector('td[data-total]');
      return cell?.textContent === '0';
    });

    await page.setInputFiles('#import-file', luigi);
    await page.locator('[data-import-report]').waitFor();
    assert.equal(await page.locator('td[data-total]').textContent(), '61');

    // What the browser stored is ciphertext only.
    const stored = await page.evaluate(async () => {
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open('/vault');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const all = await new Promise((resolve) => {
        const req = db.transaction('FILE_DATA').objectStore('FILE_DATA').getAll();
        req.onsuccess = () => resolve(req.result);
      });
      const files = all.filter((e) => e.contents).map((e) => new TextDecoder('latin1').decode(e.contents));
      return { files: files.length, bytes: files.reduce((n, f) => n + f.length, 0), text: files.join('') };
    });
    assert.ok(stored.files >= 1 && stored.bytes > 100000, `vault stored in IndexedDB (${stored.bytes} bytes)`);
    for (const needle of ['Luigi', 'Wiegand', 'SQLite format 3', 'resourceType']) {
      assert.ok(!stored.text.includes(needle), `IndexedDB holds no plaintext "${needle}"`);
    }

    // A second tab finds the vault but cannot open it while the first holds it.
    const second = await own.context.newPage();
    await second.goto(app.origin + '/');
    await second.locator('[data-vault-state="locked"]').waitFor();
    await second.fill('#unlock-passphrase', '長い合言葉 for Techo');
    await second.getByRole('button', { name: '開く' }).click();
    const busy = second.locator('[data-vault-error]');
    await busy.waitFor();
    assert.equal(await busy.getAttribute('data-code'), 'VAULT_BUSY');
    await second.close();

    // Reload: the vault is still there, locked; the passphrase opens the same records.
    await page.reload();
    await page.locator('[data-vault-state="locked"]').waitFor();
    await page.fill('#unlock-passphrase', 'wrong passphrase');
    await page.getByRole('button', { name: '開く' }).click();
    await page.locator('[data-vault-error][data-code="WRONG_KEY"]').waitFor();
    await page.fill('#unlock-passphrase', '長い合言葉 for Techo');
    await page.getByRole('button', { name: '開く' }).click();
    await page.locator('[data-vault-state="open"]').waitFor();
    await page.waitForFunction(() => {
      const app = document.querySelector('techo-app');
      const cell = app?.shadowRoot?.querySelector('summary-view')?.shadowRoot?.querySelector('td[data-total]');
      return cell?.textContent === '61';
    });
    assert.deepEqual(await page.locator('.name').allTextContents(), ['Luigi Wiegand']);
    assert.deepEqual(seen.consoleErrors, []);
    assert.deepEqual(seen.foreignRequests, []);
  } finally {
    await own.close();
  }
});

test('the timeline shows the chosen person newest first, as written, and filters by kind and file', async () => {
  const { page } = await openApp();
  await page.getByRole('tab', { name: 'タイムライン' }).click();
  const rows = page.locator('records-view li');
  await rows.first().waitFor();
  const texts = (await rows.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
  assert.equal(texts.length, 30);  // one page
  assert.match(texts[0], /^2026年11月19日 処方・調剤 .+ 28日分$/);

  // A child's record: his check-up measurements and vaccinations, nothing of his mother's.
  await page.locator('person-picker label[data-person="山田 太郎"]').click();
  await page.waitForFunction(() => {
    const app = document.querySelector('techo-app');
    const items = app?.shadowRoot?.querySelector('records-view')?.shadowRoot?.querySelectorAll('li') ?? [];
    return items.length === 30 && [...items].every((li) => ['immunization', 'vital-sign'].includes(li.dataset.category));
  });
  assert.match((await rows.first().textContent()).replace(/\s+/g, ' '), /2026年5月14日 バイタル (身長|体重)/);
  await page.selectOption('#category-filter', 'immunization');
  await page.waitForFunction(() => {
    const app = document.querySelector('techo-app');
    const items = app?.shadowRoot?.querySelector('records-view')?.shadowRoot?.querySelectorAll('li') ?? [];
    return items.length === 25 && [...items].every((li) => li.dataset.category === 'immunization');
  });
  assert.match((await rows.first().textContent()).replace(/\s+/g, ' '), /2025年5月23日 予防接種 麻しん風しん混合（MR）/);
  await page.selectOption('#category-filter', '');

  // The parent, only what the orthopaedic clinic sent: 6 prescriptions and a diagnosis.
  await page.locator('person-picker label[data-person="山田 花子"]').click();
  await page.selectOption('#source-filter', { label: 'aoba-orthopedics.fhir.json.age' });
  await page.waitForFunction(() => {
    const app = document.querySelector('techo-app');
    return app?.shadowRoot?.querySelector('records-view')?.shadowRoot?.querySelectorAll('li').length === 7;
  });
  await page.selectOption('#category-filter', 'condition');
  await page.waitForFunction(() => {
    const app = document.querySelector('techo-app');
    return app?.shadowRoot?.querySelector('records-view')?.shadowRoot?.querySelectorAll('li').length === 1;
  });
  assert.match(await rows.first().textContent(), /変形性膝関節症/);
  await page.close();
});

test('an Open mHealth file chosen in the picker is imported as lifelog samples', async () => {
  const { page, seen } = await openApp();
  await page.setInputFiles('#import-file', repoFile('native_tests/data/openmhealth/test-data/omh/step-count/3.0/shouldPass/valid-step-count.json'));
  const report = page.locator('[data-lifelog-report]');
  await report.waitFor();
  assert.match(await report.textContent(), /valid-step-count\.json: 1 件の記録（歩数・心拍など）を取り込みました/);
  // The same file again: recognised, not counted twice.
  await page.setInputFiles('#import-file', repoFile('native_tests/data/openmhealth/test-data/omh/step-count/3.0/shouldPass/valid-step-count.json'));
  await page.waitForFunction(() => {
    const app = document.querySelector('techo-app');
    const p = app?.shadowRoot?.querySelector('import-panel')?.shadowRoot?.querySelector('[data-lifelog-report]');
    return p?.textContent?.includes('0 件の記録');
  });
  assert.deepEqual(seen.consoleErrors, []);
  await page.close();
});

test('a vault file put back whole from an older copy opens with a warning that it is older', async () => {
  const own = await launchBrowser();
  try {
    const page = await own.context.newPage();
    const seen = watchPage(page, app.origin);
    await page.goto(app.origin + '/');
    await page.locator('td[data-total]').waitFor();
    await page.fill('#new-vault-passphrase', '長い合言葉 for Techo');
    await page.fill('#new-vault-passphrase-again', '長い合言葉 for Techo');
    await page.getByRole('button', { name: '金庫を作る' }).click();
    await page.locator('[data-vault-state="open"]').waitFor();
    await page.setInputFiles('#import-file', luigi);
    await page.locator('[data-import-report]').waitFor();

    // The stored file, read and written straight in the browser's storage (IDBFS's store).
    const storedFile = (put) =>
      page.evaluate(async (value) => {
        const db = await new Promise((resolve, reject) => {
          const r = indexedDB.open('/vault');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        const tx = db.transaction('FILE_DATA', 'readwrite');
        const store = tx.objectStore('FILE_DATA');
        const committed = new Promise((resolve) => { tx.oncomplete = resolve; });
        if (value) {
          store.put({ ...value, contents: new Uint8Array(value.contents) }, '/vault/techo.vault');
          await committed;  // not just the request: the transaction, before the page reloads
          return null;
        }
        const entry = await new Promise((resolve) => { const req = store.get('/vault/techo.vault'); req.onsuccess = () => resolve(req.result); });
        await committed;
        return { ...entry, contents: Array.from(entry.contents) };
      }, put ?? null);
    await page.getByRole('button', { name: '閉じる（鍵を消去）' }).click();
    await page.locator('[data-vault-state="locked"]').waitFor();
    const older = await storedFile();

    await page.fill('#unlock-passphrase', '長い合言葉 for Techo');
    await page.getByRole('button', { name: '開く' }).click();
    await page.locator('[data-vault-state="open"]').waitFor();
    assert.equal(await page.locator('[data-older-copy]').count(), 0);
    await page.setInputFiles('#import-file', repoFile('assets/demo/yamada-hanako.fhir.json'));
    await page.locator('[data-import-report]').waitFor();
    await page.getByRole('button', { name: '閉じる（鍵を消去）' }).click();
    await page.locator('[data-vault-state="locked"]').waitFor();

    // Someone puts the older file back: consistent, so it opens, and the page says so.
    await storedFile(older);
    await page.reload();
    await page.locator('[data-vault-state="locked"]').waitFor();
    await page.fill('#unlock-passphrase', '長い合言葉 for Techo');
    await page.getByRole('button', { name: '開く' }).click();
    const warning = page.locator('[data-older-copy]');
    await warning.waitFor();
    assert.match(await warning.textContent(), /以前に開いた版（世代 \d+）より古い版（世代 \d+）/);
    const total = () =>
      page.evaluate(() => document.querySelector('techo-app')?.shadowRoot?.querySelector('summary-view')?.shadowRoot
        ?.querySelector('td[data-total]')?.textContent);
    for (let i = 0; i < 120 && (await total()) !== '61'; i++) await page.waitForTimeout(500);
    assert.equal(await total(), '61', 'the older copy holds only the first import');
    assert.deepEqual(seen.consoleErrors, []);
  } finally {
    await own.close();
  }
});
