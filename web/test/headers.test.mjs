// One source for the deployment headers (web/deploy/headers.mjs): the committed `_headers`
// and nginx snippet are exactly what it generates, the build copies them into dist and
// puts its <meta> policy in the page, and index.html carries no policy of its own.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { generatedFiles, headersFor, metaPolicy, pagePolicy, parseHeadersFile, rules, workerPolicy } from '../deploy/headers.mjs';

const web = new URL('../', import.meta.url);
const read = (path) => readFile(new URL(path, web), 'utf8');

test('the committed deploy files are what deploy/headers.mjs generates (node deploy/headers.mjs --write)', async () => {
  for (const [name, text] of Object.entries(generatedFiles())) {
    assert.equal(await read(`deploy/${name}`), text, `deploy/${name}`);
    assert.equal(await read(`dist/${name}`), text, `dist/${name} (run scripts/build)`);
  }
});

test('_headers reads back into the same rules, and gives the page and the Worker their policies', () => {
  assert.deepEqual(parseHeadersFile(generatedFiles()._headers), rules);
  const page = headersFor('/index.html');
  assert.equal(page['Content-Security-Policy'], pagePolicy);
  assert.equal(page['Cross-Origin-Opener-Policy'], 'same-origin');
  assert.equal(page['X-Content-Type-Options'], 'nosniff');
  assert.equal(page['Referrer-Policy'], 'no-referrer');
  // The Worker: both policies, joined as a static host joins them (both enforced).
  assert.deepEqual(headersFor('/worker/worker-abc.js')['Content-Security-Policy'].split(', '), [pagePolicy, workerPolicy]);
  assert.equal(headersFor('/assets/index.js')['Content-Security-Policy'], pagePolicy);
});

test('the page carries the <meta> policy, which leaves out what a <meta> cannot carry', async () => {
  assert.doesNotMatch(await read('index.html'), /Content-Security-Policy/);
  const built = await read('dist/index.html');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(built);
  assert.ok(meta, 'dist/index.html has a CSP <meta>');
  assert.equal(meta[1].replaceAll('&#39;', "'"), metaPolicy);
  assert.doesNotMatch(metaPolicy, /frame-ancestors/);
  assert.match(metaPolicy, /require-trusted-types-for 'script'/);
  assert.equal(pagePolicy.replace("; frame-ancestors 'none'", ''), metaPolicy);
});
