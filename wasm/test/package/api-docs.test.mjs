// The API reference: `npm run docs` (TypeDoc over types/, entry index.d.ts) builds with no warning
// (a {@link} to a name that does not exist, a comment TypeDoc cannot read...) and carries
// the TSDoc of the contract.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { packageDir, run } from './consumer.mjs';

test('typedoc renders the TSDoc of types/index.d.ts with no warning', async () => {
  const out = await mkdtemp(join(tmpdir(), 'techo-docs-'));
  try {
    const typedoc = join(packageDir, 'node_modules/typedoc/bin/typedoc');
    const { stdout, stderr } = await run(process.execPath, [typedoc, '--treatWarningsAsErrors', '--out', out], { cwd: packageDir })
      .catch((error) => assert.fail(`typedoc failed:\n${error.stdout}${error.stderr}`));
    assert.doesNotMatch(stdout + stderr, /warning|error/i);
    const session = await readFile(join(out, 'interfaces/Session.html'), 'utf8');
    assert.match(session, /The one import: reads a file piece by piece/);
    const options = await readFile(join(out, 'interfaces/OpenSessionOptions.html'), 'utf8');
    assert.match(options, /techo_core\.wasm/);
    assert.match(await readFile(join(out, 'functions/openSession.html'), 'utf8'), /openSession/);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
