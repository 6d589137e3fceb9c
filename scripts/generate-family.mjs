#!/usr/bin/env node
// Generates the demo family, deterministically (same script, same bytes): FHIR R4 files
// with JP Core / JP-CLINS codes, one file per place the data comes from, as a family
// would collect them. No real person, clinic or pharmacy.
//
//   山田 花子 (1978-04-12), the account holder:
//     - さくら内科クリニック: ten years of prescriptions every 28 days (amlodipine,
//       metformin, rosuvastatin; rebamipide since 2025), known from the e-prescription
//       service; a recorded drug allergy to loxoprofen (JFAGY 薬剤 allergen); lab results;
//     - あおば整形外科: prescriptions known from claims (レセプト): loxoprofen 頓用 (matches
//       the allergy) and rebamipide (the same ingredient as さくら's: a duplicate);
//     - みどり薬局: the dispensing of さくら's prescriptions;
//     - yearly 特定健診 results (健診センター), 2017–2026;
//     - a referral letter (診療情報提供書) from さくら to 東京みなと病院 and the
//       hospital's discharge summary (退院時サマリー), as FHIR documents;
//   山田 太郎 (2019-05-10) and 山田 さくら (2024-02-15): their vaccinations.
//
//   node scripts/generate-family.mjs --out-dir build/demo-family
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './mulberry32.mjs';

const TODAY = '2026-11-21';  // the day the demo is "seen": what is current is decided by it

// Deterministic identifiers: a UUID from a name.
const uuid = (name) => {
  const h = createHash('sha256').update(`techo-demo-family:${name}`).digest('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const idOf = (name) => uuid(name).slice(9);

const random = mulberry32(0x7ec40);
const round = (x, digits) => Math.round(x * 10 ** digits) / 10 ** digits;

const addDays = (date, days) => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const at = (date, time = '10:00:00') => `${date}T${time}+09:00`;

const SYSTEMS = {
  yj: 'http://capstandard.jp/iyaku.info/CodeSystem/YJ-code',
  jami: 'http://jami.jp/CodeSystem/MedicationUsage',
  merit9: 'http://jpfhir.jp/fhir/core/mhlw/CodeSystem/MedicationUnitMERIT9Code',
  jlac10: 'http://jpfhir.jp/fhir/core/CodeSystem/JLAC10',
  checkup: 'urn:oid:1.2.392.200119.6.1005',
  medis: 'http://medis.or.jp/CodeSystem/master-disease-keyNumber',
  icd10: 'http://jpfhir.jp/fhir/core/mhlw/CodeSystem/ICD10-2013-full',
  jfagyDrug: 'http://jpfhir.jp/fhir/core/CodeSystem/GCM/JP_JfagyMedicationAllergen_CS',
  cvx: 'http://hl7.org/fhir/sid/cvx',
  institution: 'http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no',
  member: 'http://jpfhir.jp/fhir/clins/Idsystem/JP_Insurance_memberID',
  origin: 'http://techo.dev/fhir/CodeSystem/data-origin',
  docType: 'http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes',
  section: 'http://jpfhir.jp/fhir/clins/CodeSystem/document-section',
  ucum: 'http://unitsofmeasure.org',
};
const JP_PROFILE = (name) => ({ profile: [`http://jpfhir.jp/fhir/core/StructureDefinition/${name}`] });

// ---- people ---------------------------------------------------------------------------

const representation = (code) => [{ url: 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation', valueCode: code }];
function patient(key, kanji, kana, birthDate, gender, member) {
  const [family, given] = kanji.split(' ');
  const [kFamily, kGiven] = kana.split(' ');
  return {
    resourceType: 'Patient', id: idOf(`patient:${key}`), meta: JP_PROFILE('JP_Patient'),
    identifier: [{ system: SYSTEMS.member, value: member }],
    name: [
      { extension: representation('IDE'), use: 'official', text: kanji, family, given: [given] },
      { extension: representation('SYL'), use: 'official', text: kana, family: kFamily, given: [kGiven] },
    ],
    gender, birthDate,
  };
}
const PEOPLE = {
  hanako: patient('hanako', '山田 花子', 'ヤマダ ハナコ', '1978-04-12', 'female', '00012345:ヤマダ:101:01'),
  taro: patient('taro', '山田 太郎', 'ヤマダ タロウ', '2019-05-10', 'male', '00012345:ヤマダ:101:03'),
  sakura: patient('sakura', '山田 さくら', 'ヤマダ サクラ', '2024-02-15', 'female', '00012345:ヤマダ:101:04'),
};

function organization(key, name, number, type = 'prov') {
  return {
    resourceType: 'Organization', id: idOf(`org:${key}`), meta: JP_PROFILE('JP_Organization'),
    identifier: [{ system: SYSTEMS.institution, value: number }],
    type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: type }] }],
    name,
  };
}
const ORGS = {
  sakura: organization('sakura', 'さくら内科クリニック（架空）', '1311234567'),
  aoba: organization('aoba', 'あおば整形外科（架空）', '1319876543'),
  midori: organization('midori', 'みどり薬局（架空）', '1349999999'),
  minato: organization('minato', '東京みなと病院（架空）', '1310000001'),
  kenshin: organization('kenshin', 'みなと健診センター（架空）', '1315555555'),
  kids: organization('kids', 'こども小児科（架空）', '1317777777'),
  ent: organization('ent', 'みなと耳鼻科（架空）', '1318888888'),
};
function practitioner(key, kanji) {
  return {
    resourceType: 'Practitioner', id: idOf(`practitioner:${key}`), meta: JP_PROFILE('JP_Practitioner'),
    name: [{ extension: representation('IDE'), text: kanji, family: kanji.split(' ')[0], given: [kanji.split(' ')[1]] }],
  };
}
function role(key, practitionerKey, orgKey) {
  return {
    resourceType: 'PractitionerRole', id: idOf(`role:${key}`),
    practitioner: { reference: `Practitioner/${idOf(`practitioner:${practitionerKey}`)}` },
    organization: { reference: `Organization/${ORGS[orgKey].id}` },
  };
}
const DOCTORS = {
  sato: practitioner('sato', '佐藤 健一'),
  suzuki: practitioner('suzuki', '鈴木 涼子'),
  takahashi: practitioner('takahashi', '高橋 誠'),
  nakamura: practitioner('nakamura', '中村 由美'),
  ito: practitioner('ito', '伊藤 みどり'),
  mori: practitioner('mori', '森 健太'),
};

// A file: a Bundle whose entries carry fullUrls from their type and id (so references of
// the form Type/id resolve across files too).
function bundle(type, resources, extra = {}) {
  return {
    resourceType: 'Bundle', type, ...extra,
    entry: resources.map((resource) => ({ fullUrl: uuid(`${resource.resourceType}/${resource.id}`), resource })),
  };
}
const refTo = (resource) => ({ reference: `${resource.resourceType}/${resource.id}` });

// ---- medications ----------------------------------------------------------------------

const DRUGS = {
  amlodipine: { yj: '2171022F1090', name: 'アムロジピン錠５ｍｇ「サワイ」', usage: ['1011000400000000', '1日1回 朝食後'], dose: 1, unit: ['TAB', '錠'] },
  metformin: { yj: '3962002F1038', name: 'メトホルミン塩酸塩錠２５０ｍｇ「トーワ」', usage: ['1012040400000000', '1日2回 朝夕食後'], dose: 1, unit: ['TAB', '錠'] },
  rosuvastatin: { yj: '2189017F1022', name: 'クレストール錠２．５ｍｇ', usage: ['1011000800000000', '1日1回 夕食後'], dose: 1, unit: ['TAB', '錠'] },
  rebamipideSakura: { yj: '2329021F1021', name: 'ムコスタ錠１００ｍｇ', usage: ['1013044400000000', '1日3回 毎食後'], dose: 1, unit: ['TAB', '錠'] },
  rebamipideAoba: { yj: '2329021F1250', name: 'レバミピド錠１００ｍｇ「トーワ」', usage: ['1013044400000000', '1日3回 毎食後'], dose: 1, unit: ['TAB', '錠'] },
  loxoprofen: { yj: '1149019F1560', name: 'ロキソニン錠６０ｍｇ', usage: [null, '疼痛時 頓用 1回1錠 10回分'], dose: 1, unit: ['TAB', '錠'] },
  prednisolone: { yj: '2456001F1310', name: 'プレドニゾロン錠５ｍｇ「タケダ」', usage: [null, '1日2回 朝昼食後 朝2錠 昼1錠（不均等）'], dose: null, unit: ['TAB', '錠'] },
  // The children's winter (childrensWinter below).
  montelukast: { yj: '4490026C1030', name: 'キプレス細粒４ｍｇ', usage: [null, '1日1回 就寝前'], dose: null, unit: ['PAC', '包'] },
  carbocisteineKids: { yj: '2233002R2029', name: 'ムコダインＤＳ５０％', usage: [null, '1日3回 毎食後'], dose: null, unit: ['G', 'g'] },
  carbocisteineEnt: { yj: '2233002R2037', name: 'カルボシステインＤＳ５０％「タカタ」', usage: [null, '1日3回 毎食後'], dose: null, unit: ['G', 'g'] },
  amoxicillin: { yj: '6131001C1210', name: 'サワシリン細粒１０％', usage: [null, '1日3回 毎食後'], dose: null, unit: ['G', 'g'] },
};

function prescription({ key, drug, date, days, requester, org, origin, patientRef, status }) {
  const d = DRUGS[drug];
  const timingCode = { coding: d.usage[0] ? [{ system: SYSTEMS.jami, code: d.usage[0], display: d.usage[1] }] : [], text: d.usage[1] };
  const dosage = {
    text: `${d.usage[1]}${days ? ` ${days}日分` : ''}`,
    timing: { code: timingCode, ...(days ? { repeat: { boundsDuration: { value: days, unit: '日', system: SYSTEMS.ucum, code: 'd' } } } : {}) },
    ...(d.dose ? { doseAndRate: [{ doseQuantity: { value: d.dose, unit: d.unit[1], system: SYSTEMS.merit9, code: d.unit[0] } }] } : {}),
  };
  return {
    resourceType: 'MedicationRequest', id: idOf(`rx:${key}`),
    meta: { ...JP_PROFILE('JP_MedicationRequest'), tag: [{ system: SYSTEMS.origin, code: origin }] },
    status: status ?? 'completed', intent: 'order',
    medicationCodeableConcept: { coding: [{ system: SYSTEMS.yj, code: d.yj, display: d.name }], text: d.name },
    subject: patientRef, authoredOn: at(date, '10:30:00'), requester: refTo(requester),
    extension: [{ url: 'http://jpfhir.jp/fhir/clins/Extension/StructureDefinition/JP_eCS_InstitutionNumber', valueIdentifier: { system: SYSTEMS.institution, value: org.identifier[0].value } }],
    dosageInstruction: [dosage],
    ...(days ? { dispenseRequest: { expectedSupplyDuration: { value: days, unit: '日', system: SYSTEMS.ucum, code: 'd' } } } : {}),
  };
}

function dispense(request, date, days) {
  return {
    resourceType: 'MedicationDispense', id: idOf(`dispense:${request.id}`), meta: JP_PROFILE('JP_MedicationDispense'),
    status: 'completed',
    medicationCodeableConcept: request.medicationCodeableConcept,
    subject: request.subject,
    performer: [{ actor: refTo(ORGS.midori) }],
    authorizingPrescription: [refTo(request)],
    daysSupply: { value: days, unit: '日', system: SYSTEMS.ucum, code: 'd' },
    whenHandedOver: at(date, '11:15:00'),
    dosageInstruction: request.dosageInstruction,
  };
}

// ---- results --------------------------------------------------------------------------

function observation({ key, code, system, name, value, unit, date, org, category, low, high, patientRef, text }) {
  const obs = {
    resourceType: 'Observation', id: idOf(`obs:${key}`), meta: JP_PROFILE('JP_Observation_LabResult'), status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: category ?? 'laboratory' }] }],
    code: { coding: [{ system, code, display: name }], text: name },
    subject: patientRef, effectiveDateTime: at(date, '09:00:00'), performer: [refTo(org)],
  };
  if (text !== undefined) obs.valueString = text;
  else obs.valueQuantity = { value, unit, system: SYSTEMS.ucum, code: unit };
  if (low !== undefined || high !== undefined) {
    obs.referenceRange = [{ ...(low !== undefined ? { low: { value: low, unit } } : {}), ...(high !== undefined ? { high: { value: high, unit } } : {}) }];
  }
  return obs;
}

// 特定健診 items (MHLW item codes) with 保健指導判定値 as the upper reference.
const CHECKUP_ITEMS = [
  ['9N001000000000001', '身長', 'cm', () => 158.2],
  ['9N006000000000001', '体重', 'kg', (y) => 56 + y * 0.55 + random()],
  ['9N011000000000001', 'BMI', 'kg/m2', null],
  ['9N016160100000001', '腹囲（実測）', 'cm', (y) => 80 + y * 0.6 + random() * 1.5, undefined, 90],
  ['9A755000000000001', '収縮期血圧（その他）', 'mm[Hg]', (y) => 124 + y * 1.4 + random() * 6, undefined, 129],
  ['9A765000000000001', '拡張期血圧（その他）', 'mm[Hg]', (y) => 78 + y * 0.7 + random() * 4, undefined, 84],
  ['3F015000002327101', '中性脂肪（トリグリセリド）', 'mg/dL', (y) => 120 + y * 6 + random() * 20, undefined, 149],
  ['3F070000002327101', 'HDLコレステロール', 'mg/dL', () => 52 + random() * 8, 40],
  ['3F077000002327101', 'LDLコレステロール', 'mg/dL', (y) => 150 - y * 3 + random() * 12, undefined, 119],
  ['3B035000002327201', 'AST（GOT）', 'U/L', () => 20 + random() * 8, undefined, 30],
  ['3B045000002327201', 'ALT（GPT）', 'U/L', () => 18 + random() * 12, undefined, 30],
  ['3B090000002327101', 'γ-GT（γ-GTP）', 'U/L', () => 25 + random() * 15, undefined, 50],
  ['3D010000002227101', '空腹時血糖', 'mg/dL', (y) => 98 + y * 2.2 + random() * 6, undefined, 99],
  ['3D046000001906202', 'HbA1c（NGSP値）', '%', (y) => 5.6 + y * 0.08 + random() * 0.15, undefined, 5.5],
];
const QUALITATIVE = [
  ['1A020000000191111', '尿糖', '（－）'],
  ['1A010000000191111', '尿蛋白', '（－）'],
];

// ---- the files ------------------------------------------------------------------------

function hanakoSakura() {
  const me = PEOPLE.hanako;
  const patientRef = refTo(me);
  const resources = [me, ORGS.sakura, DOCTORS.sato, role('sato', 'sato', 'sakura')];
  const requests = [];
  const sato = resources[3];
  // Every 28 days from 2016-12-01 to today: amlodipine throughout, metformin from 2019,
  // rosuvastatin from 2021, rebamipide from 2025-06.
  for (let date = '2016-12-01', visit = 0; date <= TODAY; date = addDays(date, 28), ++visit) {
    const drugs = ['amlodipine'];
    if (date >= '2019-04-01') drugs.push('metformin');
    if (date >= '2021-01-01') drugs.push('rosuvastatin');
    if (date >= '2025-06-01') drugs.push('rebamipideSakura');
    for (const drug of drugs) {
      requests.push(prescription({ key: `sakura:${date}:${drug}`, drug, date, days: 28, requester: sato, org: ORGS.sakura,
        origin: 'e-prescription', patientRef }));
    }
    if (visit % 3 === 0) {
      const years = (Number(date.slice(0, 4)) - 2016) + Number(date.slice(5, 7)) / 12;
      resources.push(observation({ key: `sakura:${date}:hba1c`, code: '3D046000001920402', system: SYSTEMS.jlac10,
        name: 'HbA1c', value: round(5.7 + years * 0.09 + random() * 0.2, 1), unit: '%', date, org: ORGS.sakura,
        low: 4.6, high: 6.2, patientRef }));
      resources.push(observation({ key: `sakura:${date}:ldl`, code: '3F077000002327101', system: SYSTEMS.jlac10,
        name: 'LDLコレステロール', value: Math.round((date >= '2021-01-01' ? 112 : 152) + random() * 14), unit: 'mg/dL',
        date, org: ORGS.sakura, low: 65, high: 139, patientRef }));
      resources.push(observation({ key: `sakura:${date}:cre`, code: '3C015000002327101', system: SYSTEMS.jlac10,
        name: 'クレアチニン', value: round(0.62 + random() * 0.1, 2), unit: 'mg/dL', date, org: ORGS.sakura,
        low: 0.46, high: 0.79, patientRef }));
    }
  }
  resources.push(...requests);
  resources.push(
    { resourceType: 'Condition', id: idOf('cond:htn'), meta: JP_PROFILE('JP_Condition'),
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
      code: { coding: [{ system: SYSTEMS.medis, code: '20064497', display: '本態性高血圧症' }, { system: SYSTEMS.icd10, code: 'I10', display: '本態性（原発性＜一次性＞）高血圧（症）' }], text: '本態性高血圧症' },
      subject: patientRef, onsetDateTime: '2016-12-01', recorder: refTo(sato) },
    { resourceType: 'Condition', id: idOf('cond:dm'), meta: JP_PROFILE('JP_Condition'),
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      code: { coding: [{ system: SYSTEMS.medis, code: '20061184', display: '２型糖尿病' }, { system: SYSTEMS.icd10, code: 'E11', display: '２型糖尿病' }], text: '２型糖尿病' },
      subject: patientRef, onsetDateTime: '2019-04-01', recorder: refTo(sato) },
    { resourceType: 'Condition', id: idOf('cond:dyslipidemia'), meta: JP_PROFILE('JP_Condition'),
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      code: { coding: [{ system: SYSTEMS.medis, code: '20085435', display: '脂質異常症' }, { system: SYSTEMS.icd10, code: 'E785', display: '高脂血症，詳細不明' }], text: '脂質異常症' },
      subject: patientRef, onsetDateTime: '2021-01-01', recorder: refTo(sato) },
    { resourceType: 'AllergyIntolerance', id: idOf('allergy:loxoprofen'), meta: JP_PROFILE('JP_AllergyIntolerance'),
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
      type: 'allergy', category: ['medication'], criticality: 'high',
      code: { coding: [{ system: SYSTEMS.jfagyDrug, code: 'GCM1149019F1ZZZ', display: 'ロキソプロフェンナトリウム水和物錠' }], text: 'ロキソプロフェン' },
      patient: patientRef, recordedDate: '2019-08-20', recorder: refTo(sato),
      reaction: [{ manifestation: [{ text: '蕁麻疹、呼吸苦' }] }] },
  );
  return { name: 'sakura-clinic.fhir.json', bundle: bundle('collection', resources), requests };
}

function hanakoMidori(requests) {
  const resources = [PEOPLE.hanako, ORGS.midori, DOCTORS.nakamura];
  for (const request of requests) {
    const date = request.authoredOn.slice(0, 10);
    resources.push(dispense(request, date, 28));
  }
  return { name: 'midori-pharmacy.fhir.json', bundle: bundle('collection', resources) };
}

function hanakoAoba() {
  const me = PEOPLE.hanako;
  const patientRef = refTo(me);
  const suzuki = role('suzuki', 'suzuki', 'aoba');
  const resources = [me, ORGS.aoba, DOCTORS.suzuki, suzuki];
  // Knee pain episodes known from claims; the latest one is current.
  const episodes = [['2018-02-14', 14], ['2023-07-03', 14], ['2026-11-10', 28]];
  for (const [date, days] of episodes) {
    resources.push(prescription({ key: `aoba:${date}:lox`, drug: 'loxoprofen', date, days: date >= '2026' ? days : 0,
      requester: suzuki, org: ORGS.aoba, origin: 'claims', patientRef }));
    resources.push(prescription({ key: `aoba:${date}:reb`, drug: 'rebamipideAoba', date, days, requester: suzuki,
      org: ORGS.aoba, origin: 'claims', patientRef }));
  }
  resources.push({ resourceType: 'Condition', id: idOf('cond:knee'), meta: JP_PROFILE('JP_Condition'),
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
    code: { coding: [{ system: SYSTEMS.medis, code: '20058404', display: '変形性膝関節症' }, { system: SYSTEMS.icd10, code: 'M179', display: '膝関節症，詳細不明' }], text: '変形性膝関節症' },
    subject: patientRef, onsetDateTime: '2018-02-14', recorder: refTo(suzuki) });
  return { name: 'aoba-orthopedics.fhir.json', bundle: bundle('collection', resources) };
}

function hanakoCheckups() {
  const me = PEOPLE.hanako;
  const patientRef = refTo(me);
  const resources = [me, ORGS.kenshin];
  for (let year = 2017; year <= 2026; ++year) {
    const date = `${year}-06-${String(10 + (year % 7)).padStart(2, '0')}`;
    const y = year - 2017;
    const values = {};
    const items = [];
    for (const [code, name, unit, make, low, high] of CHECKUP_ITEMS) {
      let value = make ? make(y) : null;
      if (code.startsWith('9N011')) value = values.weight / ((values.height / 100) ** 2);
      if (code.startsWith('9N001')) values.height = value;
      if (code.startsWith('9N006')) values.weight = value;
      const digits = unit === '%' || unit === 'kg/m2' || unit === 'kg' || unit === 'cm' ? 1 : 0;
      items.push(observation({ key: `kenshin:${year}:${code}`, code, system: SYSTEMS.checkup, name,
        value: round(value, digits), unit, date, org: ORGS.kenshin, category: 'exam', low, high, patientRef }));
    }
    for (const [code, name, text] of QUALITATIVE) {
      items.push(observation({ key: `kenshin:${year}:${code}`, code, system: SYSTEMS.checkup, name, text, date,
        org: ORGS.kenshin, category: 'exam', patientRef }));
    }
    const metabolic = year >= 2023 ? '予備群該当' : '非該当';
    const guidance = year >= 2024 ? '動機付け支援' : '情報提供';
    items.push(observation({ key: `kenshin:${year}:metabo`, code: '9N501000000000011', system: SYSTEMS.checkup,
      name: 'メタボリックシンドローム判定', text: metabolic, date, org: ORGS.kenshin, category: 'exam', patientRef }));
    items.push(observation({ key: `kenshin:${year}:guidance`, code: '9N506000000000011', system: SYSTEMS.checkup,
      name: '保健指導レベル', text: guidance, date, org: ORGS.kenshin, category: 'exam', patientRef }));
    resources.push(...items);
  }
  return { name: 'checkups-2017-2026.fhir.json', bundle: bundle('collection', resources) };
}

const narrative = (text) => ({ status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${text.split('\n').map((l) => `<p>${l}</p>`).join('')}</div>` });
const section = (code, title, text, entries = []) => ({
  title, code: { coding: [{ system: SYSTEMS.section, code, display: title }] }, text: narrative(text),
  ...(entries.length ? { entry: entries.map(refTo) } : {}),
});

function referralLetter() {
  const me = PEOPLE.hanako;
  const date = '2026-03-02';
  const reason = { resourceType: 'Condition', id: idOf('cond:chestpain'), meta: JP_PROFILE('JP_Condition'),
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }] },
    code: { coding: [{ system: SYSTEMS.icd10, code: 'I209', display: '狭心症，詳細不明' }], text: '労作性狭心症の疑い' },
    subject: refTo(me), onsetDateTime: '2026-02-20', recorder: refTo(DOCTORS.sato) };
  const composition = {
    resourceType: 'Composition', id: idOf('doc:referral'), meta: { ...JP_PROFILE('JP_Composition'), lastUpdated: at(date) },
    identifier: { system: 'http://jpfhir.jp/fhir/core/IdSystem/resourceInstance-identifier', value: '1311234567-2026-000123' },
    status: 'final',
    type: { coding: [{ system: SYSTEMS.docType, code: '57133-1', display: '診療情報提供書' }], text: '診療情報提供書' },
    subject: refTo(me), date: at(date), author: [refTo(DOCTORS.sato), refTo(ORGS.sakura)], custodian: refTo(ORGS.sakura),
    title: '診療情報提供書',
    section: [
      section('910', '紹介先情報', '東京みなと病院（架空） 循環器内科 高橋 誠 先生', []),
      section('950', '紹介目的', '労作時の胸部圧迫感の精査をお願いいたします。'),
      section('340', '傷病名・主訴', '労作性狭心症の疑い\n本態性高血圧症、２型糖尿病、脂質異常症にて加療中', [reason]),
      section('360', '現病歴', '2026年2月20日頃より、階段昇降時に胸部圧迫感が数分間出現し、安静で軽快します。心電図で明らかなST変化はありません。'),
      section('510', 'アレルギー・不耐性反応', 'ロキソプロフェンにて蕁麻疹・呼吸苦の既往があります。'),
      section('440', '処方', 'アムロジピン錠5mg 1日1回 朝食後\nメトホルミン塩酸塩錠250mg 1日2回 朝夕食後\nクレストール錠2.5mg 1日1回 夕食後\nムコスタ錠100mg 1日3回 毎食後'),
    ],
  };
  return { name: 'referral-letter-2026-03.fhir.json',
    bundle: bundle('document', [composition, me, ORGS.sakura, DOCTORS.sato, ORGS.minato, reason],
      { identifier: { system: 'http://jpfhir.jp/fhir/clins/bundle-identifier', value: '1311234567^2026^000123' }, timestamp: at(date) }) };
}

function dischargeSummary() {
  const me = PEOPLE.hanako;
  const admitted = '2026-03-16', discharged = '2026-03-21';
  const encounter = { resourceType: 'Encounter', id: idOf('enc:admission'), meta: JP_PROFILE('JP_Encounter'), status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP', display: '入院' },
    subject: refTo(me), period: { start: at(admitted), end: at(discharged, '11:00:00') }, serviceProvider: refTo(ORGS.minato) };
  const diagnosis = { resourceType: 'Condition', id: idOf('cond:angina'), meta: JP_PROFILE('JP_Condition'),
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
    code: { coding: [{ system: SYSTEMS.icd10, code: 'I208', display: 'その他の型の狭心症' }], text: '労作性狭心症（PCI後）' },
    subject: refTo(me), onsetDateTime: '2026-03-17', recorder: refTo(DOCTORS.takahashi), encounter: refTo(encounter) };
  const takahashi = role('takahashi', 'takahashi', 'minato');
  const prednisolone = prescription({ key: 'minato:discharge:pred', drug: 'prednisolone', date: discharged, days: 7,
    requester: takahashi, org: ORGS.minato, origin: 'e-prescription', patientRef: refTo(me) });
  const composition = {
    resourceType: 'Composition', id: idOf('doc:discharge'), meta: { ...JP_PROFILE('JP_Composition'), lastUpdated: at(discharged) },
    identifier: { system: 'http://jpfhir.jp/fhir/core/IdSystem/resourceInstance-identifier', value: '1310000001-2026-004567' },
    status: 'final',
    type: { coding: [{ system: SYSTEMS.docType, code: '18842-5', display: '退院時サマリー' }], text: '退院時サマリー' },
    subject: refTo(me), encounter: refTo(encounter), date: at(discharged), author: [refTo(takahashi)], custodian: refTo(ORGS.minato),
    title: '退院時サマリー',
    section: [
      section('322', '入院理由', '労作性狭心症の精査加療目的', []),
      section('342', '入院時診断', '労作性狭心症', [diagnosis]),
      section('333', '入院中経過', '3月17日 冠動脈造影にて左前下行枝に75%狭窄を認め、経皮的冠動脈形成術（ステント留置）を施行。術後経過良好にて3月21日退院。'),
      section('352', '退院時状況', 'ADL自立。胸部症状なし。'),
      section('444', '退院時処方', 'プレドニゾロン錠5mg 1日2回 朝昼食後 朝2錠 昼1錠（不均等） 7日分', [prednisolone]),
      section('510', 'アレルギー・不耐性反応', 'ロキソプロフェン（蕁麻疹・呼吸苦）'),
    ],
  };
  return { name: 'discharge-summary-2026-03.fhir.json',
    bundle: bundle('document', [composition, me, ORGS.minato, DOCTORS.takahashi, takahashi, encounter, diagnosis, prednisolone],
      { identifier: { system: 'http://jpfhir.jp/fhir/clins/bundle-identifier', value: '1310000001^2026^004567' }, timestamp: at(discharged) }) };
}

// Routine vaccinations (予防接種法 定期接種), at the ages the schedule recommends.
const VACCINES = {
  hib: ['17', 'Hib（インフルエンザ菌b型）'],
  pcv: ['133', '小児用肺炎球菌（PCV13）'],
  pcv15: ['215', '小児用肺炎球菌（PCV15）'],
  hepb: ['08', 'B型肝炎'],
  rota: ['119', 'ロタウイルス（1価）'],
  dtpipv: ['130', '四種混合（DPT-IPV）'],
  dtpipvhib: ['120', '五種混合（DPT-IPV-Hib）'],
  bcg: ['19', 'BCG'],
  mr: ['04', '麻しん風しん混合（MR）'],
  varicella: ['21', '水痘'],
  je: ['39', '日本脳炎'],
  flu: ['88', 'インフルエンザ（任意接種）'],
};
function childVaccinations(key, child, doses) {
  const patientRef = refTo(child);
  const resources = [child, ORGS.kids, DOCTORS.ito];
  for (const [vaccine, dose, date] of doses) {
    const [cvx, name] = VACCINES[vaccine];
    resources.push({ resourceType: 'Immunization', id: idOf(`imm:${key}:${vaccine}:${dose}`), meta: JP_PROFILE('JP_Immunization'),
      status: 'completed', vaccineCode: { coding: [{ system: SYSTEMS.cvx, code: cvx }], text: name },
      patient: patientRef, occurrenceDateTime: at(date, '14:00:00'), primarySource: true,
      lotNumber: `${vaccine.toUpperCase()}-${date.replaceAll('-', '').slice(2)}`,
      performer: [{ actor: refTo(ORGS.kids) }],
      protocolApplied: [{ series: '定期接種', doseNumberPositiveInt: dose }] });
  }
  return { name: `${key}-vaccinations.fhir.json`, bundle: bundle('collection', resources) };
}

// 乳幼児健診 and school check-ups: each child's height and weight, measured at the
// paediatrician's (LOINC body weight / body height, as the clinic's system codes them).
// They join the child's own lifelog, not the parent's.
const GROWTH = {
  taro: [['2019-06-10', 4.8, 55.0], ['2019-09-12', 7.0, 64.1], ['2019-12-10', 8.3, 69.2], ['2020-03-12', 9.0, 72.8],
    ['2020-11-12', 10.8, 81.0], ['2022-05-19', 14.2, 95.1], ['2023-05-18', 16.0, 102.3], ['2024-05-16', 18.1, 108.4],
    ['2025-05-15', 20.6, 115.2], ['2026-05-14', 22.9, 121.0]],
  sakura: [['2024-03-15', 4.2, 53.1], ['2024-06-14', 6.4, 61.9], ['2024-09-13', 7.6, 66.2], ['2024-12-13', 8.3, 70.1],
    ['2025-08-15', 10.0, 79.4], ['2026-08-14', 11.9, 87.6]],
};

function childGrowth(key, child) {
  const resources = [child, ORGS.kids];
  for (const [date, kg, cm] of GROWTH[key]) {
    for (const [what, code, name, value, unit] of [['weight', '29463-7', '体重', kg, 'kg'], ['height', '8302-2', '身長', cm, 'cm']]) {
      resources.push({ resourceType: 'Observation', id: idOf(`growth:${key}:${date}:${what}`), meta: JP_PROFILE('JP_Observation_Common'),
        status: 'final',
        category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
        code: { coding: [{ system: 'http://loinc.org', code, display: name }], text: name },
        subject: refTo(child), effectiveDateTime: at(date, '10:30:00'),
        performer: [{ ...refTo(ORGS.kids), display: ORGS.kids.name }],
        valueQuantity: { value, unit, system: SYSTEMS.ucum, code: unit } });
    }
  }
  return { name: `${key}-growth.fhir.json`, bundle: bundle('collection', resources) };
}

// ---- lifelog (Apple Health export, Open mHealth) ----------------------------------------
// A year of the parent's days as four devices saw them, overlapping on purpose: the watch
// (worn 08:00–20:00, arriving as an Apple Health export.xml) and the phone (carried
// 07:00–23:00, Open mHealth) both count steps, in blocks that do not line up; both notice
// sleep, the watch by stage; a scale and a blood-pressure cuff each morning; and now and
// then a reading typed in by hand.

// The watch's data as HealthKit exports it ("2026-01-01 08:00:00 +0900").
function appleHealthExport(records) {
  const appleDate = (rfc3339) => rfc3339.replace('T', ' ').replace(/([+-]\d\d):(\d\d)$/, ' $1$2');
  const lines = records.map((r) => ['  <Record', `type="${r.type}"`, 'sourceName="Apple Watch"', 'sourceVersion="11.1"',
    ...(r.unit ? [`unit="${r.unit}"`] : []), `creationDate="${appleDate(r.end)}"`, `startDate="${appleDate(r.start)}"`,
    `endDate="${appleDate(r.end)}"`, `value="${r.value}"/>`].join(' '));
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<!DOCTYPE HealthData [', '<!ELEMENT HealthData (ExportDate,Me,Record*)>', ']>',
    '<HealthData locale="ja_JP">', `  <ExportDate value="${appleDate(at(TODAY, '21:00:00'))}"/>`,
    '  <Me HKCharacteristicTypeIdentifierDateOfBirth="1978-04-12" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>',
    ...lines, '</HealthData>', ''].join('\n');
}

// A night's stages as the watch scores them: cycles of about 90 minutes, deep sleep in the
// first three, REM growing towards morning (deterministic: no draw from the generator).
function sleepStages(date, bed, wake) {
  const stages = [];
  const stamp = (m) => at(m >= 24 * 60 ? addDays(date, 1) : date, `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`);
  let t = bed + 12;  // falling asleep
  const end = wake + 24 * 60;
  for (let cycle = 0; t < end; ++cycle) {
    const parts = cycle < 3 ? [['Core', 40], ['Deep', 30 - cycle * 5], ['REM', 15 + cycle * 5]] : [['Core', 55], ['REM', 30]];
    for (const [stage, minutes] of parts) {
      const stop = Math.min(t + minutes, end);
      if (stop > t) stages.push({ type: 'HKCategoryTypeIdentifierSleepAnalysis', value: `HKCategoryValueSleepAnalysisAsleep${stage}`, start: stamp(t), end: stamp(stop) });
      t = stop;
    }
  }
  return stages;
}

function dataPoint(name, version, device, modality, id, body) {
  return {
    header: {
      id: idOf(`omh:${id}`), creation_date_time: `${body.effective_time_frame.date_time ?? body.effective_time_frame.time_interval.end_date_time}`,
      schema_id: { namespace: 'omh', name, version },
      acquisition_provenance: { source_name: device, modality },
    },
    body,
  };
}
const interval = (date, from, to) => ({ time_interval: { start_date_time: at(date, from), end_date_time: at(to < from ? addDays(date, 1) : date, to) } });
const hh = (h) => `${String(h % 24).padStart(2, '0')}:00:00`;

function lifelogFiles() {
  const watch = [], phone = [], scale = [], cuff = [], manual = [];  // watch: HealthKit records
  const first = addDays(TODAY, -364);
  for (let i = 0, date = first; i < 365; ++i, date = addDays(date, 1)) {
    const weekend = [0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay());
    // Steps per hour of the day as the person walked them.
    const hourly = Array.from({ length: 24 }, (_, h) =>
      h < 7 || h >= 23 ? 0 : Math.round((weekend ? 500 : 380) * (0.4 + random()) * (h === 8 || h === 18 ? 2.2 : 1)));
    for (let h = 8; h < 20; h += 2) {
      watch.push({ type: 'HKQuantityTypeIdentifierStepCount', unit: 'count', value: hourly[h] + hourly[h + 1], start: at(date, hh(h)), end: at(date, hh(h + 2)) });
    }
    for (let h = 7; h < 23; h += 2) {
      const seen = Math.round((hourly[h] + hourly[h + 1]) * (0.8 + random() * 0.15));  // a phone in a bag misses steps
      phone.push(dataPoint('step-count', '3.0', 'iPhone', 'sensed', `p:${date}:${h}`, {
        step_count: { value: seen, unit: 'steps' }, effective_time_frame: interval(date, hh(h), hh(h + 2)) }));
    }
    for (const h of [9, 12, 15, 18]) {
      watch.push({ type: 'HKQuantityTypeIdentifierHeartRate', unit: 'count/min', value: Math.round(64 + random() * 18), start: at(date, hh(h)), end: at(date, hh(h)) });
    }
    const bed = 23 * 60 + Math.round(random() * 40), wake = 6 * 60 + 10 + Math.round(random() * 40);
    const clock = (m) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`;
    watch.push(...sleepStages(date, bed, wake));
    phone.push(dataPoint('sleep-episode', '1.1', 'iPhone', 'sensed', `sp:${date}`, {
      effective_time_frame: interval(date, clock(bed - 15), clock(wake + 20)), is_main_sleep: true }));
    const y = i / 365;
    scale.push(dataPoint('body-weight', '2.0', 'TANITA RD-800', 'sensed', `bw:${date}`, {
      body_weight: { value: round(61.8 - y * 1.6 + (random() - 0.5) * 0.6, 1), unit: 'kg' }, effective_time_frame: { date_time: at(date, '06:45:00') } }));
    const systolic = Math.round(134 - y * 6 + (random() - 0.5) * 12), diastolic = Math.round(86 - y * 3 + (random() - 0.5) * 8);
    cuff.push(dataPoint('blood-pressure', '3.1', 'OMRON HCR-7501T', 'sensed', `bp:${date}`, {
      systolic_blood_pressure: { value: systolic, unit: 'mmHg' }, diastolic_blood_pressure: { value: diastolic, unit: 'mmHg' },
      effective_time_frame: { date_time: at(date, '06:50:00') } }));
    if (i % 7 === 3) {
      // Written down by hand from the clinic's machine, the same morning as the cuff.
      manual.push(dataPoint('blood-pressure', '3.1', '手入力（さくら内科の血圧計）', 'self-reported', `bpm:${date}`, {
        systolic_blood_pressure: { value: systolic + 2, unit: 'mmHg' }, diastolic_blood_pressure: { value: diastolic + 1, unit: 'mmHg' },
        effective_time_frame: { date_time: at(date, '06:52:00') } }));
    }
  }
  return [
    { name: 'lifelog-apple-watch-export.xml', text: appleHealthExport(watch) },
    { name: 'lifelog-iphone.omh.json', bundle: phone },
    { name: 'lifelog-tanita-scale.omh.json', bundle: scale },
    { name: 'lifelog-omron-cuff.omh.json', bundle: [...cuff, ...manual] },
  ];
}

// ---- the children's winter (for the tests, not in the demo assets) -----------------------
// Each child with their own drug allergy or food allergy, condition and medicines, chosen
// so that a check across people would warn where a check per person must not: 太郎 is
// allergic to amoxicillin, which さくら is prescribed; both take carbocisteine, from two
// different clinics. Neither child has a warning of their own.
const clinical = (kind, code) => ({ coding: [{ system: `http://terminology.hl7.org/CodeSystem/${kind}`, code }] });
export function childrensWinter() {
  const ito = role('ito', 'ito', 'kids');
  const mori = role('mori', 'mori', 'ent');
  const taro = refTo(PEOPLE.taro);
  const sakura = refTo(PEOPLE.sakura);
  const resources = [PEOPLE.taro, PEOPLE.sakura, ORGS.kids, ORGS.ent, DOCTORS.ito, DOCTORS.mori, ito, mori,
    { resourceType: 'AllergyIntolerance', id: idOf('allergy:taro:amoxicillin'), meta: JP_PROFILE('JP_AllergyIntolerance'),
      clinicalStatus: clinical('allergyintolerance-clinical', 'active'), type: 'allergy', category: ['medication'], criticality: 'high',
      code: { coding: [{ system: SYSTEMS.jfagyDrug, code: 'GCM6131001C1ZZZ', display: 'アモキシシリン水和物細粒' }], text: 'アモキシシリン' },
      patient: taro, recordedDate: '2023-02-01', recorder: refTo(ito), reaction: [{ manifestation: [{ text: '発疹' }] }] },
    { resourceType: 'Condition', id: idOf('cond:taro:asthma'), meta: JP_PROFILE('JP_Condition'),
      clinicalStatus: clinical('condition-clinical', 'active'),
      code: { coding: [{ system: SYSTEMS.icd10, code: 'J459', display: '喘息，詳細不明' }], text: '気管支喘息' },
      subject: taro, onsetDateTime: '2023-01-20', recorder: refTo(ito) },
    prescription({ key: 'kids:2026-11-06:montelukast', drug: 'montelukast', date: '2026-11-06', days: 28, requester: ito,
      org: ORGS.kids, origin: 'e-prescription', patientRef: taro }),
    prescription({ key: 'kids:2026-11-18:carbocisteine', drug: 'carbocisteineKids', date: '2026-11-18', days: 7, requester: ito,
      org: ORGS.kids, origin: 'e-prescription', patientRef: taro }),
    { resourceType: 'AllergyIntolerance', id: idOf('allergy:sakura:egg'), meta: JP_PROFILE('JP_AllergyIntolerance'),
      clinicalStatus: clinical('allergyintolerance-clinical', 'active'), type: 'allergy', category: ['food'], criticality: 'low',
      code: { text: '鶏卵' }, patient: sakura, recordedDate: '2025-03-10', recorder: refTo(ito),
      reaction: [{ manifestation: [{ text: '口周囲の発赤' }] }] },
    { resourceType: 'Condition', id: idOf('cond:sakura:otitis'), meta: JP_PROFILE('JP_Condition'),
      clinicalStatus: clinical('condition-clinical', 'active'),
      code: { coding: [{ system: SYSTEMS.icd10, code: 'H669', display: '中耳炎，詳細不明' }], text: '急性中耳炎' },
      subject: sakura, onsetDateTime: '2026-11-17', recorder: refTo(mori) },
    prescription({ key: 'ent:2026-11-17:amoxicillin', drug: 'amoxicillin', date: '2026-11-17', days: 7, requester: mori,
      org: ORGS.ent, origin: 'e-prescription', patientRef: sakura }),
    prescription({ key: 'ent:2026-11-17:carbocisteine', drug: 'carbocisteineEnt', date: '2026-11-17', days: 7, requester: mori,
      org: ORGS.ent, origin: 'e-prescription', patientRef: sakura }),
  ];
  return { name: 'children-winter.fhir.json', bundle: bundle('collection', resources) };
}

export function generateFamily() {
  const sakura = hanakoSakura();
  const files = [
    { name: sakura.name, bundle: sakura.bundle },
    hanakoMidori(sakura.requests),
    hanakoAoba(),
    hanakoCheckups(),
    referralLetter(),
    dischargeSummary(),
    childVaccinations('taro', PEOPLE.taro, [
      ['hib', 1, '2019-07-12'], ['pcv', 1, '2019-07-12'], ['hepb', 1, '2019-07-12'], ['rota', 1, '2019-07-12'],
      ['hib', 2, '2019-08-09'], ['pcv', 2, '2019-08-09'], ['hepb', 2, '2019-08-09'], ['rota', 2, '2019-08-09'],
      ['dtpipv', 1, '2019-08-09'], ['hib', 3, '2019-09-06'], ['pcv', 3, '2019-09-06'], ['dtpipv', 2, '2019-09-06'],
      ['dtpipv', 3, '2019-10-04'], ['bcg', 1, '2019-11-15'], ['hepb', 3, '2020-01-17'],
      ['mr', 1, '2020-05-15'], ['varicella', 1, '2020-05-15'], ['hib', 4, '2020-06-12'], ['pcv', 4, '2020-06-12'],
      ['varicella', 2, '2020-11-20'], ['dtpipv', 4, '2020-10-09'], ['je', 1, '2022-06-03'], ['je', 2, '2022-07-01'],
      ['je', 3, '2023-06-16'], ['mr', 2, '2025-05-23'],
    ]),
    childVaccinations('sakura', PEOPLE.sakura, [
      ['rota', 1, '2024-04-19'], ['dtpipvhib', 1, '2024-05-17'], ['pcv15', 1, '2024-05-17'], ['hepb', 1, '2024-05-17'],
      ['rota', 2, '2024-05-17'], ['dtpipvhib', 2, '2024-06-14'], ['pcv15', 2, '2024-06-14'], ['hepb', 2, '2024-06-14'],
      ['dtpipvhib', 3, '2024-07-12'], ['pcv15', 3, '2024-07-12'], ['bcg', 1, '2024-08-23'], ['hepb', 3, '2024-11-15'],
      // What the forecaster finds (today 2026-11-21): the 五種混合 booster given 23 days
      // before it could count (6 months after dose 3: from 2025-01-12), so it is overdue;
      // varicella started late, its second dose due; this season's second flu dose due.
      ['mr', 1, '2025-02-21'], ['pcv15', 4, '2025-03-07'], ['dtpipvhib', 4, '2024-12-20'],
      ['varicella', 1, '2026-05-15'], ['flu', 1, '2026-10-30'],
    ]),
    childGrowth('taro', PEOPLE.taro),
    childGrowth('sakura', PEOPLE.sakura),
  ];
  return { today: TODAY, files, lifelog: lifelogFiles() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outIndex = process.argv.indexOf('--out-dir');
  const outDir = outIndex > 0 ? process.argv[outIndex + 1] : 'build/demo-family';
  mkdirSync(outDir, { recursive: true });
  const family = generateFamily();
  for (const { name, bundle: b } of family.files) {
    writeFileSync(join(outDir, name), `${JSON.stringify(b)}\n`);
    process.stdout.write(`${name}: ${b.entry.length} resources\n`);
  }
  for (const { name, bundle: points, text } of family.lifelog) {
    writeFileSync(join(outDir, name), text ?? `${JSON.stringify(points)}\n`);
    process.stdout.write(text ? `${name}: ${text.length} bytes of Apple Health export\n` : `${name}: ${points.length} Open mHealth data points\n`);
  }
}
