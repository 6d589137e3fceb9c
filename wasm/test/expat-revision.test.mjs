// The wasm module's expat must not lag the native one: scripts/expat-revisions compares the
// pinned Debian revision (scripts/versions.env) with libexpat1-dev and names, from the
// newer revision's Debian changelog, every fix the older build lacks; scripts/setup runs
// it and warns (or fails, with TECHO_STRICT_EXPAT=1).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const repo = new URL('../../', import.meta.url).pathname;
const script = join(repo, 'scripts/expat-revisions');
const pinned = /^EXPAT_DEB_VERSION=(.+)$/m.exec(readFileSync(join(repo, 'scripts/versions.env'), 'utf8'))[1];

function run(env) {
  const r = spawnSync('bash', [script], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, out: r.stdout + r.stderr };
}

// Three entries in Debian's layout: two newer than the pin, then the pin itself.
const changelog = `expat (2.5.0-1+deb12u9) bookworm-security; urgency=medium

  * Backport upstream security patches:
    - CVE-2099-0002: Add an overflow check to XML_ParseBuffer().

 -- Maintainer <m@example.org>  Thu, 22 Oct 2026 00:34:41 +0200

expat (2.5.0-1+deb12u8) bookworm-security; urgency=high

  * Backport security fix for CVE-2099-0001 and CVE-2099-0002 (again).

 -- Maintainer <m@example.org>  Sun, 27 Sep 2026 21:38:19 +0200

expat (${pinned}) bookworm; urgency=medium

  * Backport security fix for CVE-2000-0001 (already in the wasm build).

 -- Maintainer <m@example.org>  Sat, 05 Apr 2025 07:36:55 +0200
`;

test('a native expat newer than the wasm build is reported with every fix the wasm build lacks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'techo-expat-'));
  try {
    writeFileSync(join(dir, 'changelog.Debian'), changelog);
    const r = run({ EXPAT_NATIVE_VERSION: '2.5.0-1+deb12u9', EXPAT_CHANGELOG: join(dir, 'changelog.Debian') });
    assert.equal(r.status, 3, r.out);
    assert.match(r.out, /WARNING: the wasm module is built from Debian expat .* older than native 2\.5\.0-1\+deb12u9/);
    assert.match(r.out, /lacks: CVE-2099-0001 CVE-2099-0002\n/);
    assert.doesNotMatch(r.out, /CVE-2000-0001/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the same revision on both sides passes quietly; an older native is told apart', () => {
  assert.equal(run({ EXPAT_NATIVE_VERSION: pinned }).status, 0);
  assert.equal(run({ EXPAT_NATIVE_VERSION: '2.5.0-1' }).status, 4);
});

test('on this machine the native expat is not older than the wasm build (scripts/setup upgrades it)', () => {
  const r = run({});
  assert.notEqual(r.status, 4, r.out);
  if (r.status === 3) assert.match(r.out, /lacks: CVE-\d{4}-\d+/);
});
