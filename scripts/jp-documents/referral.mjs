// A JP-CLINS 診療情報提供書 (referral letter) document Bundle, shaped as the JP-CLINS eReferral
// profiles (JP_Bundle_eReferral, JP_Composition_eReferral; the example
// Bundle-CLINS-Referral-Example-01): type 57133-1, the referring doctor and clinic as
// authors, the clinic as custodian, 紹介元 / 紹介先 sections, and under 構造情報 the purpose,
// the diagnoses, the allergies, the medicines taken now (投薬指示), a lab result (検査結果),
// the clinical course and the doctor's instruction (診療方針指示).
//
// The Composition is the only source of author, institution and date: no entry names a
// recorder, requester, performer or date of its own.
import {
  CLINS, DOC_TYPES, JP_CORE, documentBundle, organization, practitioner, representation, section, uuidMaker,
} from './_clins-document.mjs';

const uuid = uuidMaker('referral');
const DATE = '2026-09-02';
const AUTHOR = '山本 和也';
const CLINIC = 'みなと内科クリニック（架空）';
const TO_DOCTOR = '中村 理恵';
const TO_HOSPITAL = '東京あおば総合病院（架空）';
const PURPOSE = '糖尿病性腎症の精査と今後の治療方針についてご高診をお願いいたします。';
const COURSE = '2019年より2型糖尿病で当院通院中。メトホルミンで加療していましたが、本年よりeGFRの低下と尿蛋白を認めています。';
const INSTRUCTION = '腎機能に応じた薬剤調整をご検討ください。当院での継続診療を希望されています。';

function referralBundle() {
  const ids = Object.fromEntries(['bundle', 'composition', 'patient', 'encounter', 'author', 'clinic', 'toDoctor', 'toHospital',
    'diabetes', 'nephropathy', 'allergy', 'metformin', 'egfr', 'hba1c'].map((k) => [k, uuid(k)]));
  const subject = { reference: ids.patient };
  const lab = (code, display, value, unit, ucum) => ({
    resourceType: 'Observation', meta: { profile: ['http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Observation_LabResult_eCS'] },
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
    code: { coding: [{ system: 'urn:oid:1.2.392.200119.4.504', code, display }], text: display },
    subject, valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: ucum },
  });
  const resources = {
    composition: {
      resourceType: 'Composition', meta: { profile: ['http://jpfhir.jp/fhir/eReferral/StructureDefinition/JP_Composition_eReferral'] },
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/composition-clinicaldocument-versionNumber', valueString: '1.0' }],
      identifier: { system: `${JP_CORE}/IdSystem/resourceInstance-identifier`, value: '1319990001-2026-00000077' },
      status: 'final',
      type: { coding: [{ system: DOC_TYPES, code: '57133-1', display: '診療情報提供書' }] },
      category: [{ coding: [{ system: 'http://jpfhir.jp/fhir/Common/CodeSystem/doc-subtypecodes', code: 'OUTPATIENT', display: '外来文書' }] }],
      event: [{ code: [{ text: '診療情報提供書発行' }], period: { start: DATE } }],
      subject: { ...subject, type: 'Patient' },
      encounter: { reference: ids.encounter, type: 'Encounter' },
      date: `${DATE}T15:40:00+09:00`,
      author: [{ reference: ids.author, type: 'Practitioner' }, { reference: ids.clinic, type: 'Organization' }],
      title: '診療情報提供書',
      custodian: { reference: ids.clinic, type: 'Organization' },
      section: [
        section('920', '紹介元情報', { text: CLINIC, entries: [ids.clinic, ids.author] }),
        section('910', '紹介先情報', { text: TO_HOSPITAL, entries: [ids.toHospital, ids.toDoctor] }),
        section('300', '構造情報', {
          sections: [
            section('950', '紹介目的', { text: PURPOSE }),
            section('340', '傷病名・主訴', { entries: [ids.diabetes, ids.nephropathy] }),
            section('510', 'アレルギー・不耐性反応', { entries: [ids.allergy] }),
            section('430', '投薬指示', { entries: [ids.metformin] }),
            section('620', '検査結果', { entries: [ids.hba1c, ids.egfr] }),
            section('330', '臨床経過', { text: COURSE }),
            section('420', '診療方針指示', { text: INSTRUCTION }),
          ],
        }),
      ],
    },
    patient: {
      resourceType: 'Patient', meta: { profile: [`${JP_CORE}/StructureDefinition/JP_Patient`] },
      identifier: [{ system: 'urn:oid:1.2.392.100495.20.3.51.11319990001', value: '00000777' }],
      name: [{ extension: representation('IDE'), use: 'official', text: '小林 正人', family: '小林', given: ['正人'] },
        { extension: representation('SYL'), use: 'official', text: 'コバヤシ マサト', family: 'コバヤシ', given: ['マサト'] }],
      gender: 'male', birthDate: '1955-02-14',
    },
    encounter: {
      resourceType: 'Encounter', meta: { profile: ['http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Encounter_eCS'] },
      status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: '外来' }, subject,
    },
    author: practitioner(AUTHOR, 'ヤマモト カズヤ'),
    clinic: organization(CLINIC, '1319990001'),
    toDoctor: practitioner(TO_DOCTOR, 'ナカムラ リエ'),
    toHospital: organization(TO_HOSPITAL, '1319990002'),
    diabetes: {
      resourceType: 'Condition', meta: { profile: ['http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Condition_eCS'] },
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
      code: { coding: [{ system: 'http://jpfhir.jp/fhir/core/CodeSystem/JP_ConditionDiseaseCodeMEDIS_CS', code: '20064740', display: '２型糖尿病' },
        { system: 'http://jpfhir.jp/fhir/core/CodeSystem/icd-10', code: 'E11.9' }], text: '２型糖尿病' },
      subject,
    },
    nephropathy: {
      resourceType: 'Condition', meta: { profile: ['http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Condition_eCS'] },
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'provisional' }] },
      code: { text: '糖尿病性腎症の疑い' },
      subject,
    },
    allergy: {
      resourceType: 'AllergyIntolerance', meta: { profile: ['http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_AllergyIntolerance_eCS'] },
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
      type: 'allergy', category: ['medication'], criticality: 'high',
      code: { text: 'ペニシリン系抗菌薬' },
      patient: subject,
      reaction: [{ manifestation: [{ text: '全身の発疹' }] }],
    },
    metformin: {
      resourceType: 'MedicationRequest', meta: { profile: ['http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_MedicationRequest_eCS'] },
      status: 'active', intent: 'order',
      medicationCodeableConcept: { coding: [{ system: 'urn:oid:1.2.392.100495.20.1.73', code: '3962002F1180', display: 'メトホルミン塩酸塩錠２５０ｍｇ「架空」' }],
        text: 'メトホルミン塩酸塩錠２５０ｍｇ「架空」' },
      subject,
      dosageInstruction: [{
        text: '1日2回 朝夕食後 1回1錠',
        timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd', when: ['CM', 'CV'] },
          code: { coding: [{ system: 'urn:oid:1.2.392.200250.2.2.20.20', code: '1012040400000000', display: '内服・経口・１日２回朝夕食後' }] } },
        doseAndRate: [{ doseQuantity: { value: 1, unit: '錠', system: 'urn:oid:1.2.392.100495.20.2.101', code: 'TAB' } }],
      }],
    },
    hba1c: lab('3D046000001920402', 'HbA1c（NGSP）', 7.8, '%', '%'),
    egfr: lab('8A065000002391901', 'eGFR', 48.5, 'mL/min/1.73m2', 'mL/min/{1.73_m2}'),
  };
  return documentBundle(`${CLINS}/StructureDefinition/JP_Bundle_eReferral`, ids, resources, `${DATE}T15:40:05+09:00`);
}

export function documents() {
  const e = (view, value, label) => ({ view, value, label });
  return [{
    name: 'referral-2026-09-02.json',
    kind: 'referral',
    bundle: referralBundle(),
    expected: [
      e('ehrSummary', '２型糖尿病', '傷病名'),
      e('ehrSummary', '糖尿病性腎症の疑い', '傷病名（疑い）'),
      e('ehrSummary', 'ペニシリン系抗菌薬', '薬剤アレルギー'),
      e('ehrSummary', '全身の発疹', 'アレルギーの症状'),
      e('ehrSummary', CLINIC, '文書の医療機関'),
      e('medications', 'メトホルミン塩酸塩錠２５０ｍｇ「架空」', '薬品名'),
      e('medications', '1日2回 朝夕食後 1回1錠', '用法'),
      e('medications', CLINIC, '処方の医療機関（文書から）'),
      e('medications', AUTHOR, '処方医（文書から）'),
      e('labs', '7.8', 'HbA1c の値'),
      e('labs', '48.5', 'eGFR の値'),
      e('labs', 'mL/min/1.73m2', 'eGFR の単位'),
      e('labs', CLINIC, '検査の医療機関（文書から）'),
      e('document', PURPOSE, '紹介目的'),
      e('document', COURSE, '臨床経過'),
      e('document', INSTRUCTION, '診療方針（医師の判断）'),
      e('document', TO_HOSPITAL, '紹介先'),
      e('document', AUTHOR, '作成者'),
      e('document', DATE, '文書の日付'),
    ],
  }];
}
