// Time from page load to the first record shown: the demo family's summary, decrypted and
// counted in the core's Worker, measured in Debian Chromium as `performance.now()` when
// the summary's total appears (milliseconds since the navigation began). Cold: a fresh
// browser profile (nothing cached, no vault). Warm: the same page loaded again, its files
// in the HTTP cache and its compiled wasm in Chromium's code cache.
//   node web/test/page-timing.mjs [RUNS]   → one JSON line {coldMs: [...], warmMs: [...], median...}
// Used by scripts/bench (section "page"); never a timed assertion.
import { join } from 'node:path';

import { launchBrowser } from './browser.mjs';
import { serveStatic } from './static-server.mjs';

const runs = Number(process.argv[2] ?? 5);
const webRoot = new URL('..', import.meta.url).pathname;

async function firstRecordMs(page, origin) {
  await page.goto(origin + '/');
  await page.locator('td[data-total]').waitFor();
  return page.evaluate(() => performance.now());
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const server = await serveStatic(join(webRoot, 'dist'));
const coldMs = [];
const warmMs = [];
try {
  for (let run = 0; run < runs; run++) {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      coldMs.push(await firstRecordMs(page, server.origin));
      await page.close();
      const again = await browser.context.newPage();
      warmMs.push(await firstRecordMs(again, server.origin));
      await again.close();
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.stop();
}
const round = (v) => Math.round(v);
console.log(JSON.stringify({ runs, coldMedianMs: round(median(coldMs)), warmMedianMs: round(median(warmMs)), coldMs: coldMs.map(round), warmMs: warmMs.map(round) }));
