// The built site (web/dist) as a static host serves it with the configuration that ships
// in dist (`_headers`; the nginx snippet is generated from the same source): the page and
// its Worker get their policies, the app runs under them — Trusted Types enforced — with no
// violation and no request to another origin, and no other site can frame it.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';

import { pagePolicy, workerPolicy } from '../deploy/headers.mjs';
import { launchBrowser, watchPage } from './browser.mjs';
import { serveStatic } from './static-server.mjs';

const dist = new URL('../dist/', import.meta.url).pathname;

let site, browser;
before(async () => {
  site = await serveStatic(dist);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await site?.stop();
});

// Violations as the page itself sees them (Trusted Types ones included), from before its
// first script runs.
async function openWatched(url) {
  const page = await browser.context.newPage();
  const seen = watchPage(page, site.origin);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const response = await page.goto(url);
  return { page, seen, response };
}

test('the built site ships _headers and the nginx snippet, and they carry the same policies', async () => {
  const headers = await readFile(new URL('_headers', `file://${dist}`), 'utf8');
  const nginx = await readFile(new URL('nginx-headers.conf', `file://${dist}`), 'utf8');
  for (const text of [headers, nginx]) {
    assert.ok(text.includes(pagePolicy), 'the page policy');
    assert.ok(text.includes(workerPolicy), "the Worker's policy");
  }
});

test('the page and its Worker arrive with their headers and run without a violation or a foreign request', async () => {
  const { page, seen, response } = await openWatched(site.origin + '/');
  await page.locator('td[data-total]').waitFor();

  const headers = response.headers();
  assert.equal(headers['content-security-policy'], pagePolicy);
  assert.match(headers['content-security-policy'], /frame-ancestors 'none'/);
  assert.match(headers['content-security-policy'], /require-trusted-types-for 'script'/);
  assert.equal(headers['cross-origin-opener-policy'], 'same-origin');
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['referrer-policy'], 'no-referrer');

  // The core's Worker is running, served with its own policy.
  const worker = page.workers().find((w) => new URL(w.url()).pathname.startsWith('/worker/'));
  assert.ok(worker, `a Worker from /worker/ (workers: ${page.workers().map((w) => w.url()).join(', ')})`);
  const sent = site.served.find((r) => r.pathname === new URL(worker.url()).pathname);
  assert.ok(sent.headers['Content-Security-Policy'].split(', ').includes(workerPolicy));
  assert.equal(sent.headers['X-Content-Type-Options'], 'nosniff');
  // …and enforced there: the Worker may create no Trusted Types policy, and reaches no
  // other origin.
  assert.equal(await worker.evaluate(() => {
    try {
      globalThis.trustedTypes.createPolicy('anything', {});
      return 'created';
    } catch (error) {
      return error.name;
    }
  }), 'TypeError');
  assert.equal(await worker.evaluate(() => fetch('http://127.0.0.2:9/').then(() => 'fetched', () => 'refused')), 'refused');

  // Up to here — the demo decrypted in the Worker, the page drawn by Lit — nothing was
  // refused by either policy.
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(seen.consoleErrors, []);

  // Trusted Types are enforced on the page: a plain string cannot become HTML (each of
  // the two policies that say so, header and <meta>, reports it).
  assert.equal(await page.evaluate(() => {
    try {
      document.createElement('div').innerHTML = '<img src=x onerror=alert(1)>';
      return 'assigned';
    } catch (error) {
      return error.name;
    }
  }), 'TypeError');
  const violations = await page.evaluate(() => window.__violations);
  assert.ok(violations.length > 0);
  assert.ok(violations.every((v) => v.startsWith('require-trusted-types-for blocked trusted-types-sink')), violations.join('\n'));
  seen.consoleErrors.length = 0;  // that refusal's own console error

  // …and the app works under them: switch views, as a person would.
  await page.getByRole('tab').nth(1).click();
  await page.waitForTimeout(300);
  assert.deepEqual(seen.pageErrors, []);
  assert.deepEqual(seen.consoleErrors, []);
  assert.deepEqual(seen.foreignRequests, []);
  await page.close();
});

test('another site cannot frame the app', async () => {
  const framer = createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>framer</title><iframe src="${site.origin}/" width="800" height="600"></iframe>`);
  });
  await new Promise((resolve) => framer.listen(0, '127.0.0.1', resolve));
  try {
    const page = await browser.context.newPage();
    const consoleMessages = [];
    page.on('console', (message) => consoleMessages.push(message.text()));
    await page.goto(`http://127.0.0.1:${framer.address().port}/`);
    await page.waitForTimeout(1500);
    const child = page.frames().find((frame) => frame !== page.mainFrame());
    assert.ok(child, 'the iframe exists');
    assert.notEqual(child.url(), `${site.origin}/`, 'the frame did not stay on the app');
    assert.ok(consoleMessages.some((m) => /frame-ancestors/.test(m)), consoleMessages.join('\n'));
    await page.close();
  } finally {
    framer.closeAllConnections();
    await new Promise((resolve) => framer.close(resolve));
  }
});
