#!/usr/bin/env node
// Generates a synthetic, deterministic 10-year personal health record as one FHIR R4
// collection Bundle with JP Core codes: monthly prescriptions from two clinics, yearly
// 特定健診 results, lab panels, vital signs, encounters, conditions, an allergy and
// vaccinations. Same arguments, same bytes. No real person.
//
//   node scripts/generate-record.mjs --resources 50000 --out build/bench-data/record-50k.json
//   node scripts/generate-record.mjs --resources 160000 --ndjson --out record.ndjson   (bulk-export form)
import { writeFileSync } from 'node:fs';
import { mulberry32 } from './mulberry32.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const ndjson = process.argv.includes('--ndjson');
const target = Number(args.resources ?? 50000);
const out = args.out ?? '/dev/stdout';

const random = mulberry32(0x7ec40 ^ target);
const pick = (list) => list[Math.floor(random() * list.length)];
const round1 = (x) => Math.round(x * 10) / 10;

const patientRef = { reference: 'urn:uuid:00000000-0000-4000-8000-000000000001' };
const clinics = ['てちょう内科クリニック（架空）', 'さくら整形外科（架空）'];
const drugs = [
  ['2171022F2ZZZ', '【般】アムロジピン錠５ｍｇ', '1回1錠 1日1回 朝食後'],
  ['3962002F2ZZZ', '【般】メトホルミン塩酸塩錠２５０ｍｇ', '1回1錠 1日2回 朝夕食後'],
  ['2189016F1ZZZ', '【般】ロスバスタチン錠２．５ｍｇ', '1回1錠 1日1回 夕食後'],
  ['1149019F1ZZZ', '【般】ロキソプロフェンナトリウム錠６０ｍｇ', '疼痛時 1回1錠 頓用'],
];
// JLAC10 codes of the JP-CLINS core lab set (shared/reference/jp-clins-terminology).
const labs = [
  ['3D046000001906202', 'HbA1c(NGSP)', '%', 5.6, 0.4],
  ['3D010000002327101', '空腹時血糖', 'mg/dL', 98, 12],
  ['3F015000002327101', 'LDLコレステロール', 'mg/dL', 120, 20],
  ['3B035000002327201', 'AST', 'U/L', 24, 6],
  ['3B045000002327201', 'ALT', 'U/L', 22, 8],
  ['3C015000002327101', 'クレアチニン', 'mg/dL', 0.8, 0.1],
];
const vitals = [
  ['8480-6', '収縮期血圧', 'mm[Hg]', 128, 10],
  ['8462-4', '拡張期血圧', 'mm[Hg]', 80, 8],
  ['29463-7', '体重', 'kg', 62, 2],
];

const entries = [];
let n = 1;
const add = (resource) => {
  const id = `${resource.resourceType.toLowerCase()}-${n}`;
  entries.push({ fullUrl: `urn:uuid:00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, resource: { ...resource, id } });
};

entries.push({
  fullUrl: patientRef.reference,
  resource: {
    resourceType: 'Patient', id: 'patient-1',
    name: [
      { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation', valueCode: 'IDE' }], text: '山田 花子', family: '山田', given: ['花子'] },
      { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation', valueCode: 'SYL' }], text: 'ヤマダ ハナコ', family: 'ヤマダ', given: ['ハナコ'] },
    ],
    gender: 'female', birthDate: '1978-04-12',
  },
});

const start = Date.UTC(2016, 0, 1);
const day = 86400000;
const date = (ms) => new Date(ms).toISOString().slice(0, 10);
while (entries.length < target) {
  const when = start + Math.floor(random() * 3650) * day;
  const kind = random();
  if (kind < 0.3) {
    const [code, display, dosage] = pick(drugs);
    add({
      resourceType: 'MedicationRequest', status: 'completed', intent: 'order', subject: patientRef,
      authoredOn: `${date(when)}T10:00:00+09:00`, requester: { display: pick(clinics) },
      medicationCodeableConcept: { coding: [{ system: 'http://jpfhir.jp/fhir/core/mhlw/CodeSystem/MedicationGeneralOrderCode', code, display }], text: display },
      dosageInstruction: [{ text: dosage }],
    });
  } else if (kind < 0.75) {
    const [code, display, unit, mean, sd] = pick(labs);
    add({
      resourceType: 'Observation', status: 'final', subject: patientRef, effectiveDateTime: `${date(when)}T09:00:00+09:00`,
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
      code: { coding: [{ system: 'urn:oid:1.2.392.200119.4.504', code, display }], text: display },
      valueQuantity: { value: round1(mean + (random() - 0.5) * 2 * sd), unit, system: 'http://unitsofmeasure.org', code: unit },
    });
  } else if (kind < 0.95) {
    const [code, display, unit, mean, sd] = pick(vitals);
    add({
      resourceType: 'Observation', status: 'final', subject: patientRef, effectiveDateTime: `${date(when)}T08:00:00+09:00`,
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
      code: { coding: [{ system: 'http://loinc.org', code, display }], text: display },
      valueQuantity: { value: round1(mean + (random() - 0.5) * 2 * sd), unit, system: 'http://unitsofmeasure.org', code: unit },
    });
  } else {
    add({
      resourceType: 'Encounter', status: 'finished', subject: patientRef,
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: '外来' },
      serviceProvider: { display: pick(clinics) }, period: { start: `${date(when)}T09:00:00+09:00`, end: `${date(when)}T09:30:00+09:00` },
    });
  }
}

if (ndjson) {
  writeFileSync(out, entries.map((e) => JSON.stringify(e.resource)).join('\n') + '\n');
} else {
  writeFileSync(out, JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: entries }));
}
console.error(`generate-record: ${entries.length} resources → ${out}`);
