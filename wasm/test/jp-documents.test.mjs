// Everything a citizen should read, shown where they look for it: every generated JP document
// (scripts/jp-documents/, one module per kind) and every JP-CLINS example file is imported,
// each into a fresh vault of its own, through the package API the page uses, and every value
// it holds (drug and each dosage text, lab value and unit, diagnosis, allergy, the doctor's
// judgement, care plan text, institution) must appear in the reply of the view a person
// opens for it. One line per file says "values shown / values present".
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';

import { openSession } from '../dist/index.js';
import { allDocuments } from '../../scripts/generate-jp-documents.mjs';
import { wasmBinary } from './helpers.mjs';

const corpusDir = new URL('../../../shared/corpora/jp-clins-examples/', import.meta.url);
const encoder = new TextEncoder();

// Files whose values no view shows yet, each with the reason: listed as missing in the
// printout and not failed. Empty: every corpus file's values are shown. An entry added
// here is a known gap, named in the closing note.
const PENDING = {};

// Intentional error examples no check of this build can tell: the wrong 一般名処方コード
// (2124030F2ZZZ for 1124030F2ZZZ) is well formed, and only the MHLW 一般名処方マスタ, which
// Techo does not ship, says it names no drug. Printed, not failed; remove once it is caught.
const UNDETECTED_ERRORS = {
  'MedicationRequest-ErrorExample-JP-MedReq-PO-SID-28days.json': 'needs the 一般名処方マスタ to see the code is wrong',
};

// Every string and number in a reply, as text.
function leaves(value, out = []) {
  if (value === null || value === undefined) return out;
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) leaves(v, out);
  else if (typeof value === 'object') for (const v of Object.values(value)) leaves(v, out);
  return out;
}

// A fresh in-memory vault with one file in it, and the replies of the views a person opens.
async function vaultWith(bytes, name) {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  const report = await session.importFile(bytes, name);
  const { people } = await session.people();
  const query = people.length === 1 ? { person: people[0].id } : {};
  const replies = {};
  const view = async (name) => {
    if (!(name in replies)) {
      if (name === 'document') {
        const { documents } = await session.ehrSummary(query);
        replies.document = await Promise.all(documents.map((d) => session.document(d.id)));
      } else if (typeof session[name] === 'function') {
        replies[name] = await session[name](query);
      } else {
        replies[name] = null;  // a view this build does not have yet: nothing is shown there
      }
    }
    return leaves(replies[name]);
  };
  return { session, report, view };
}

async function check(file, bytes, expected) {
  const { session, report, view } = await vaultWith(bytes, file);
  const missing = [];
  for (const e of expected) {
    const shown = await view(e.view);
    if (!shown.some((text) => text.includes(String(e.value)))) missing.push(e);
  }
  await session.close?.();
  const line = `${file}: ${expected.length - missing.length} / ${expected.length} values shown`;
  console.log(missing.length ? `${line}; missing: ${missing.map((m) => `${m.view}:${m.label ?? ''}=${m.value}`).join(' | ')}` : line);
  return { report, missing };
}

// ---- generated documents --------------------------------------------------------------

const documents = await allDocuments();

for (const doc of documents) {
  test(`${doc.name} (${doc.kind}): every value a citizen should read is in its view`, async () => {
    const { report, missing } = await check(doc.name, encoder.encode(JSON.stringify(doc.bundle)), doc.expected);
    assert.deepEqual(report.skipped, [], 'nothing in a generated document is skipped');
    assert.deepEqual(missing.map((m) => `${m.view}: ${m.label} = ${m.value}`), []);
  });
}

// ---- the JP-CLINS examples ----------------------------------------------------------------

// Narrative XHTML as the text nodes a person reads.
function narrativeTexts(div) {
  return String(div ?? '').replace(/<[^>]*>/g, '\n').split('\n').map((s) => s.replace(/&nbsp;/g, ' ').trim())
    .filter((s) => s.length >= 2 && !/^&/.test(s));
}

const conceptText = (c) => c?.text || c?.coding?.find((x) => x.display)?.display || '';

// The values a JP-CLINS example holds, found from its resources, each with the view a person
// opens for it.
function valuesIn(json) {
  const out = [];
  // In a document, what its sections list is read in the document; on its own, in the
  // view of its kind.
  const isDocument = json.resourceType === 'Bundle' && json.type === 'document';
  const resources = json.resourceType === 'Bundle' ? (json.entry ?? []).map((e) => e.resource).filter(Boolean) : [json];
  const byRef = new Map();
  for (const e of json.resourceType === 'Bundle' ? json.entry ?? [] : []) if (e.fullUrl) byRef.set(e.fullUrl, e.resource);
  const resolve = (from, ref) => {
    const r = ref?.reference;
    if (!r) return null;
    if (r.startsWith('#')) return (from.contained ?? []).find((c) => c.id === r.slice(1)) ?? null;
    return byRef.get(r) ?? resources.find((x) => `${x.resourceType}/${x.id}` === r) ?? null;
  };
  const institutionOf = (from, ref) => {
    const target = resolve(from, ref);
    if (!target) return '';
    if (target.resourceType === 'Organization') return target.name ?? '';
    if (target.resourceType === 'PractitionerRole') return institutionOf(from, target.organization);
    return '';
  };
  const add = (view, value, label) => {
    if (value !== undefined && value !== null && String(value).trim() !== '') out.push({ view, value: String(value), label });
  };
  for (const r of resources) {
    switch (r.resourceType) {
      case 'MedicationRequest':
        add('medications', conceptText(r.medicationCodeableConcept), 'drug');
        for (const [i, d] of (r.dosageInstruction ?? []).entries()) add('medications', d.text, `dosage ${i + 1}`);
        add('medications', institutionOf(r, r.requester), 'institution');
        break;
      case 'Observation':
        if (r.valueQuantity) {
          add('labs', r.valueQuantity.value, `${conceptText(r.code)} value`);
          add('labs', r.valueQuantity.unit, `${conceptText(r.code)} unit`);
        }
        add('labs', r.valueString, `${conceptText(r.code)} value`);
        for (const p of r.performer ?? []) add('labs', institutionOf(r, p), 'institution');
        break;
      case 'Condition':
        add('ehrSummary', conceptText(r.code), 'diagnosis');
        break;
      case 'AllergyIntolerance':
        add('ehrSummary', conceptText(r.code), 'allergy');
        break;
      case 'CarePlan':
        add(isDocument ? 'document' : 'ehrSummary', r.description, 'care plan');
        for (const t of narrativeTexts(r.text?.div)) add(isDocument ? 'document' : 'ehrSummary', t, 'care plan text');
        break;
      case 'Encounter':
        for (const reason of r.reasonCode ?? []) add(isDocument ? 'document' : 'visits', conceptText(reason), 'visit reason');
        break;
      case 'Composition': {
        add('document', institutionOf(r, r.custodian), 'custodian');
        const walk = (sections) => {
          for (const s of sections ?? []) {
            for (const t of narrativeTexts(s.text?.div)) add('document', t, `${s.title} text`);
            walk(s.section);
          }
        };
        walk(r.section);
        break;
      }
      default:
    }
  }
  // One value once per view.
  const seen = new Set();
  return out.filter((v) => {
    const key = `${v.view}\u0000${v.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const corpusFiles = readdirSync(corpusDir).filter((f) => f.endsWith('.json')).sort();

for (const file of corpusFiles) {
  const bytes = readFileSync(new URL(file, corpusDir));
  if (file.includes('ErrorExample')) {
    test(`${file}: an intentional error example is refused or flagged with a clear error`, async () => {
      const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
      let problems;
      try {
        const report = await session.importFile(bytes, file);
        problems = [...report.flagged, ...report.skipped];
      } catch (error) {
        problems = [error];
      }
      console.log(`${file}: ${problems.length ? problems.map((p) => `${p.code}: ${p.message}`).join(' | ') : 'accepted silently'}`);
      if (UNDETECTED_ERRORS[file]) {
        console.log(`  known gap (${UNDETECTED_ERRORS[file]})${problems.length ? ': now caught, remove it from UNDETECTED_ERRORS' : ''}`);
        return;
      }
      assert.ok(problems.length > 0, 'an error example is not accepted silently');
      for (const p of problems) assert.match(p.message, /\S{8,}/, 'the problem is said in words');
    });
    continue;
  }
  test(`${file}: every value it holds is in the view a person opens for it`, async () => {
    const expected = valuesIn(JSON.parse(new TextDecoder().decode(bytes)));
    const pending = PENDING[file];
    const { missing } = await check(file, bytes, expected);
    if (pending) {
      if (missing.length) console.log(`  pending (${pending}): ${missing.length} value(s) listed above`);
      else console.log(`  pending entry no longer needed: ${file}`);
      return;
    }
    assert.deepEqual(missing.map((m) => `${m.view}: ${m.label} = ${m.value}`), []);
  });
}
