// A JP-CLINS 退院時サマリー (discharge summary) document Bundle, shaped as the JP-CLINS
// eDischargeSummary profiles (JP_Bundle_eDischargeSummary, JP_Composition_eDischargeSummary):
// type 18842-5, the ward doctor and the hospital as authors, the hospital as custodian, and
// the discharge summary sections of the JP-CLINS section code table: 入院理由, 入院時診断,
// 入院中経過, 退院時診断, 退院時投薬指示 (one medicine with two instructions: an ointment on
// two sites at different times), 退院時方針指示, アレルギー, 入院中検査結果.
//
// The Composition is the only source of author, institution and date: no entry names a
// recorder, requester, performer or date of its own.
import {
  CLINS, DOC_TYPES, JP_CORE, documentBundle, organization, practitioner, representation, section, uuidMaker,
} from './_clins-document.mjs';

const uuid = uuidMaker('discharge-summary');
const DATE = '2026-07-18';
const AUTHOR = '伊藤 陽子';
const HOSPITAL = '横浜みなみ記念病院（架空）';
const REASON = '3日前からの発熱と右下腿の発赤・腫脹で救急外来を受診し、蜂窩織炎の診断で入院。';
const COURSE = 'セファゾリン点滴で加療し、第4病日に解熱。発赤は縮小し、第8病日に内服へ切り替えて退院とした。';
const PLAN = '退院後1週間で外来受診。発熱や発赤の拡大があれば早めに受診すること。';

function dischargeBundle() {
  const ids = Object.fromEntries(['bundle', 'composition', 'patient', 'encounter', 'author', 'hospital', 'cellulitis',
    'cellulitisHealing', 'allergy', 'cefalexin', 'ointment', 'crp'].map((k) => [k, uuid(k)]));
  const subject = { reference: ids.patient };
  const condition = (text, status) => ({
    resourceType: 'Condition', meta: { profile: ['http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Condition_eCS'] },
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: status }] },
    code: { text }, subject,
  });
  const resources = {
    composition: {
      resourceType: 'Composition',
      meta: { profile: ['http://jpfhir.jp/fhir/eDischargeSummary/StructureDefinition/JP_Composition_eDischargeSummary'] },
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/composition-clinicaldocument-versionNumber', valueString: '1.0' }],
      identifier: { system: `${JP_CORE}/IdSystem/resourceInstance-identifier`, value: '1419990003-2026-00000512' },
      status: 'final',
      type: { coding: [{ system: DOC_TYPES, code: '18842-5', display: '退院時サマリー' }] },
      category: [{ coding: [{ system: 'http://jpfhir.jp/fhir/Common/CodeSystem/doc-subtypecodes', code: 'INPATIENT', display: '入院文書' }] }],
      event: [{ code: [{ text: '退院時サマリー作成' }], period: { start: DATE } }],
      subject: { ...subject, type: 'Patient' },
      encounter: { reference: ids.encounter, type: 'Encounter' },
      date: `${DATE}T17:05:00+09:00`,
      author: [{ reference: ids.author, type: 'Practitioner' }, { reference: ids.hospital, type: 'Organization' }],
      title: '退院時サマリー',
      custodian: { reference: ids.hospital, type: 'Organization' },
      section: [
        section('300', '構造情報', {
          sections: [
            section('312', '入院理由', { text: REASON }),
            section('342', '入院時診断', { entries: [ids.cellulitis] }),
            section('333', '入院中経過', { text: COURSE }),
            section('344', '退院時診断', { entries: [ids.cellulitisHealing] }),
            section('510', 'アレルギー・不耐性反応', { entries: [ids.allergy] }),
            section('623', '入院中検査結果', { entries: [ids.crp] }),
            section('444', '退院時投薬指示', { entries: [ids.cefalexin, ids.ointment] }),
            section('424', '退院時方針指示', { text: PLAN }),
          ],
        }),
      ],
    },
    patient: {
      resourceType: 'Patient', meta: { profile: [`${JP_CORE}/StructureDefinition/JP_Patient`] },
      identifier: [{ system: 'urn:oid:1.2.392.100495.20.3.51.11419990003', value: '00051200' }],
      name: [{ extension: representation('IDE'), use: 'official', text: '加藤 恵子', family: '加藤', given: ['恵子'] },
        { extension: representation('SYL'), use: 'official', text: 'カトウ ケイコ', family: 'カトウ', given: ['ケイコ'] }],
      gender: 'female', birthDate: '1949-11-08',
    },
    encounter: {
      resourceType: 'Encounter', meta: { profile: ['http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Encounter_eCS'] },
      status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP', display: '入院' },
      subject, period: { start: '2026-07-10', end: DATE },
    },
    author: practitioner(AUTHOR, 'イトウ ヨウコ'),
    hospital: organization(HOSPITAL, '1419990003'),
    cellulitis: condition('右下腿蜂窩織炎', 'active'),
    cellulitisHealing: condition('右下腿蜂窩織炎（軽快）', 'active'),
    allergy: {
      resourceType: 'AllergyIntolerance', meta: { profile: ['http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_AllergyIntolerance_eCS'] },
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
      type: 'allergy', category: ['food'], code: { text: 'そば' }, patient: subject,
      reaction: [{ manifestation: [{ text: '蕁麻疹' }] }],
    },
    crp: {
      resourceType: 'Observation', meta: { profile: ['http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Observation_LabResult_eCS'] },
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
      code: { coding: [{ system: 'urn:oid:1.2.392.200119.4.504', code: '5C070000002306101', display: 'CRP' }], text: 'CRP' },
      subject, valueQuantity: { value: 0.42, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' },
    },
    cefalexin: {
      resourceType: 'MedicationRequest', meta: { profile: ['http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_MedicationRequest_eCS'] },
      status: 'active', intent: 'order',
      medicationCodeableConcept: { text: 'セファレキシンカプセル２５０ｍｇ「架空」' }, subject,
      dosageInstruction: [{
        text: '1日4回 毎食後と就寝前 1回1カプセル 5日分',
        timing: { repeat: { boundsDuration: { value: 5, unit: '日', system: 'http://unitsofmeasure.org', code: 'd' },
          frequency: 4, period: 1, periodUnit: 'd' } },
        doseAndRate: [{ doseQuantity: { value: 1, unit: 'カプセル', system: 'urn:oid:1.2.392.100495.20.2.101', code: 'CAP' } }],
      }],
    },
    // One ointment, two instructions: twice a day on the leg, once at night on the foot.
    ointment: {
      resourceType: 'MedicationRequest', meta: { profile: ['http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_MedicationRequest_eCS'] },
      status: 'active', intent: 'order',
      medicationCodeableConcept: { text: 'ゲンタマイシン硫酸塩軟膏０．１％「架空」' }, subject,
      dosageInstruction: [{
        sequence: 1, text: '右すねに1日2回 朝夕 塗布',
        timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd', when: ['MORN', 'EVE'] } },
        site: { coding: [{ system: 'urn:oid:1.2.392.200250.2.2.20.32', code: '97R', display: '右すね' }] },
        method: { coding: [{ system: 'urn:oid:1.2.392.200250.2.2.20.30', code: '2', display: '外用' }] },
      }, {
        sequence: 2, text: '右足に1日1回 就寝前 塗布',
        timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd', when: ['HS'] } },
        site: { coding: [{ system: 'urn:oid:1.2.392.200250.2.2.20.32', code: '9BR', display: '右足' }] },
        method: { coding: [{ system: 'urn:oid:1.2.392.200250.2.2.20.30', code: '2', display: '外用' }] },
      }],
    },
  };
  return documentBundle(`${CLINS}/StructureDefinition/JP_Bundle_eDischargeSummary`, ids, resources, `${DATE}T17:05:05+09:00`);
}

export function documents() {
  const e = (view, value, label) => ({ view, value, label });
  return [{
    name: 'discharge-summary-2026-07-18.json',
    kind: 'discharge-summary',
    bundle: dischargeBundle(),
    expected: [
      e('ehrSummary', '右下腿蜂窩織炎', '入院時診断'),
      e('ehrSummary', '右下腿蜂窩織炎（軽快）', '退院時診断'),
      e('ehrSummary', 'そば', '食物アレルギー'),
      e('ehrSummary', '蕁麻疹', 'アレルギーの症状'),
      e('ehrSummary', HOSPITAL, '文書の医療機関'),
      e('medications', 'セファレキシンカプセル２５０ｍｇ「架空」', '退院時処方'),
      e('medications', '1日4回 毎食後と就寝前 1回1カプセル 5日分', '退院時処方の用法'),
      e('medications', 'ゲンタマイシン硫酸塩軟膏０．１％「架空」', '退院時処方（外用）'),
      e('medications', '右すねに1日2回 朝夕 塗布', '外用の用法 1'),
      e('medications', '右足に1日1回 就寝前 塗布', '外用の用法 2'),
      e('medications', HOSPITAL, '処方の医療機関（文書から）'),
      e('medications', AUTHOR, '処方医（文書から）'),
      e('labs', '0.42', 'CRP の値'),
      e('labs', 'mg/dL', 'CRP の単位'),
      e('document', REASON, '入院理由'),
      e('document', COURSE, '入院中経過'),
      e('document', PLAN, '退院時方針（医師の判断）'),
      e('document', AUTHOR, '作成者'),
      e('document', DATE, '文書の日付'),
    ],
  }];
}
