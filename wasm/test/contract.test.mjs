// The contract cannot drift: the TypeScript declarations (types/index.d.ts, read with the
// TypeScript compiler itself) against what the core says of itself through the API.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import ts from 'typescript';

import { openSession } from '../dist/index.js';
import { METHODS } from '../dist/methods.js';
import { readRepoFile, syntheaFiles, wasmBinary } from './helpers.mjs';

// types/index.d.ts re-exports one file per section; every declaration is in one of them.
const typesDir = new URL('../types/', import.meta.url);
const statements = readdirSync(typesDir)
  .filter((f) => f.endsWith('.d.ts'))
  .flatMap((f) => ts.createSourceFile(f, readFileSync(new URL(f, typesDir), 'utf8'), ts.ScriptTarget.Latest, true).statements);

function declaration(name) {
  const found = statements.filter((s) => (ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) && s.name.text === name);
  assert.equal(found.length, 1, `types/ declares ${name} once`);
  return found[0];
}

/** The string literals of a union type alias. */
function literals(name) {
  const alias = declaration(name);
  const members = ts.isUnionTypeNode(alias.type) ? alias.type.types : [alias.type];
  return members.map((m) => m.literal.text);
}

function sessionMethods() {
  return declaration('Session').members.filter(ts.isMethodSignature).map((m) => m.name.text);
}

const open = async () => {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await session.createVault('contract 合言葉', { kdfOps: 2, kdfMemBytes: 19 << 20 });
  return session;
};

test('the ErrorCode union is the core\'s list of codes', async () => {
  const { Core } = await import('../dist/core.js');
  const core = await Core.load(wasmBinary, 'memory');
  const codes = await core.call('errorCodes', {});
  core.close();
  assert.deepEqual(literals('ErrorCode').sort(), [...codes].sort());
});

test('every method the Session interface declares has its row in the method table, and no other', () => {
  assert.deepEqual(sessionMethods().sort(), Object.keys(METHODS).sort());
});

test('every table method of the core is reached by the TypeScript layer', async () => {
  const { Core } = await import('../dist/core.js');
  const core = await Core.load(wasmBinary, 'memory');
  const coreMethods = await core.call('methods', {});
  core.close();
  const viaTable = Object.entries(METHODS).filter(([, spec]) => !spec.job).map(([name]) => name);
  // What Core's own jobs call by name (core.ts), and what the core answers about itself.
  const viaJobs = ['open', 'createVault', 'unlock', 'unlockWithRecovery', 'lock', 'changePassphrase', 'vaultInfo',
    'importBegin', 'importFinish', 'importAbort', 'errorCodes', 'methods', 'sharePackage', 'handOver'];
  for (const name of viaTable) assert.ok(coreMethods.includes(name), `the core has no method "${name}"`);
  assert.deepEqual([...new Set([...viaTable, ...viaJobs])].sort(), [...coreMethods].sort());
});

test('the formats an import reports are the FileFormat union', async () => {
  const session = await open();
  const fhir = await session.importFile(await readRepoFile(syntheaFiles.luigi), 'luigi.json');
  const omh = await session.importFile(
    await readRepoFile('native_tests/data/openmhealth/test-data/omh/step-count/3.0/shouldPass/valid-step-count.json'), 'steps.json');
  const formats = literals('FhirFormat').concat(literals('LifelogFormat'));
  assert.ok(formats.includes(fhir.format), fhir.format);
  assert.ok(formats.includes(omh.format), omh.format);
  await session.close();
});

test('a wrong-typed argument is INVALID_ARGUMENT naming the field, through the public API', async () => {
  const session = await open();
  await assert.rejects(session.records({ limit: 'ten' }), { code: 'INVALID_ARGUMENT', path: 'query.limit' });
  await assert.rejects(session.medications({ person: 'me' }), { code: 'INVALID_ARGUMENT', path: 'query.person' });
  await assert.rejects(session.document('1'), { code: 'INVALID_ARGUMENT', path: 'id' });
  await assert.rejects(session.setRelationship({ person: 'me', relationship: 'child' }), { code: 'INVALID_ARGUMENT', path: 'request.person' });
  await assert.rejects(session.setLifelogPriority('steps', 'watch'), { code: 'INVALID_ARGUMENT', path: 'order' });
  await assert.rejects(session.addTrustedIssuer(7, 'x'), { code: 'INVALID_ARGUMENT', path: 'publicKey' });
  await assert.rejects(session.changePassphrase('新しい', { kdfMemBytes: -1 }), { code: 'INVALID_ARGUMENT', path: 'options.kdfMemBytes' });
  // And the session goes on.
  assert.equal((await session.summary()).total, 0);
  await session.close();
});
