// Shared by the peer workloads in this folder: each runs in a process of its own (started
// by scripts/bench.mjs, like the native and wasm drivers) and prints one JSON line.
import { performance } from 'node:perf_hooks';

// The median of `runs` timings of `work` (which may be async), in milliseconds.
export async function medianMs(runs, work) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work(i);
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

// `--name value` pairs, the rest as positional arguments.
export function parseArgs(argv = process.argv.slice(2)) {
  const options = {}, positional = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) options[argv[i].slice(2)] = argv[++i];
    else positional.push(argv[i]);
  }
  return { options, positional };
}

// The `AGE-SECRET-KEY-1…` line of an age identity file (the rest are comments).
export function secretKeyLine(identityFile) {
  const line = identityFile.split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-1'));
  if (!line) throw new Error('no AGE-SECRET-KEY-1 line in the identity file');
  return line.trim();
}

export const mbPerS = (bytes, ms) => bytes / 1e6 / (ms / 1e3);
