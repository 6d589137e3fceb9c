// Helpers for the browser tests: serve the built app on loopback — as a static host serves
// it, with the headers that ship in dist/_headers — and drive Debian's Chromium through
// playwright-core (no browser download needed).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

import { serveStatic } from './static-server.mjs';

const webRoot = new URL('..', import.meta.url).pathname;

/**
 * Debian Chromium, headless, with a fresh profile and no background traffic; `extraArgs`
 * for what one test needs of the browser (a fake camera).
 */
export async function launchBrowser(extraArgs = []) {
  const profile = await mkdtemp(join(tmpdir(), 'techo-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.TECHO_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...extraArgs,
    ],
  });
  return {
    context: browser,
    close: async () => {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Records what a privacy review cares about: console errors (CSP violations appear
 * there), uncaught page errors, and every request that leaves the page's own origin.
 */
export function watchPage(page, origin) {
  const seen = { consoleErrors: [], pageErrors: [], foreignRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') seen.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => seen.pageErrors.push(String(error)));
  page.context().on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin + '/') && !url.startsWith('data:') && !url.startsWith('blob:')) seen.foreignRequests.push(url);
  });
  return seen;
}

/**
 * For one test file: serves the built app (web/dist, by the plain static server with the
 * shipped `_headers`, so every page test runs under the deployed policies, Trusted Types
 * enforced) and starts Chromium before its tests, stops both
 * after. `open()` gives a new page once the demo record is shown, with `seen` recording
 * console errors and requests that leave the origin.
 */
export function appUnderTest() {
  const app = { origin: '', browser: null };
  let server;
  before(async () => {
    server = await serveStatic(join(webRoot, 'dist'));
    app.origin = server.origin;
    app.browser = await launchBrowser();
  });
  after(async () => {
    await app.browser?.close();
    await server?.stop();
  });
  app.open = async () => {
    const page = await app.browser.context.newPage();
    const seen = watchPage(page, app.origin);
    await page.goto(app.origin + '/');
    await page.locator('td[data-total]').waitFor();
    return { page, seen };
  };
  return app;
}
