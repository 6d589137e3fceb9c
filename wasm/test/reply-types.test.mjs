// Every public method called on the demo family, each reply checked against its declared
// type by the TypeScript compiler: the replies are written out as object literals assigned
// to the method's declared reply type, so a field the core sends and the types do not
// declare (an excess property), one the types promise and the core does not send, or a
// value of another type, is a compile error naming it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

import { openSession } from '../dist/index.js';
import { readRepoFile, wasmBinary } from './helpers.mjs';
import { documents as patientSummary } from '../../scripts/jp-documents/patient-summary.mjs';
import { documents as childCheckups } from '../../scripts/jp-documents/child-checkups.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const family = JSON.parse(readFileSync(join(repo, 'assets/demo/family.json'), 'utf8'));

/** Each reply as `const rN: Reply<'method'> = <the reply as JSON>;` */
function program(replies) {
  const types = join(repo, 'wasm/types/index.js');
  const lines = [
    `import type * as Api from ${JSON.stringify(types)};`,
    `type Reply<K extends keyof Api.Session> = Awaited<ReturnType<Api.Session[K]>>;`,
  ];
  replies.forEach(([method, value], i) => {
    if (value === undefined) lines.push(`const r${i}: Reply<'${method}'> = undefined;`);
    else lines.push(`const r${i}: Reply<'${method}'> = ${JSON.stringify(value).replaceAll('"__BYTES__"', 'new Uint8Array()')};`);
  });
  lines.push(`export {};`);
  return lines.join('\n') + '\n';
}

function typeErrors(source) {
  const dir = mkdtempSync(join(tmpdir(), 'techo-replies-'));
  try {
    const file = join(dir, 'replies.ts');
    writeFileSync(file, source);
    const host = ts.createCompilerHost({});
    const options = { strict: true, noEmit: true, exactOptionalPropertyTypes: true, module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [] };
    const built = ts.createProgram([file], options, host);
    return ts.getPreEmitDiagnostics(built).map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      const line = where ? source.split('\n')[where - 1].slice(0, 60) : '';
      return `${line}…: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('every reply on the demo family has the type the package declares', async () => {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  const replies = [];
  const call = async (method, ...args) => {
    const value = await session[method](...args);
    // Bytes are not JSON: a file in a reply is written as a Uint8Array literal.
    replies.push([method, value?.file instanceof Uint8Array ? { ...value, file: '__BYTES__' } : value]);
    return value;
  };
  await call('createVault', 'reply types 合言葉', { kdfOps: 2, kdfMemBytes: 19 << 20 });
  await call('addTrustedIssuer', family.issuer.publicKey, family.issuer.name);
  for (const name of family.files) {
    await call('importFile', await readRepoFile(`assets/demo/family/${name}`), name, { identity: family.identity });
  }
  await call('importFile', await readRepoFile('native_tests/data/apple-health-export/export-infozip-stream.zip'), 'export.zip');
  // Care plans, goals, visits, procedures and cards the demo family does not have.
  for (const doc of [...patientSummary(), ...childCheckups()]) {
    await call('importFile', new TextEncoder().encode(JSON.stringify(doc.bundle)), doc.name);
  }
  // お薬手帳: a sticker, one part of a split one (held), and the hand-over.
  const sticker = new TextDecoder().decode(await readRepoFile('native_tests/data/okusuri-techo/sticker-full.utf8.txt'));
  await call('importFile', sticker, 'okusuri.txt');
  await call('importFile', sticker.replace(/\r\n$/, '\r\n911,reply-types,2,1\r\n'), 'part1.txt');
  await call('pendingNotebookParts');
  await call('readableFormats');
  await call('vaultStatus');
  await call('summary');
  const page = await call('records', { limit: 5 });
  await call('records', { limit: 5, cursor: page.next });
  const { people } = await call('people');
  for (const query of [{}, { person: people[1].id, today: family.today }]) {
    for (const view of ['medications', 'labs', 'checkups', 'ehrSummary', 'immunizations', 'safety', 'emergency', 'visits', 'coverages',
      'growth']) await call(view, query);
  }
  const yamada = people.find((p) => p.name === '山田　太郎');
  if (yamada) await call('exportMedicationNotebook', { person: yamada.id, today: '2026-11-21' });
  const ehr = await session.ehrSummary({});
  if (ehr.documents?.length) await call('document', ehr.documents[0].id);
  await call('trustedIssuers');
  await call('pendingIssuers');
  await call('lifelogSamples', { metric: 'steps', from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' });
  await call('lifelogDays', { metric: 'steps' });
  await call('lifelogPriority', 'steps');
  await call('setLifelogPriority', 'steps', ['watch', 'phone', 'manual', 'medical-device', 'app']);
  const sakura = people.find((p) => p.name === '山田 さくら');
  await call('vaccinations', { today: family.today });
  await call('vaccinations', { person: sakura.id, today: family.today });
  await call('forecastVaccinations', { birthDate: '2012-05-01', sex: 'female', today: '2025-09-01',
    doses: [{ product: 'HPV9', date: '2025-06-01' }, { product: 'HPV9', date: '2025-08-01' }, { product: 'RV1', date: '2025-08-01' }] });
  await call('forecastVaccinations', { birthDate: '2019-04-01', today: '2026-11-21', doses: [{ product: 'FLU', date: '2026-10-20' }] });
  await call('recordVaccination', { person: sakura.id, product: 'JE', date: '2026-11-21', lot: 'JE-1', clinic: 'こども診療所' });
  await call('saveEmergencyInfo', sakura.id, { contacts: [{ name: '山田 花子', relationship: '母', phone: '090-0000-0000' }],
    wishes: { cpr: 'undecided', note: '人生会議はまだ', discussedOn: '2026-11-01' } });
  await call('emergency', { person: sakura.id, today: family.today });
  const hinata = await call('addPerson', { name: '山田 ひなた', birthDate: '2026-10-01', sex: 'female' });
  await call('profileKeys', { person: hinata.id });
  await call('setRelationship', { person: hinata.id, relationship: 'other' });
  const clinic = await session.generateIdentity();
  const self = people[0];
  const grant = await call('createGrant', { person: self.id, grantee: { name: 'さくら内科', recipient: clinic.recipient }, purpose: 'app',
    categories: ['medications', 'lab-results'], dataPeriod: { start: '2020-01-01' } });
  await call('grants', {});
  await call('grantAsFhirConsent', grant.id);
  const shared = await call('sharePackage', grant.id);
  await call('verifySharePackage', shared.file, { identity: clinic.identity });
  const revoked = await call('revokeGrant', grant.id);
  await call('verifySharePackage', shared.file, { identity: clinic.identity, revocations: [revoked.revocation] });
  await call('consentSettings');
  await call('setResearchOptOut', true);
  await call('setHandOverAge', 16);
  await call('handOver', { person: sakura.id, recipient: clinic.recipient });
  const firstPage = await call('auditLog', { limit: 2 });
  await call('auditLog', { cursor: firstPage.nextCursor });
  await call('verifyAuditLog');
  await call('vaccinationCalendar', { today: family.today });
  await call('generateIdentity');
  await call('changePassphrase', 'reply types 新しい', { kdfOps: 2, kdfMemBytes: 19 << 20 });
  await call('lock');
  await call('unlock', 'reply types 新しい');
  await session.close();

  assert.ok(replies.length > 30, `${replies.length} replies`);
  const errors = typeErrors(program(replies));
  assert.deepEqual(errors, []);
});

test('the check fails on a reply the types do not declare', () => {
  // The mechanism itself can fail: an extra field, and a missing one.
  const errors = typeErrors(program([['lifelogPriority', { metric: 'steps', order: ['watch'], extra: 1 }], ['readableFormats', { formats: [] }]]));
  assert.equal(errors.length, 2, errors.join('\n'));
  assert.match(errors[0], /extra/);
  assert.match(errors[1], /extensions/);
});
