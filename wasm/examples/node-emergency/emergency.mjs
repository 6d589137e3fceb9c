#!/usr/bin/env node
// Imports one health record file (FHIR R4 JSON or NDJSON, an age-encrypted file with
// --passphrase, a lifelog export...) into a fresh in-memory vault and prints the emergency
// summary a first responder would read: allergies, contraindications, current
// medications, active conditions and the latest key results, per person.
//
//   node emergency.mjs path/to/record.json [--passphrase PASSPHRASE]
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { argv, exit } from 'node:process';

import { openSession, TechoError } from '@techo/core';

const [file, flag, passphrase] = argv.slice(2);
if (!file || (flag && flag !== '--passphrase')) {
  console.error('usage: node emergency.mjs RECORD_FILE [--passphrase PASSPHRASE]');
  exit(2);
}

const list = (items, show) => (items.length ? items.map((item) => `    - ${show(item)}`).join('\n') : '    (none recorded)');

const session = await openSession({ storage: 'memory' });
try {
  const report = await session.importFile(await readFile(file), basename(file), passphrase ? { passphrase } : undefined);
  const stored = report.kind === 'lifelog' ? report.imported : report.importedTotal;
  console.log(`${basename(file)}: ${stored} stored, ${report.skipped.length} skipped`);

  const { today, byPerson } = await session.emergency();
  for (const card of byPerson) {
    const who = card.person ? `${card.person.name} (born ${card.person.birthDate || 'unknown'})` : 'records about no known person';
    console.log(`\nEMERGENCY SUMMARY — ${who}, as of ${today}`);
    console.log(`  Allergies:\n${list(card.allergies, (a) => `${a.substance}${a.reactions.length ? ` — ${a.reactions.join(', ')}` : ''}${a.criticality ? ` [${a.criticality}]` : ''}`)}`);
    console.log(`  Contraindications:\n${list(card.contraindications, (a) => a.substance)}`);
    console.log(`  Medications:\n${list(card.medications, (m) => `${m.drug}${m.dosage ? ` — ${m.dosage}` : ''} (${m.institution || m.source})`)}`);
    console.log(`  Conditions:\n${list(card.conditions, (c) => `${c.name} (since ${c.onset.slice(0, 10) || '?'})`)}`);
    console.log(`  Key results:\n${list(card.keyLabs, (r) => `${r.name}: ${r.valueText} ${r.unit} on ${r.date.slice(0, 10)}${r.flag ? ` [${r.flag}]` : ''}`)}`);
  }
} catch (error) {
  if (!(error instanceof TechoError)) throw error;
  console.error(`${error.code}: ${error.message}${error.path ? ` (at ${error.path})` : ''}`);
  exit(1);
} finally {
  await session.close();
}
