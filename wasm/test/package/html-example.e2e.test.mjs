// The html-medications example as a consumer builds it: the packed package installed from
// its tarball, the example's page built by a plain `vite build` (no config file), served
// with the strict headers the Techo app ships (web/deploy/headers.mjs: CSP without eval,
// Trusted Types enforced) and driven in headless Chromium: a person picks a FHIR file and
// sees its medications, with no policy violation and no request off the page's origin.
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { generatedFiles } from '../../../web/deploy/headers.mjs';
import { launchBrowser, watchPage } from '../../../web/test/browser.mjs';
import { serveStatic } from '../../../web/test/static-server.mjs';
import { copyExample, installedConsumer, repoDir, run, synthea } from './consumer.mjs';

// The consumer's bundler: the vite the web app already depends on (no download).
const vite = join(repoDir, 'web/node_modules/vite/bin/vite.js');

let consumer, server, browser, build;
before(async () => {
  consumer = await installedConsumer();
  await copyExample('html-medications', consumer.dir);
  build = await run(process.execPath, [vite, 'build'], { cwd: consumer.dir });
  const dist = join(consumer.dir, 'dist');
  await writeFile(join(dist, '_headers'), generatedFiles()._headers);
  server = await serveStatic(dist);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await consumer?.cleanup();
});

test('vite build with no configuration copies the wasm module and the Worker into the build', async () => {
  assert.equal(build.stderr.replace(/^.*Module "crypto" has been externalized.*\n/gm, ''), '');
  const assets = await readdir(join(consumer.dir, 'dist/assets'));
  assert.equal(assets.filter((f) => /^techo_core-.*\.wasm$/.test(f)).length, 1, `one wasm file among ${assets}`);
  assert.ok(assets.some((f) => /^worker-.*\.js$/.test(f)), `a Worker script among ${assets}`);
});

test('picking a Synthea file lists its medications, under the strict CSP, with no request off the origin', async () => {
  const page = await browser.context.newPage();
  const seen = watchPage(page, server.origin);
  const violations = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(server.origin + '/');
  await page.getByLabel('Health record file').setInputFiles(synthea.file);
  await page.getByRole('status').filter({ hasText: /1 medication$/ }).waitFor({ timeout: 20_000 });
  const items = await page.locator('#medications li').allTextContents();
  assert.equal(items.length, 1);
  assert.match(items[0], new RegExp(`^${synthea.medication} — 2012-07-04 — current$`));

  // The page was really under the policy, and the wasm came from the build, not elsewhere.
  const served = server.served.map((s) => s.pathname);
  assert.ok(served.some((p) => /^\/assets\/techo_core-.*\.wasm$/.test(p)), `the wasm was fetched from the build: ${served}`);
  assert.match(server.served.find((s) => s.pathname === '/').headers['Content-Security-Policy'], /require-trusted-types-for 'script'/);
  assert.deepEqual(violations, []);
  assert.deepEqual(seen.consoleErrors, [], `served: ${served}`);
  assert.deepEqual(seen.pageErrors, []);
  assert.deepEqual(seen.foreignRequests, []);
  await page.close();
});

test('a file that is not FHIR shows the TechoError and lists nothing', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.origin + '/');
  await page.getByLabel('Health record file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a health record') });
  await page.getByRole('status').filter({ hasText: /^[A-Z_]+: / }).waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('#medications li').count(), 0);
  await page.close();
});
