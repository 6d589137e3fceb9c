// A ten-year record through the public API (importFile, then the views a page opens): the
// views read what they show from the view index, so a trend sends its newest points and
// says how many there are, and the medications view lists the newest entries and counts
// all of them — without losing a count or a first date (institutions: native view_index_test).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { openSession } from '../dist/index.js';
import { wasmBinary } from './helpers.mjs';

const root = new URL('../..', import.meta.url).pathname;

test('a 6,000-resource record: trends and medications show the newest and count everything', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'techo-long-')), 'record.json');
  execFileSync('node', [join(root, 'scripts/generate-record.mjs'), '--resources', '6000', '--out', out], { stdio: 'ignore' });
  const bundle = JSON.parse(readFileSync(out, 'utf8'));
  const resources = bundle.entry.map((e) => e.resource);
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  try {
    const report = await session.importFile(readFileSync(out), 'record.json');
    assert.equal(report.importedTotal, resources.length);
    const today = '2026-01-01';

    const { analytes } = await session.labs({ today });
    const hba1c = analytes.find((a) => a.analyte === 'jlac:3D046-019');
    const values = resources.filter((r) => r.resourceType === 'Observation' && r.code.coding[0].code === '3D046000001906202')
      .map((r) => r.effectiveDateTime).sort();
    assert.ok(values.length > 200, `${values.length} HbA1c values`);
    assert.equal(hba1c.count, values.length);
    assert.equal(hba1c.points.length, 200);
    assert.equal(hba1c.pointsOmitted, values.length - 200);
    assert.equal(hba1c.latest.date, values.at(-1));
    assert.deepEqual(hba1c.points.map((p) => p.date), values.slice(-200));

    const meds = await session.medications({ today });
    const requests = resources.filter((r) => r.resourceType === 'MedicationRequest');
    assert.equal(meds.entriesTotal, requests.length);
    assert.equal(meds.entries.length, 100);
    assert.deepEqual(meds.entries.map((m) => m.date), requests.map((r) => r.authoredOn).sort().reverse().slice(0, 100));
    for (const h of meds.history) {
      const ofDrug = requests.filter((r) => r.medicationCodeableConcept.text === h.drug);
      assert.equal(h.count, ofDrug.length, h.drug);
      assert.equal(h.first, ofDrug.map((r) => r.authoredOn).sort()[0], h.drug);
    }
  } finally {
    await session.close();
  }
});
