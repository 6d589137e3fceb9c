// The package's weight on the wire, held to the committed budget (wasm/size-budget.json):
// a change that makes techo_core.wasm or the shipped JavaScript grow past it fails here,
// and the budget is raised on purpose or the growth is found.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { packageSizes } from '../../../scripts/package-sizes.mjs';
import { packageDir } from './consumer.mjs';

const budget = JSON.parse(await readFile(join(packageDir, 'size-budget.json'), 'utf8')).gzipBytes;
const sizes = packageSizes(join(packageDir, 'dist'));
const kB = (n) => `${(n / 1000).toFixed(1)} kB`;

for (const part of ['wasm', 'js']) {
  test(`${part} gzipped is within its budget`, () => {
    const { raw, gzip, brotli } = sizes[part];
    console.log(`${part}: ${kB(raw)} raw, ${kB(gzip)} gzip, ${kB(brotli)} brotli; budget ${kB(budget[part])} gzip (${((gzip / budget[part]) * 100).toFixed(1)}% used)`);
    assert.ok(gzip <= budget[part], `${part} is ${gzip} bytes gzipped, over its budget of ${budget[part]} (wasm/size-budget.json)`);
  });
}
