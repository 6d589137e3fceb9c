// publint over the package as npm packs it: an error (an export pointing at a file the
// tarball lacks, a wrong module format, a types condition after default...) fails the
// test; suggestions and warnings are printed.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

import { packageDir } from './consumer.mjs';

/** publint's findings on `dir`, each as { type, text }. */
export async function lint(dir) {
  const { messages, pkg } = await publint({ pkgDir: dir, pack: 'npm', level: 'suggestion' });
  return messages.map((m) => ({ type: m.type, code: m.code, text: formatMessage(m, pkg) ?? m.code }));
}

test('publint finds no error in the package', async () => {
  const findings = await lint(packageDir);
  for (const f of findings) console.log(`publint ${f.type}: ${f.text}`);
  assert.deepEqual(findings.filter((f) => f.type === 'error'), []);
  assert.equal(JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')).name, '@techo/core');
});
