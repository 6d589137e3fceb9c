// Interoperability with the stock `age` CLI (Debian package `age`), both ways, for the
// native build (techo_age) and the wasm build (this package): X25519 keys and
// passphrases, binary and armored, at sizes around the 64 KiB chunk boundary up to 50 MiB.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { openSession } from '../dist/index.js';
import { wasmBinary } from './helpers.mjs';

const techoAge = new URL('../../build/native/native_tests/tools/techo_age', import.meta.url).pathname;
const sizes = [0, 1, 65535, 65536, 65537, 1 << 20, 50 << 20];
const passphrase = 'correct horse battery staple 2026';

let dir;
let session;
let identityFile;
let recipient;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'techo-interop-'));
  session = await openSession({ worker: false, wasmBinary });
  identityFile = join(dir, 'key.txt');
  execFileSync('age-keygen', ['-o', identityFile], { stdio: 'ignore' });
  recipient = execFileSync('age-keygen', ['-y', identityFile]).toString().trim();
});
after(async () => {
  await session.close();
  rmSync(dir, { recursive: true, force: true });
});

// age opens its -o file only when it has plaintext to write: an empty result leaves no
// file. (A failure is still caught: execFileSync throws on a non-zero exit status.)
function output(path) {
  try {
    return readFileSync(path);
  } catch (error) {
    if (error.code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  }
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const identity = () => readFileSync(identityFile, 'utf8');

// age reads passphrases from the terminal only; `script` gives it one.
function agePassphrase(args) {
  execFileSync('script', ['-qec', ['age', ...args].join(' '), '/dev/null'], { input: `${passphrase}\n${passphrase}\n`, stdio: ['pipe', 'ignore', 'ignore'] });
}

function techo(args, env = {}) {
  execFileSync(techoAge, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
}

for (const size of sizes) {
  for (const armor of [false, true]) {
    const label = `${size} bytes, ${armor ? 'armored' : 'binary'}`;
    describe(label, () => {
      let plainPath;
      let plain;
      const a = armor ? ['-a'] : [];
      const file = (name) => join(dir, `${size}-${armor}-${name}`);
      before(() => {
        plain = randomBytes(size);
        plainPath = file('plain');
        writeFileSync(plainPath, plain);
      });

      test('X25519: age CLI → native and wasm', async () => {
        execFileSync('age', ['-e', ...a, '-r', recipient, '-o', file('cli.age'), plainPath]);
        techo(['decrypt', '-i', identityFile, '-o', file('cli.native.out'), file('cli.age')]);
        assert.ok(readFileSync(file('cli.native.out')).equals(plain));
        const digest = await session.decryptDigest(readFileSync(file('cli.age')), { identity: identity() });
        assert.equal(digest.sha256, sha256(plain));
        assert.equal(digest.armored, armor);
      });

      test('X25519: native and wasm → age CLI', async () => {
        techo(['encrypt', ...a, '-r', recipient, '-o', file('native.age'), plainPath]);
        execFileSync('age', ['-d', '-i', identityFile, '-o', file('native.cli.out'), file('native.age')]);
        assert.ok(output(file('native.cli.out')).equals(plain));
        writeFileSync(file('wasm.age'), await session.encrypt(plain, { recipients: [recipient], armor }));
        execFileSync('age', ['-d', '-i', identityFile, '-o', file('wasm.cli.out'), file('wasm.age')]);
        assert.ok(output(file('wasm.cli.out')).equals(plain));
      });

      test('passphrase: age CLI → native and wasm', async () => {
        agePassphrase(['-p', ...a, '-o', file('clip.age'), plainPath]);
        techo(['decrypt', '-p', '-o', file('clip.native.out'), file('clip.age')], { TECHO_AGE_PASSPHRASE: passphrase });
        assert.ok(readFileSync(file('clip.native.out')).equals(plain));
        const digest = await session.decryptDigest(readFileSync(file('clip.age')), { passphrase });
        assert.equal(digest.sha256, sha256(plain));
      });

      test('passphrase: native and wasm → age CLI', async () => {
        techo(['encrypt', '-p', ...a, '-o', file('nativep.age'), plainPath], { TECHO_AGE_PASSPHRASE: passphrase });
        agePassphrase(['-d', '-o', file('nativep.cli.out'), file('nativep.age')]);
        assert.ok(output(file('nativep.cli.out')).equals(plain));
        writeFileSync(file('wasmp.age'), await session.encrypt(plain, { passphrase, armor }));
        agePassphrase(['-d', '-o', file('wasmp.cli.out'), file('wasmp.age')]);
        assert.ok(output(file('wasmp.cli.out')).equals(plain));
      });
    });
  }
}
