// The benchmark runner behind scripts/bench. Runs the native and wasm builds of the bench
// driver (native_tests/bench), the public JS API, and peer tools, then prints one table.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { packageSizes } from './package-sizes.mjs';

const root = new URL('..', import.meta.url).pathname;
const build = process.env.TECHO_BUILD ?? join(root, 'build');
const runs = Number(process.env.TECHO_BENCH_RUNS ?? 5);
const native = join(build, 'native/native_tests/bench/techo_bench');
const wasm = join(build, 'wasm/native_tests/bench/techo_bench.js');
const data = join(build, 'bench-data');

function driver(kind, args) {
  const [cmd, argv] = kind === 'native' ? [native, args] : ['node', ['--no-experimental-fetch', wasm, ...args]];
  return JSON.parse(execFileSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 20 }).trim());
}

function medianMs(work) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

// The JavaScript peers (scripts/bench-peers, installed by scripts/bench from its
// lockfile): each workload a script there, run in a process of its own like the drivers.
const peers = join(root, 'scripts/bench-peers');
function peer(script, args) {
  if (!existsSync(join(peers, 'node_modules'))) throw new Error('the bench peers are not installed: run scripts/bench, which installs them');
  return JSON.parse(execFileSync('node', [join(peers, script), ...args.map(String)], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim());
}
const peerVersion = (name) => JSON.parse(readFileSync(join(peers, 'node_modules', name, 'package.json'), 'utf8')).version;

// The bench's age key, made once and kept in build/.
function benchKey() {
  mkdirSync(data, { recursive: true });
  const key = join(data, 'key.txt');
  if (!existsSync(key)) execFileSync('age-keygen', ['-o', key], { stdio: 'ignore' });
  return { key, recipient: execFileSync('age-keygen', ['-y', key], { encoding: 'utf8' }).trim() };
}

// A 256 MiB random file encrypted with the age CLI, made once and kept in build/.
function ageBenchFile() {
  const { key, recipient } = benchKey();
  const file = join(data, 'random-256MiB.age');
  if (!existsSync(file)) {
    execFileSync('bash', ['-c', `head -c ${256 << 20} /dev/urandom | age -r ${recipient} -o '${file}'`]);
  }
  return { key, file };
}

const rows = [];
const row = (figure, unit, values, note = '') => rows.push({ figure, unit, ...values, note });

// How many times Techo's speed the peer's is: > 1 means Techo is faster. Throughputs
// divide as they are, times (and memory) the other way round.
const higherIsBetter = (unit) => unit === 'MB/s' || unit === 'resources/s';
const speedRatio = (unit, techo, peer) => (higherIsBetter(unit) ? techo / peer : peer / techo);
const speed = (unit, techo, peer) => `${speedRatio(unit, techo, peer).toFixed(2)}×`;

// `scripts/bench NAME` runs only the sections of that name (and prints the sizes).
const only = process.argv[2];
const want = (...names) => !only || names.includes(only);

// ---- sizes: what the npm package ships (scripts/bench sizes: this section alone) -----------
const sizes = packageSizes(join(root, 'wasm/dist'));
{
  const budget = JSON.parse(readFileSync(join(root, 'wasm/size-budget.json'), 'utf8')).gzipBytes;
  const kB = (n) => (n / 1000).toFixed(1);
  const parts = [
    ['techo_core.wasm', sizes.wasm, budget.wasm],
    ['JS: Emscripten glue (techo_core.mjs)', sizes.glue],
    ['JS: TypeScript layer (dist/*.js)', sizes.api],
    ['JS: all the package ships', sizes.js, budget.js],
  ];
  const cells = [['package part', 'raw kB', 'gzip -9 kB', 'brotli kB', 'gzip budget (wasm/size-budget.json)']];
  for (const [name, s, b] of parts) cells.push([name, kB(s.raw), kB(s.gzip), kB(s.brotli), b ? `${kB(b)} kB, ${((s.gzip / b) * 100).toFixed(0)}% used` : '—']);
  const w = cells[0].map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  for (const c of cells) console.log(c.map((v, i) => (i > 0 && i < 4 ? v.padStart(w[i]) : v.padEnd(w[i]))).join('  ').trimEnd());
  console.log('');
  if (process.argv[2] === 'sizes') {
    mkdirSync(build, { recursive: true });
    writeFileSync(join(build, 'bench-sizes.json'), JSON.stringify({ sizes }, null, 2) + '\n');
    process.exit(0);
  }
}

// ---- page: load to the first record shown (scripts/bench page: this section alone) -------
// Debian Chromium on the built page (web/test/page-timing.mjs): cold = a fresh profile,
// warm = the same page again with its files and compiled wasm cached.
let page = null;
if (want('page')) {
  const timing = spawnSync('node', ['test/page-timing.mjs', String(Math.max(3, Number(process.env.TECHO_BENCH_RUNS ?? 5)))], {
    cwd: join(root, 'web'), encoding: 'utf8',
  });
  if (timing.status === 0) {
    page = JSON.parse(timing.stdout.trim().split('\n').pop());
    console.log(`page load → demo family's first record shown: cold ${page.coldMedianMs} ms, warm ${page.warmMedianMs} ms (medians of ${page.runs}; ${JSON.stringify({ cold: page.coldMs, warm: page.warmMs })})\n`);
  } else {
    console.log(`page timing failed: ${timing.stderr}`);
  }
  if (process.argv[2] === 'page') process.exit(timing.status ?? 1);
}

// ---- vaccinations (issue 13; scripts/bench vaccinations: this section alone) ----------------
if (want('vaccinations')) {
  const n = driver('native', ['forecast_family', String(Math.max(runs, 21)), 'x']);
  const w = driver('wasm', ['forecast_family', String(Math.max(runs, 21)), 'x']);
  row(`forecast a family of ${n.children} children with full histories (${n.doses} doses, ${n.series} series)`, 'ms',
    { native: n.median_ms, wasm: w.median_ms }, 'target < 5 ms in wasm');
  if (process.argv[2] === 'vaccinations') {
    for (const r of rows) console.log(`${r.figure}: ${r.native?.toFixed?.(3) ?? r.native} native, ${r.wasm?.toFixed?.(3) ?? r.wasm} wasm ${r.unit} (${r.note})`);
    process.exit(0);
  }
}

// ---- the disclosure log (issue 14, item 7; scripts/bench audit: this section alone) ---------
// 100,000 entries appended to an encrypted vault on disk in transactions of 100 (each
// commit writes the header that binds the head; a checkpoint signed every 256), then the
// whole log verified: every hash, every checkpoint signature, the header's head.
if (want('audit')) {
  mkdirSync(data, { recursive: true });
  const entries = 100000, batch = Number(process.env.TECHO_BENCH_AUDIT_BATCH ?? 100);
  const n = driver('native', ['audit', String(runs), data, String(entries), String(batch)]);
  const w = driver('wasm', ['audit', String(Math.min(runs, 3)), data, String(entries), String(batch)]);
  row(`disclosure log: append ${entries.toLocaleString('en')} entries, ${batch} per transaction, encrypted vault on disk`, 'ms',
    { native: n.append_ms, wasm: w.append_ms }, `${n.append_us_per_entry.toFixed(0)} / ${w.append_us_per_entry.toFixed(0)} µs per entry, commits included`);
  row(`disclosure log: verify ${n.entries.toLocaleString('en')} entries and ${n.checkpoints} signed checkpoints`, 'ms',
    { native: n.verify_ms, wasm: w.verify_ms }, 'chain, signatures, header head');
  row('disclosure log: newest page (50 entries)', 'ms', { native: n.first_page_ms, wasm: w.first_page_ms });
  if (process.argv[2] === 'audit') {
    for (const r of rows) console.log(`${r.figure}: ${r.native?.toFixed?.(3) ?? r.native} native, ${r.wasm?.toFixed?.(3) ?? r.wasm} wasm ${r.unit} (${r.note})`);
    process.exit(0);
  }
}

// ---- FHIR import ------------------------------------------------------------------------
const synthea = readdirSync(join(root, 'native_tests/data/synthea-r4'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => join(root, 'native_tests/data/synthea-r4', f));
if (want('import')) {
  const n = driver('native', ['import_fhir', String(runs), ...synthea]);
  const w = driver('wasm', ['import_fhir', String(runs), ...synthea]);
  row('parse + store the four Synthea bundles (8.6 MB, 2,701 resources)', 'ms', { native: n.median_ms, wasm: w.median_ms });
}

// ---- age decryption ----------------------------------------------------------------------
if (want('age', 'peers')) {
  const { key, file } = ageBenchFile();
  const rawN = driver('native', ['aead_raw', String(runs), '256']);
  const rawW = driver('wasm', ['aead_raw', String(runs), '256']);
  // The same chunks opened from JavaScript through libsodium-wrappers (libsodium in wasm).
  const sodium = peer('aead.mjs', ['--runs', runs, '--mib', 256]);
  const sodiumName = `libsodium-wrappers ${peerVersion('libsodium-wrappers')} (libsodium ${sodium.libsodium}, wasm) in JS`;
  row('raw ChaCha20-Poly1305, 64 KiB chunks (the physical limit)', 'MB/s',
    { native: rawN.mb_per_s, wasm: rawW.mb_per_s, peer: sodium.chacha20poly1305_ietf_mb_per_s }, `peer: ${sodiumName}`);
  const rawXN = driver('native', ['aead_raw_xchacha', String(runs), '256']);
  const rawXW = driver('wasm', ['aead_raw_xchacha', String(runs), '256']);
  row('raw XChaCha20-Poly1305, 64 KiB chunks (the vault\'s cipher)', 'MB/s',
    { native: rawXN.mb_per_s, wasm: rawXW.mb_per_s, peer: sodium.xchacha20poly1305_ietf_mb_per_s }, `peer: ${sodiumName}`);

  // typage (npm age-encryption) in Node: the age implementation a web developer would use.
  const typage = peer('age-decrypt.mjs', ['--runs', Math.min(runs, 3), '--key', key, file]);
  const typageName = `typage (age-encryption ${peerVersion('age-encryption')}) in Node`;
  const memN = driver('native', ['age_decrypt_memory', String(runs), file, key]);
  const memW = driver('wasm', ['age_decrypt_memory', String(Math.min(runs, 3)), file, key]);
  row('age decrypt 256 MiB, from memory (the format\'s own cost)', 'MB/s', { native: memN.mb_per_s, wasm: memW.mb_per_s, peer: typage.memory_mb_per_s },
    `${((memN.mb_per_s / rawN.mb_per_s) * 100).toFixed(0)}% / ${((memW.mb_per_s / rawW.mb_per_s) * 100).toFixed(0)}% of raw AEAD (target ≥ 85%); peer: ${typageName}, decrypt(Uint8Array) → Uint8Array`);

  const fileN = driver('native', ['age_decrypt_file', String(runs), file, key]);
  const fileW = driver('wasm', ['age_decrypt_file', String(runs), file, key]);
  const cliMs = medianMs(() => {
    const r = spawnSync('age', ['-d', '-i', key, '-o', '/dev/null', file]);
    if (r.status !== 0) throw new Error(`age -d failed: ${r.stderr}`);
  });
  const cli = (256 * 1048576) / 1e6 / (cliMs / 1e3);
  row('age decrypt 256 MiB, streamed from file', 'MB/s', { native: fileN.mb_per_s, wasm: fileW.mb_per_s, peer: cli },
    `peer: age ${execFileSync('age', ['--version'], { encoding: 'utf8' }).trim()} CLI (Go)`);
  row('  … the same, peer typage streamed', 'MB/s', { native: fileN.mb_per_s, wasm: fileW.mb_per_s, peer: typage.stream_mb_per_s },
    `peer: ${typageName}, decrypt(Blob.stream()), chunks read and dropped`);
  // The path a page takes: the public API reading a Blob in 1 MiB slices (here in Node,
  // in this thread), which also hashes the plaintext (SHA-256) to report it.
  const { openSession } = await import(join(root, 'wasm/dist/index.js'));
  const session = await openSession({ worker: false, wasmBinary: readFileSync(join(root, 'wasm/dist/techo_core.wasm')) });
  const blob = new Blob([readFileSync(file)]);
  const identity = readFileSync(key, 'utf8');
  const samples = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const start = performance.now();
    await session.decryptDigest(blob, { identity });
    samples.push(performance.now() - start);
  }
  await session.close();
  const apiMs = samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  row('  … through the JS API (Blob slices, + SHA-256 of the plaintext)', 'MB/s', { wasm: (256 * 1048576) / 1e6 / (apiMs / 1e3) },
    'what decryptDigest() costs a page');
  row('peak memory while decrypting 256 MiB from file', 'MiB', { native: fileN.peak_mib, wasm: fileW.peak_mib },
    'wasm: linear memory size (target < 64 MiB); native: max RSS');
}

// ---- hostile age headers (issue 11) ------------------------------------------------------
// What a crafted file costs before it is refused: the header is scanned once, and
// stanzas past 256 are refused at the first one too many. Assertions about the same files
// are in wasm/test/age-limits.test.mjs; here only the time.
if (want('hostile')) {
  const b64 = (bytes) => Buffer.from(bytes).toString('base64').replace(/=+$/, '');
  const armor = (binary) => Buffer.from(['-----BEGIN AGE ENCRYPTED FILE-----',
    ...(Buffer.from(binary).toString('base64').match(/.{1,64}/g) ?? []), '-----END AGE ENCRYPTED FILE-----', ''].join('\n'));
  const ageFile = (stanzas) => Buffer.concat([Buffer.from(`age-encryption.org/v1\n${stanzas}--- ${b64(new Uint8Array(32))}\n`), new Uint8Array(33)]);
  const shortLines = armor(ageFile('-> a\n\n'.repeat(Math.ceil((512 * 1024) / 6))));
  const bodyLine = 'A'.repeat(64) + '\n';
  const longBodies = armor(ageFile(`-> grease\n${bodyLine.repeat(60)}\n`.repeat(250)));
  // The most X25519 work a header can ask for: 256 stanzas, none for this key.
  const { randomBytes } = await import('node:crypto');
  const x25519 = ageFile(Array.from({ length: 256 }, () => `-> X25519 ${b64(randomBytes(32))}\n${b64(randomBytes(32))}\n`).join(''));
  mkdirSync(data, { recursive: true });
  const { openSession } = await import(join(root, 'wasm/dist/index.js'));
  const session = await openSession({ worker: false, wasmBinary: readFileSync(join(root, 'wasm/dist/techo_core.wasm')) });
  const { identity } = await session.generateIdentity();
  const keyFile = join(data, 'hostile-key.txt');
  writeFileSync(keyFile, identity + '\n');
  const copy = "mostly the binding's copy of the input into wasm";
  for (const [name, file, why] of [['armored, 512 KiB of short stanza lines (refused: > 256 stanzas)', shortLines, copy],
    [`armored, ${(longBodies.length / 1048576).toFixed(2)} MiB, 250 stanzas of full body lines (refused: no key matches)`, longBodies, copy],
    ['256 X25519 stanzas for other keys, binary (refused: no key matches)', x25519, '256 X25519 + HKDF + AEAD tries']]) {
    const samples = [];
    let code = '';
    for (let i = 0; i < Math.min(runs, 3); i++) {
      const start = performance.now();
      await session.decryptDigest(file, { identity }).catch((error) => { code = error.code; });
      samples.push(performance.now() - start);
    }
    const path = join(data, 'hostile.age');
    writeFileSync(path, file);
    const cli = medianMs(() => spawnSync('age', ['-d', '-i', keyFile, '-o', '/dev/null', path]));
    row(`hostile age header: ${name}`, 'ms', { wasm: samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)], peer: cli },
      `JS API answers ${code}: ${why}; peer: age CLI`);
  }
  await session.close();
}

// ---- the encrypted vault -------------------------------------------------------------------
if (want('vault', 'peers')) {
  mkdirSync(data, { recursive: true });
  const records = 100000;
  const n = driver('native', ['vault', String(runs), data, String(records)]);
  const w = driver('wasm', ['vault', String(Math.min(runs, 3)), data, String(records)]);
  const pct = (pair) => {
    const p = Math.round((pair[1] / pair[0] - 1) * 100);
    return `${p >= 0 ? '+' : ''}${p}%`;
  };
  // The same SQL workload in the JavaScript SQLite builds (scripts/bench-peers/sql-vault.mjs):
  // in memory, unencrypted, where the vault is a file on disk; each peer row compares the
  // vault as shipped (wasm, encrypted) and, in its note, the vault with encryption off.
  const sqlPeers = ['sqlite-wasm', 'sql.js'].map((engine) => {
    const p = peer('sql-vault.mjs', ['--engine', engine, '--runs', Math.min(runs, 3), '--records', records]);
    const version = engine === 'sql.js' ? `sql.js ${peerVersion('sql.js')} (SQLite ${p.sqlite})` : `@sqlite.org/sqlite-wasm ${peerVersion('@sqlite.org/sqlite-wasm')}`;
    return { ...p, label: `peer ${version}, in memory, unencrypted` };
  });
  const peerRows = (unit, key, more = () => '') => {
    for (const p of sqlPeers) {
      row(`  … ${p.label}`, unit, { wasm: w[key][1], peer: p[key] },
        `vault off (wasm): ${speed(unit, w[key][0], p[key])} the peer's speed${more(p)}`);
    }
  };
  row(`vault: insert ${records.toLocaleString('en')} records in one transaction, off → on`, 'ms',
    { native: n.insert_ms[1], wasm: w.insert_ms[1] }, `encryption costs ${pct(n.insert_ms)} native, ${pct(w.insert_ms)} wasm (target ≤ +100%)`);
  peerRows('ms', 'insert_ms');
  row('vault: timeline first page (50), warm cache, encrypted', 'ms', { native: n.first_page_ms[1], wasm: w.first_page_ms[1] },
    `vs off: ${pct(n.first_page_ms)} native, ${pct(w.first_page_ms)} wasm (target ≤ +25%)`);
  peerRows('ms', 'first_page_ms');
  row('vault: timeline full scan, warm cache, encrypted', 'ms', { native: n.full_scan_ms[1], wasm: w.full_scan_ms[1] },
    `vs off: ${pct(n.full_scan_ms)} native, ${pct(w.full_scan_ms)} wasm (target ≤ +25%)`);
  peerRows('ms', 'full_scan_ms');
  row('vault: lookup one resource by its identity key, each query on its own, warm cache, encrypted', 'µs',
    { native: n.lookup_us[1], wasm: w.lookup_us[1] },
    `vs off: ${pct(n.lookup_us)} native, ${pct(w.lookup_us)} wasm; all in one transaction (as the import checks): ${n.lookup_in_transaction_us[1].toFixed(1)} / ${w.lookup_in_transaction_us[1].toFixed(1)} µs`);
  peerRows('µs', 'lookup_us', (p) => `; in one transaction: ${p.lookup_in_transaction_us.toFixed(1)} µs, Techo ${speed('µs', w.lookup_in_transaction_us[1], p.lookup_in_transaction_us)}`);
  row('vault: shim cost per 4 KiB page (cold full scan, on − off)', 'µs', { native: n.shim_us_per_page, wasm: w.shim_us_per_page },
    `raw XChaCha20-Poly1305 per 4 KiB: ${n.raw_aead_us_per_page.toFixed(2)} / ${w.raw_aead_us_per_page.toFixed(2)} µs; shim adds ${((n.shim_us_per_page / n.raw_aead_us_per_page - 1) * 100).toFixed(0)}% / ${((w.shim_us_per_page / w.raw_aead_us_per_page - 1) * 100).toFixed(0)}% (target ≤ 20%)`);
  row('vault: unlock (Argon2id 64 MiB × 3 + open)', 'ms', { native: n.unlock_ms, wasm: w.unlock_ms }, 'target ≤ 300 ms in wasm');
  row(`vault: backup to the recovery key (${n.file_mib[1].toFixed(0)} MiB vault)`, 'ms', { native: n.backup_ms, wasm: w.backup_ms },
    'export archive + age encrypt; target ≤ 1 s in wasm for 50 MB');
}

// ---- importing a person's record (issue 5) --------------------------------------------------
if (want('record', 'consent', 'views')) {
  const { key } = ageBenchFile();
  const record = join(data, 'record-50k.json');
  if (!existsSync(`${record}.age`)) {
    execFileSync('node', [join(root, 'scripts/generate-record.mjs'), '--resources', '50000', '--out', record], { stdio: 'ignore' });
    const recipient = execFileSync('age-keygen', ['-y', key], { encoding: 'utf8' }).trim();
    execFileSync('age', ['-r', recipient, '-o', `${record}.age`, record]);
  }
  // Every view a person opens on that record (issue 16): read from the view index the
  // import writes, so each parses only what it shows. Medians of 5 calls, reply sizes.
  const vn = driver('native', ['views', '1', `${record}.age`, key, data]);
  const vw = driver('wasm', ['views', '1', `${record}.age`, key, data]);
  for (const [name, label] of [['timeline', 'timeline, first page (50)'], ['medications', 'medications'], ['labs', 'lab trends'],
    ['checkups', 'checkups (特定健診)'], ['ehr-summary', 'EHR summary'], ['immunizations', 'vaccinations'], ['safety', 'safety checks'],
    ['emergency', 'emergency card']]) {
    row(`  … view: ${label}`, 'ms', { native: vn.views[name].ms, wasm: vw.views[name].ms },
      `reply ${(vw.views[name].reply_bytes / 1000).toFixed(1)} kB; target < 50 ms in wasm`);
  }
  row('  … peak memory once every view has run', 'MiB', { native: vn.views_peak_mib, wasm: vw.views_peak_mib },
    `after the import: ${vn.import_peak_mib.toFixed(0)} / ${vw.import_peak_mib.toFixed(0)}; target: views < 100 MB`);
  if (process.argv[2] === 'views') {
    for (const r of rows) console.log(`${r.figure}: ${r.native?.toFixed?.(1)} native, ${r.wasm?.toFixed?.(1)} wasm ${r.unit} (${r.note})`);
    process.exit(0);
  }
  const n = driver('native', ['import_encrypted', String(Math.min(runs, 3)), `${record}.age`, key, data]);
  const w = driver('wasm', ['import_encrypted', String(Math.min(runs, 3)), `${record}.age`, key, data]);
  row('import a 10-year record (50,000 resources, 31 MB) from age into the encrypted vault', 'ms',
    { native: n.median_ms, wasm: w.median_ms },
    `${Math.round(n.resources_per_s)} / ${Math.round(w.resources_per_s)} resources/s; target < 2,000 ms in wasm`);
  row('  … peak memory of that import', 'MiB', { native: n.peak_mib, wasm: w.peak_mib }, 'target < 200 MB in wasm');
  row('  … then the timeline\'s first page (50 records)', 'ms', { native: n.first_page_ms, wasm: w.first_page_ms }, 'target < 10 ms');

  // Consent (issue 14): a share package of that record with one category in scope, and
  // the receiving side's check of it: the largest category (medications, about a third of
  // the record) and labs (the laboratory results among its Observations).
  for (const category of ['medications', 'labs']) {
    const sn = driver('native', ['share_package', String(Math.max(runs, 5)), `${record}.age`, key, data, category]);
    const sw = driver('wasm', ['share_package', String(Math.max(runs, 5)), `${record}.age`, key, data, category]);
    row(`share package of that record, ${category} only (${sw.package_resources} resources, ${(sw.package_bytes / 1e6).toFixed(1)} MB age file)`, 'ms',
      { native: sn.build_ms, wasm: sw.build_ms }, 'select + sign + age encrypt + log; target < 500 ms in wasm');
    row('  … verifying that package as its receiver (the reply text included)', 'ms', { native: sn.verify_ms, wasm: sw.verify_ms },
      'decrypt, both signatures, every digest and scope; target < 100 ms in wasm');
  }
  if (process.argv[2] === 'consent') {
    for (const r of rows.slice(-4)) console.log(`${r.figure}: ${r.native?.toFixed?.(1)} native, ${r.wasm?.toFixed?.(1)} wasm ${r.unit} (${r.note})`);
    process.exit(0);
  }

  // A bulk export: ~100 MB of NDJSON, streamed line by line into the vault.
  const bulk = join(data, 'record-180k.ndjson');
  if (!existsSync(`${bulk}.age`)) {
    execFileSync('node', [join(root, 'scripts/generate-record.mjs'), '--resources', '180000', '--ndjson', '--out', bulk], { stdio: 'ignore' });
    const recipient = execFileSync('age-keygen', ['-y', key], { encoding: 'utf8' }).trim();
    execFileSync('age', ['-r', recipient, '-o', `${bulk}.age`, bulk]);
  }
  const bn = driver('native', ['import_encrypted', '1', `${bulk}.age`, key, data]);
  const bw = driver('wasm', ['import_encrypted', '1', `${bulk}.age`, key, data]);
  row(`import a ${(bn.bytes / 1e6).toFixed(0)} MB NDJSON bulk export (${bn.resources} resources) from age, streamed`, 'ms',
    { native: bn.median_ms, wasm: bw.median_ms }, `${bn.mb_per_s.toFixed(1)} / ${bw.mb_per_s.toFixed(1)} MB/s`);
  row('  … peak memory of that import', 'MiB', { native: bn.peak_mib, wasm: bw.peak_mib }, 'bounded: does not grow with the file');
}

// ---- lifelog (issue 6) ----------------------------------------------------------------------
if (want('lifelog')) {
  const n = driver('native', ['lifelog_merge', String(Math.min(runs, 3)), 'x']);
  const w = driver('wasm', ['lifelog_merge', String(Math.min(runs, 3)), 'x']);
  row(`merge ${n.samples.toLocaleString('en')} samples (3 heart-rate sources, minute-level, + steps from 3 sources, a year) and aggregate per day`,
    'ms', { native: n.median_ms, wasm: w.median_ms }, 'target < 1,000 ms in wasm');
  row('  … peak memory (including the samples themselves)', 'MiB', { native: n.peak_mib, wasm: w.peak_mib }, 'target < 256 MB in wasm');
  const mib = Number(process.env.TECHO_BENCH_APPLE_MIB ?? 1024);
  const xml = join(data, `export-${mib}m.xml`);
  if (!existsSync(xml)) execFileSync('node', [join(root, 'scripts/generate-apple-health.mjs'), '--mib', String(mib), '--out', xml], { stdio: 'ignore' });
  const an = driver('native', ['import_apple_health', '1', xml, data]);
  const aw = driver('wasm', ['import_apple_health', '1', xml, data]);
  row(`stream a ${mib} MiB Apple Health export.xml into the encrypted vault (${an.samples.toLocaleString('en')} samples, ${an.days} days merged)`,
    'ms', { native: an.ms, wasm: aw.ms }, `${an.mb_per_s.toFixed(1)} / ${aw.mb_per_s.toFixed(1)} MB/s`);
  row('  … peak memory of that import', 'MiB', { native: an.peak_mib, wasm: aw.peak_mib }, 'target < 100 MB');
}

// ---- お薬手帳 (issue 17) -------------------------------------------------------------------
// A notebook of 1,000 dispensing blocks (2,000 drugs) read from its text and stored
// through importFile into the encrypted vault.
if (want('okusuri')) {
  const n = driver('native', ['okusuri', String(Math.min(runs, 5)), data, '1000']);
  const w = driver('wasm', ['okusuri', String(Math.min(runs, 5)), data, '1000']);
  row(`read and store a お薬手帳 of ${n.blocks.toLocaleString('en')} dispensing blocks (${(n.bytes / 1e3).toFixed(0)} kB, ${n.resources} resources) into the encrypted vault`,
    'ms', { native: n.median_ms, wasm: w.median_ms }, 'target < 200 ms in wasm');
}

// ---- the import pipeline against the JavaScript a web developer would write (issue 16) ----
// Synthea R4 bundles (native_tests/data and ../shared/corpora) replicated with fresh ids to
// about TECHO_BENCH_SYNTHEA_MB MB (scripts/replicate-synthea.mjs), each file encrypted
// with age to the bench's key; made once in build/bench-data. Each side in a process of
// its own, every file read into memory first: Techo's importFile through the npm API
// (scripts/bench-techo-import.mjs), into a memory session and into an encrypted vault;
// the peer typage + JSON.parse + sql.js (scripts/bench-peers/import-pipeline.mjs), and
// the same with @sqlite.org/sqlite-wasm.
if (want('pipeline')) {
  const { key, recipient } = benchKey();
  const mb = Number(process.env.TECHO_BENCH_SYNTHEA_MB ?? 100);
  const corpus = join(data, `synthea-r4-${mb}mb`);
  const made = join(corpus, 'corpus.json');
  const recipientOf = () => (existsSync(made) ? JSON.parse(readFileSync(made, 'utf8')).recipient : '');
  if (recipientOf() !== recipient) {
    const bundles = [join(root, 'native_tests/data/synthea-r4'), join(root, '../shared/corpora/synthea-r4')]
      .filter((dir) => existsSync(dir))
      .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f)));
    const summary = JSON.parse(execFileSync('node', [join(root, 'scripts/replicate-synthea.mjs'), '--mb', String(mb), '--out', corpus, ...bundles],
      { encoding: 'utf8' }).trim());
    for (const f of readdirSync(corpus).filter((name) => name.endsWith('.json'))) {
      execFileSync('age', ['-r', recipient, '-o', join(corpus, `${f}.age`), join(corpus, f)]);
    }
    writeFileSync(made, JSON.stringify({ ...summary, recipient }, null, 2) + '\n');
  }
  const { files, bytes, resources } = JSON.parse(readFileSync(made, 'utf8'));
  const pipelineRuns = Math.min(runs, 3);
  const js = peer('import-pipeline.mjs', ['--engine', 'sql.js', '--runs', pipelineRuns, '--key', key, corpus]);
  const jsSqliteWasm = peer('import-pipeline.mjs', ['--engine', 'sqlite-wasm', '--runs', pipelineRuns, '--key', key, corpus]);
  const techo = (vault) => JSON.parse(execFileSync('node', [join(root, 'scripts/bench-techo-import.mjs'), '--vault', vault, '--runs', String(pipelineRuns),
    '--key', key, corpus], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim());
  const memory = techo('memory');
  const encrypted = techo('encrypted');
  const perS = (r) => `${Math.round(r.resources / (r.ms / 1e3)).toLocaleString('en')} resources/s, ${(bytes / 1e6 / (r.ms / 1e3)).toFixed(1)} MB/s`;
  const stored = (r) => (r.resources === resources ? '' : ` (${r.resources.toLocaleString('en')} stored${r.skipped ? `, ${r.skipped} skipped` : ''})`);
  const typage = `typage ${peerVersion('age-encryption')}`;
  const goal = (met) => (met ? 'met' : 'not met');
  const vsJs = speedRatio('ms', encrypted.ms, js.ms);
  const overhead = encrypted.ms / memory.ms;
  row(`import ${files} age-encrypted Synthea R4 bundles (${(bytes / 1e6).toFixed(0)} MB, ${resources.toLocaleString('en')} resources), Techo importFile into the encrypted vault`,
    'ms', { wasm: encrypted.ms, peer: js.ms },
    `Techo ${perS(encrypted)}${stored(encrypted)}; peer: ${typage} + JSON.parse + sql.js ${peerVersion('sql.js')}, ${perS(js)}; goal ≥ 2× the peer: ${goal(vsJs >= 2)}`);
  row('  … Techo importFile into a memory session (unencrypted)', 'ms', { wasm: memory.ms, peer: js.ms },
    `Techo ${perS(memory)}${stored(memory)}; the encrypted vault takes ${overhead.toFixed(2)}× this (goal ≤ 1.25×: ${goal(overhead <= 1.25)}); peer as above`);
  row('  … Techo into the encrypted vault, peer with @sqlite.org/sqlite-wasm for sql.js', 'ms', { wasm: encrypted.ms, peer: jsSqliteWasm.ms },
    `peer: ${typage} + JSON.parse + @sqlite.org/sqlite-wasm ${peerVersion('@sqlite.org/sqlite-wasm')}, ${perS(jsSqliteWasm)}`);
}

// ---- table -------------------------------------------------------------------------------
const fmt = (v) => (v === undefined ? '—' : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toPrecision(2));
const header = ['figure', 'unit', 'native', 'wasm', 'wasm/native', 'peer', 'Techo/peer', 'note'];
const techoVsPeer = (r) => (r.peer === undefined || (r.wasm ?? r.native) === undefined ? '—' : speed(r.unit, r.wasm ?? r.native, r.peer));
const table = rows.map((r) => [r.figure, r.unit, fmt(r.native), fmt(r.wasm), r.native && r.wasm ? `${(r.wasm / r.native).toFixed(2)}x` : '—', fmt(r.peer),
  techoVsPeer(r), r.note]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => String(t[i]).length)));
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const t of table) console.log(line(t));
// A section run alone keeps its own JSON, so it never overwrites the whole bench's.
const out = join(build, only ? `bench-${only}.json` : 'bench.json');
mkdirSync(build, { recursive: true });
writeFileSync(out, JSON.stringify({ runs, rows, sizes, page }, null, 2) + '\n');
console.log(`\nmedians of ${runs} runs (fewer for the heavy figures: scripts/bench.mjs says which); Techo/peer: Techo's speed (wasm, else native) over the peer's, > 1 is Techo faster; JSON in ${out}`);
