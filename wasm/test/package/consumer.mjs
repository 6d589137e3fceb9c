// Shared by the package tests: the built wasm/ folder as an outside developer gets it —
// `npm pack`ed, then installed from the tarball into an empty folder. The package has no
// runtime dependencies, so the install needs no registry (--offline). Consumers import it
// by its name, '@techo/core', never by a path into this repository.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);

export const packageDir = new URL('../../', import.meta.url).pathname;
export const repoDir = new URL('../../../', import.meta.url).pathname;
export const examplesDir = join(packageDir, 'examples');

/** The Synthea record the tests import, and what it is known to hold. */
export const synthea = {
  file: join(repoDir, 'native_tests/data/synthea-r4/Matt_Runte_789349c8-a36b-4d3d-9a1a-c04ba3bb6c45.json'),
  person: 'Matt Runte',
  medication: 'Vitamin B 12 5 MG/ML Injectable Solution',
  condition: 'Prediabetes',
};

const npm = (args, cwd) =>
  run('npm', args, { cwd, env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' }, maxBuffer: 1 << 24 });

/** Packs wasm/ into `dir`; resolves to the tarball's path and the file list npm reports. */
export async function pack(dir) {
  const { stdout } = await npm(['pack', '--json', '--pack-destination', dir], packageDir);
  const [info] = JSON.parse(stdout);
  return { tarball: join(dir, info.filename), files: info.files.map((f) => f.path) };
}

/**
 * An empty folder with the packed package installed from its tarball. Resolves to
 * { dir, tarball, files, cleanup }.
 */
export async function installedConsumer() {
  const dir = await mkdtemp(join(tmpdir(), 'techo-consumer-'));
  const packed = await pack(dir);
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await npm(['install', '--offline', '--no-audit', '--no-fund', '--no-save', packed.tarball], dir);
  return { dir, ...packed, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Copies one example's files (not its package.json: the consumer's install stands in for it). */
export async function copyExample(name, dir) {
  const skip = /(^|\/)(package\.json|package-lock\.json|node_modules|dist)$/;
  await cp(join(examplesDir, name), dir, { recursive: true, filter: (source) => !skip.test(source) });
}

/** The first ```js block under the README's "Quick start" heading. */
export async function readmeQuickStart() {
  const readme = await readFile(join(packageDir, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Quick start'));
  const block = section?.match(/```js\n([\s\S]*?)```/);
  if (!block) throw new Error('README.md has no ```js block under "## Quick start"');
  return block[1];
}
