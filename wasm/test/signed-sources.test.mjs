// Signed sources (issue 11, finding 6): the name shown for a verified source is the one the
// person gave the key, never what the signer wrote; the envelope's recipient, time and
// media type are checked; signed JSON is canonical per RFC 8785 (JCS), so a signer written
// in another language interoperates; duplicate keys are refused. The signer here is Node's
// own Ed25519, not the core.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { test } from 'node:test';

import { TechoError, openSession } from '../dist/index.js';
import { readRepoFile, wasmBinary } from './helpers.mjs';
import { demoIssuerName, demoSeed, issuerKey, jcs, sealEnvelope } from './trust-helpers.mjs';

const demo = issuerKey(demoSeed);
const bundle = await readRepoFile('assets/demo/yamada-hanako.fhir.json');
const fast = { kdfOps: 2, kdfMemBytes: 19 << 20 };

async function trustingSession() {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await session.addTrustedIssuer(demo.publicKey, demoIssuerName);
  return session;
}

function rejectsWith(code, path) {
  return (e) => {
    assert.ok(e instanceof TechoError, String(e));
    assert.equal(e.code, code, e.message);
    assert.ok(e.path.includes(path), `path ${e.path} names ${path}`);
    return true;
  };
}

test('a verified source shows the name the person gave its key; a different claim is kept as a mismatch', async () => {
  const session = await trustingSession();
  const report = await session.importFhir(sealEnvelope(bundle, demo, { name: '東京大学医学部附属病院' }), 'claims.json');
  assert.equal(report.source.verification, 'verified');
  assert.equal(report.source.issuerName, demoIssuerName, 'the person\'s name for the key');
  assert.equal(report.source.claimedIssuerName, '東京大学医学部附属病院');
  assert.equal(report.source.issuerNameMismatch, true);
  const [listed] = (await session.summary()).sources;
  assert.equal(listed.issuerName, demoIssuerName);
  assert.equal(listed.claimedIssuerName, '東京大学医学部附属病院');
  assert.equal(listed.issuerNameMismatch, true);

  // The same name: no mismatch. An untrusted key: no name of the person's, only the claim.
  const honest = await session.importFhir(sealEnvelope(bundle, demo, { created: '2026-11-02T00:00:00Z' }), 'honest.json');
  assert.equal(honest.source.issuerNameMismatch, false);
  const stranger = issuerKey(Buffer.alloc(32, 9));
  const unknown = await session.importFhir(sealEnvelope(bundle, stranger, { name: demoIssuerName }), 'stranger.json');
  assert.equal(unknown.source.verification, 'unknown_issuer');
  assert.equal(unknown.source.issuerName, '');
  assert.equal(unknown.source.claimedIssuerName, demoIssuerName);
  await session.close();
});

test('an envelope addressed to someone else is refused; to the key that opened it, or the vault\'s, it is accepted', async () => {
  const session = await trustingSession();
  const { recoveryRecipient } = await session.createVault('pass', fast);
  await session.addTrustedIssuer(demo.publicKey, demoIssuerName);
  const mine = await session.generateIdentity();
  const theirs = await session.generateIdentity();
  const to = (recipient, created) => sealEnvelope(bundle, demo, { recipient, created });

  const misdirected = await session.encrypt(to(theirs.recipient, '2026-11-01T00:00:01Z'), { recipients: [mine.recipient] });
  await assert.rejects(session.importEncrypted(misdirected, 'misdirected.age', { identity: mine.identity }),
    rejectsWith('INVALID_SIGNATURE', 'envelope.recipient'));
  await assert.rejects(session.importFhir(to(theirs.recipient, '2026-11-01T00:00:02Z'), 'plain.json'),
    rejectsWith('INVALID_SIGNATURE', 'envelope.recipient'));
  assert.equal((await session.summary()).sources.length, 0);

  const addressed = await session.encrypt(to(mine.recipient, '2026-11-01T00:00:03Z'), { recipients: [mine.recipient] });
  const ok = await session.importEncrypted(addressed, 'mine.age', { identity: mine.identity });
  assert.equal(ok.source.verification, 'verified');
  const toVault = await session.importFhir(to(recoveryRecipient, '2026-11-01T00:00:04Z'), 'to-vault.json');
  assert.equal(toVault.source.verification, 'verified');
  await session.close();
});

test('the created time must be RFC 3339 and not in the future; the media type one Techo reads', async () => {
  const session = await trustingSession();
  await assert.rejects(session.importFhir(sealEnvelope(bundle, demo, { created: 'yesterday' }), 'a.json'),
    rejectsWith('MALFORMED_INPUT', 'envelope.created'));
  await assert.rejects(session.importFhir(sealEnvelope(bundle, demo, { created: '2026-13-01T09:00:00Z' }), 'b.json'),
    rejectsWith('MALFORMED_INPUT', 'envelope.created'));
  const future = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
  await assert.rejects(session.importFhir(sealEnvelope(bundle, demo, { created: future }), 'c.json'),
    rejectsWith('INVALID_SIGNATURE', 'envelope.created'));
  await assert.rejects(session.importFhir(sealEnvelope(bundle, demo, { mediaType: 'text/html' }), 'd.json'),
    rejectsWith('UNSUPPORTED', 'envelope.mediaType'));
  assert.equal((await session.summary()).sources.length, 0);
  // A moment ago, with a time zone offset: fine.
  const now = new Date(Date.now() - 1000).toISOString().replace('Z', '+00:00');
  assert.equal((await session.importFhir(sealEnvelope(bundle, demo, { created: now }), 'e.json')).source.verification, 'verified');
  await session.close();
});

test('duplicate keys in the envelope are refused, not resolved to the last one', async () => {
  const session = await trustingSession();
  // Signed with mediaType application/fhir+json; a first, unsigned mediaType slipped in front.
  const sealed = sealEnvelope(bundle, demo, {}, (line) => line.replace('{', '{"mediaType":"text/html",'));
  await assert.rejects(session.importFhir(sealed, 'dup.json'), rejectsWith('MALFORMED_INPUT', 'envelope'));
  const nested = sealEnvelope(bundle, demo, {}, (line) => line.replace('"issuer":{', '"issuer":{"name":"東京大学医学部附属病院",'));
  await assert.rejects(session.importFhir(nested, 'dup2.json'), rejectsWith('MALFORMED_INPUT', 'envelope'));
  assert.equal((await session.summary()).sources.length, 0);
  await session.close();
});

test('an envelope signed over RFC 8785 canonical JSON by another signer verifies', async () => {
  const session = await trustingSession();
  // Extra fields a signer may add: keys outside the BMP sort by UTF-16 code units, and a
  // number written as 1.5e3 is the number 1500.
  const extra = { note: { 'ﬁ': 1, '😀': 2, '\u007f': 'del', 'é': '\u2028' }, weight: 1500, ratio: 0.1 };
  const sealed = sealEnvelope(bundle, demo, { extra }, (line) => line.replace('"weight":1500', '"weight":1.5e3'));
  assert.ok(sealed.includes('1.5e3'));
  const report = await session.importFhir(sealed, 'jcs.json');
  assert.equal(report.source.verification, 'verified');
  await session.close();
});

test('the signed demo files still verify', async () => {
  const session = await trustingSession();
  const demoFile = await readRepoFile('assets/demo/yamada-hanako.fhir.json.age');
  const report = await session.importEncrypted(demoFile, 'demo.age', { passphrase: 'techo-demo-2026' });
  assert.equal(report.source.verification, 'verified');
  assert.equal(report.source.issuerName, demoIssuerName);
  const family = JSON.parse(await readRepoFile('assets/demo/family.json'));
  for (const name of family.files) {
    const file = await readRepoFile(`assets/demo/family/${name}`);
    const r = await session.importEncrypted(file, name, { identity: family.identity });
    assert.equal(r.source.verification, 'verified', name);
  }
  await session.close();
});

test('techo_age seal signs over RFC 8785: an outside verifier accepts its envelope', async () => {
  const tool = new URL('../../build/native/native_tests/tools/techo_age', import.meta.url).pathname;
  const sealed = execFileSync(tool, ['seal', '--seed', demoSeed.toString('hex'), '--issuer', '東京 "クリニック"\t',
    '--created', '2026-11-01T09:00:00+09:00', '--media-type', 'application/fhir+ndjson'], { input: bundle });
  const [magic, line] = sealed.toString('utf8').split('\n');
  assert.equal(magic, 'techo-envelope/v1');
  const { signature, ...unsigned } = JSON.parse(line);
  assert.equal(line, jcs({ ...unsigned, signature }), 'the envelope line itself is canonical');
  const key = createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(unsigned.issuer.key, 'base64')]),
    format: 'der', type: 'spki',
  });
  const message = Buffer.concat([Buffer.from('techo-envelope/v1 signature\n'), Buffer.from(jcs(unsigned))]);
  assert.ok(verify(null, message, key, Buffer.from(signature, 'base64')));
  assert.equal(unsigned.mediaType, 'application/fhir+ndjson');
});
