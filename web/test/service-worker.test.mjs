// The service worker's generator (deploy/service-worker.mjs): the app shell it lists never
// includes records or host configuration, and its cache name follows the build's contents,
// so a new build replaces the old cache.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { cacheName, serviceWorkerSource, shellFiles } from '../deploy/service-worker.mjs';

function site(files) {
  const root = mkdtempSync(join(tmpdir(), 'techo-sw-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

test('the shell is the app: no records, no host configuration, no source maps, not the worker itself', () => {
  const root = site({
    'index.html': '<!doctype html>', 'assets/index-1.js': 'js', 'assets/index-1.js.map': '{}', 'assets/page-1.css': 'css',
    'worker/core-1.js': 'worker', 'assets/techo_core-1.wasm': 'wasm', 'assets/2026-checkup-1.age': 'age-encryption.org/v1',
    _headers: '/*', 'nginx-headers.conf': 'add_header', 'sw.js': 'old',
  });
  try {
    assert.deepEqual(shellFiles(root), ['assets/index-1.js', 'assets/page-1.css', 'assets/techo_core-1.wasm', 'index.html', 'worker/core-1.js']);
    const source = serviceWorkerSource(root);
    assert.match(source, /const CACHE = "techo-app-[0-9a-f]{16}";/);
    assert.doesNotMatch(source, /\.age|_headers|\.map"/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a new build is a new cache name; the same build the same one', () => {
  const a = site({ 'index.html': 'one', 'assets/a.js': 'a' });
  const b = site({ 'index.html': 'one', 'assets/a.js': 'a' });
  const c = site({ 'index.html': 'one', 'assets/a.js': 'changed' });
  try {
    assert.equal(cacheName(a, shellFiles(a)), cacheName(b, shellFiles(b)));
    assert.notEqual(cacheName(a, shellFiles(a)), cacheName(c, shellFiles(c)));
  } finally {
    for (const root of [a, b, c]) rmSync(root, { recursive: true, force: true });
  }
});
