// Trust on the page (issue 11, findings 5 and 6): a source signed by a trusted key shows
// the name the person gave the key, and a different name the signer claims as a claim; a
// restored backup's issuers wait for the person to confirm them.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import AxeBuilder from '@axe-core/playwright';

import { openSession } from '../../wasm/dist/index.js';
import { demoIssuerName, demoSeed, issuerKey, sealEnvelope } from '../../wasm/test/trust-helpers.mjs';
import { appUnderTest, launchBrowser, watchPage } from './browser.mjs';

const repoFile = (relative) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
const bundle = readFileSync(repoFile('assets/demo/yamada-hanako.fhir.json'));
const demo = issuerKey(demoSeed);
const app = appUnderTest();

async function violations(page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('a verified source shows the name the person trusted, and the signer\'s other name only as its claim', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'techo-trust-'));
  try {
    const file = join(dir, 'claims.fhir.json');
    writeFileSync(file, sealEnvelope(bundle, demo, { name: '東京大学医学部附属病院' }));
    const { page, seen } = await app.open();
    await page.setInputFiles('#import-file', file);
    await page.locator('[data-import-report]').waitFor();
    const source = page.locator('li[data-source="claims.fhir.json"]');
    assert.equal(await source.getAttribute('data-verification'), 'verified');
    const text = await source.textContent();
    assert.match(text, new RegExp(`署名者: ${demoIssuerName}`), 'the person\'s name for the key');
    assert.doesNotMatch(text, /署名者: 東京大学医学部附属病院/, 'the signer\'s claim is not shown as the signer');
    assert.equal(await source.locator('[data-issuer]').textContent(), `署名者: ${demoIssuerName}`);
    const claim = source.locator('[data-claimed-issuer]');
    assert.match(await claim.textContent(), /署名者の自称: 東京大学医学部附属病院/);
    assert.equal(await claim.getAttribute('data-mismatch'), '');
    assert.deepEqual(await violations(page), [], 'the claim is readable (contrast, not colour alone)');
    // The demo files claim the name the person trusted: no claim shown beside it.
    assert.equal(await page.locator('li[data-source="sakura-clinic.fhir.json.age"] [data-claimed-issuer]').count(), 0);
    assert.deepEqual(seen.consoleErrors, []);
    await page.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a restored backup\'s issuers are listed for the person to confirm, and its sources come back unsigned', async () => {
  // A backup made elsewhere (here: the npm package under Node) by someone who trusted the demo issuer.
  const dir = mkdtempSync(join(tmpdir(), 'techo-trust-'));
  const own = await launchBrowser();
  try {
    const wasmBinary = readFileSync(repoFile('wasm/dist/techo_core.wasm'));
    const maker = await openSession({ worker: false, wasmBinary, storage: 'memory' });
    await maker.createVault('maker', { kdfOps: 2, kdfMemBytes: 19 << 20 });
    await maker.addTrustedIssuer(demo.publicKey, demoIssuerName);
    await maker.importFhir(sealEnvelope(bundle, demo), 'signed.fhir.json');
    const backupFile = join(dir, 'backup.tar.age');
    writeFileSync(backupFile, await maker.exportBackup({ passphrase: 'backup pass', scryptLogN: 12 }));
    await maker.close();

    const page = await own.context.newPage();
    const seen = watchPage(page, app.origin);
    await page.goto(app.origin + '/');
    await page.locator('td[data-total]').waitFor();
    await page.fill('#new-vault-passphrase', '長い合言葉 for Techo');
    await page.fill('#new-vault-passphrase-again', '長い合言葉 for Techo');
    await page.getByRole('button', { name: '金庫を作る' }).click();
    await page.locator('[data-vault-state="open"]').waitFor();

    await page.locator('vault-panel summary', { hasText: 'バックアップから復元' }).click();
    await page.setInputFiles('#restore-file', backupFile);
    await page.fill('#restore-passphrase', 'backup pass');
    await page.getByRole('button', { name: 'バックアップから復元' }).click();
    const pending = page.locator(`[data-pending-issuer="${demo.keyId}"]`);
    await pending.waitFor();
    assert.match(await pending.textContent(), new RegExp(`${demoIssuerName}.*${demo.keyId}`, 's'));
    const source = page.locator('li[data-source="signed.fhir.json"]');
    await source.waitFor();
    assert.equal(await source.getAttribute('data-verification'), 'unsigned');
    assert.deepEqual(await violations(page), []);

    await pending.getByRole('button', { name: '信頼する' }).click();
    await page.locator('[data-pending-issuers]').waitFor({ state: 'detached' });
    assert.deepEqual(seen.consoleErrors, []);
    assert.deepEqual(seen.foreignRequests, []);
  } finally {
    await own.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
