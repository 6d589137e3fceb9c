// An MHLW 電子処方箋 (e-prescription) data Bundle, shaped as the 処方情報 FHIR format
// (JP_Bundle_ePrescriptionData, jami-fhir-jp-wg/ePrescriptionData): a Composition
// (JP_Composition_ePrescriptionData: type 57833-6 処方箋, category 01 一般処方箋, the
// prescriber's PractitionerRole and the issuing Organization as authors, the Organization as
// custodian, event 処方箋交付 with its period) whose 処方情報 section lists the prescriptions
// (JP_MedicationRequest_ePrescriptionData) and a Communication (JP_Communication_ePrescriptionData:
// the 備考, its text in the JP_Communication_CommunicationContent extension).
//
// The Composition is the only source of prescriber, institution and date: the
// MedicationRequests carry no requester and no authoredOn, as a view must then read the
// document. One medicine has two dosage instructions (eye drops: one drop in the right eye,
// two in the left), one is taken as needed.
import { createHash } from 'node:crypto';

const uuid = (name) => {
  const h = createHash('sha256').update(`e-prescription:${name}`).digest('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const EP = 'http://jpfhir.jp/fhir/ePrescription';
const profile = (name) => ({ profile: [`${EP}/StructureDefinition/${name}`] });
const representation = (code) => [{ url: 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation', valueCode: code }];
const USAGE = 'urn:oid:1.2.392.200250.2.2.20.20';       // JAMI 用法コード 16桁
const SITE = 'urn:oid:1.2.392.200250.2.2.20.32';        // JAMI 外用部位コード 3桁
const METHOD = 'urn:oid:1.2.392.200250.2.2.20.30';      // JAMI 基本用法コード 1桁
const ROUTE = `${EP}/CodeSystem/route-codes`;
const UNIT = 'urn:oid:1.2.392.100495.20.2.101';         // MERIT-9 単位
const HOT9 = 'urn:oid:1.2.392.200119.4.403.1';
const YJ = 'urn:oid:1.2.392.100495.20.1.73';
const days = (n) => ({ value: n, unit: '日', system: 'http://unitsofmeasure.org', code: 'd' });
const dose = (value, unit, code) => [{
  type: { coding: [{ system: 'urn:oid:1.2.392.100495.20.2.22', code: '1', display: '製剤量' }] },
  doseQuantity: { value, unit, system: UNIT, code },
}];

const ISSUED = '2026-11-20';
const PRESCRIBER = '佐藤 健一';
const CLINIC = 'さくら眼科内科クリニック（架空）';
const NOTE = '点眼薬は冷所保存。両眼とも1回分ずつ別々の容器で交付してください。';

function ePrescriptionBundle() {
  const ids = Object.fromEntries(['composition', 'patient', 'encounter', 'clinic', 'role', 'doctor',
    'amlodipine', 'eyeDrops', 'loxoprofen', 'note'].map((k) => [k, uuid(k)]));
  const subject = { reference: ids.patient };
  const request = (identifier, medication, dosageInstruction, dispenseRequest) => ({
    resourceType: 'MedicationRequest', meta: profile('JP_MedicationRequest_ePrescriptionData'),
    identifier: [{ system: 'urn:oid:1.2.392.100495.20.3.81', value: String(identifier) },
      { system: 'urn:oid:1.2.392.100495.20.3.82', value: '1' }],
    status: 'active', intent: 'order', medicationCodeableConcept: medication, subject,
    dosageInstruction, dispenseRequest,
  });
  const resources = {
    composition: {
      resourceType: 'Composition', meta: profile('JP_Composition_ePrescriptionData'),
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/composition-clinicaldocument-versionNumber', valueString: '1' }],
      identifier: { system: 'http://jpfhir.jp/fhir/Common/IdSystem/resourceInstance-identifier', value: '1310000001-2026-00001234' },
      status: 'final',
      type: { coding: [{ system: 'http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes', code: '57833-6', display: '処方箋' }] },
      category: [{ coding: [{ system: `${EP}/CodeSystem/prescription-category`, code: '01', display: '一般処方箋' }] }],
      subject, encounter: { reference: ids.encounter },
      date: `${ISSUED}T10:30:00+09:00`,
      author: [{ reference: ids.role }, { reference: ids.clinic }],
      title: '処方箋',
      custodian: { reference: ids.clinic },
      event: [{ code: [{ text: '処方箋交付' }], period: { start: ISSUED, end: '2026-11-23' } }],
      section: [{
        title: '処方情報',
        code: { coding: [{ system: `${EP}/CodeSystem/prescription-section`, code: '01', display: '処方情報セクション' }] },
        entry: [{ reference: ids.amlodipine }, { reference: ids.eyeDrops }, { reference: ids.loxoprofen }, { reference: ids.note }],
      }],
    },
    patient: {
      resourceType: 'Patient', meta: profile('JP_Patient_ePrescriptionData'),
      identifier: [{ system: 'urn:oid:1.2.392.100495.20.3.51.11310000001', value: '00004321' }],
      name: [{ extension: representation('IDE'), use: 'official', text: '田中 美咲', family: '田中', given: ['美咲'] },
        { extension: representation('SYL'), use: 'official', text: 'タナカ ミサキ', family: 'タナカ', given: ['ミサキ'] }],
      gender: 'female', birthDate: '1958-06-30',
    },
    encounter: {
      resourceType: 'Encounter', meta: profile('JP_Encounter_ePrescriptionData'), status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: '外来' },
    },
    clinic: {
      resourceType: 'Organization', meta: profile('JP_Organization_ePrescriptionData_issuer'),
      identifier: [{ system: 'http://jpfhir.jp/fhir/Common/IdSystem/insurance-medical-institution-no', value: '1310000001' }],
      type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov' }] }],
      name: CLINIC,
      telecom: [{ system: 'phone', value: '03-0000-0000' }],
      address: [{ text: '東京都千代田区架空町1-2-3' }],
    },
    role: {
      resourceType: 'PractitionerRole', meta: profile('JP_PractitionerRole_ePrescriptionData_author'),
      practitioner: { reference: ids.doctor }, organization: { reference: ids.clinic },
      code: [{ coding: [{ system: 'http://jpfhir.jp/fhir/Common/CodeSystem/practitioner-role-category', code: 'doctor' }] }],
    },
    doctor: {
      resourceType: 'Practitioner', meta: profile('JP_Practitioner_ePrescriptionData_author'),
      name: [{ extension: representation('IDE'), text: PRESCRIBER, family: '佐藤', given: ['健一'] },
        { extension: representation('SYL'), text: 'サトウ ケンイチ', family: 'サトウ', given: ['ケンイチ'] }],
      qualification: [{ identifier: [{ system: 'urn:oid:1.2.392.100495.20.3.31', value: '999999' }],
        code: { coding: [{ system: 'http://jpfhir.jp/fhir/core/CodeSystem/practitioner-certificate-category', code: 'MedicalDoctorLicense' }] } }],
    },
    amlodipine: request(1,
      { coding: [{ system: HOT9, code: '105191901', display: 'アムロジピン錠５ｍｇ「架空」' },
        { system: YJ, code: '2171022F1090', display: 'アムロジピン錠５ｍｇ「架空」' }], text: 'アムロジピン錠５ｍｇ「架空」' },
      [{
        text: '1日1回 朝食後 1回1錠 28日分',
        timing: { repeat: { boundsDuration: days(28), frequency: 1, period: 1, periodUnit: 'd', when: ['CM'] },
          code: { coding: [{ system: USAGE, code: '1011000400000000', display: '内服・経口・１日１回朝食後' }] } },
        route: { coding: [{ system: ROUTE, code: 'PO', display: '口' }] },
        method: { coding: [{ system: METHOD, code: '1', display: '内服' }] },
        doseAndRate: dose(1, '錠', 'TAB'),
      }],
      { quantity: { value: 28, unit: '錠', system: UNIT, code: 'TAB' }, expectedSupplyDuration: days(28) }),
    // One medicine, two instructions: the right eye and the left eye take different doses.
    eyeDrops: request(2,
      { coding: [{ system: HOT9, code: '107777701', display: 'ラタノプロスト点眼液０．００５％「架空」' }],
        text: 'ラタノプロスト点眼液０．００５％「架空」' },
      [{
        sequence: 1,
        text: '右眼に1回1滴 1日1回 就寝前',
        timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd', when: ['HS'] },
          code: { coding: [{ system: USAGE, code: '2H71000000000000', display: '１日１回　点眼' }] } },
        site: { coding: [{ system: SITE, code: '26R', display: '右眼' }] },
        route: { coding: [{ system: ROUTE, code: 'AP', display: '外用' }] },
        method: { coding: [{ system: METHOD, code: '2', display: '外用' }] },
        doseAndRate: dose(1, '滴', 'DROP'),
      }, {
        sequence: 2,
        text: '左眼に1回2滴 1日1回 就寝前',
        timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd', when: ['HS'] },
          code: { coding: [{ system: USAGE, code: '2H71000000000000', display: '１日１回　点眼' }] } },
        site: { coding: [{ system: SITE, code: '26L', display: '左眼' }] },
        route: { coding: [{ system: ROUTE, code: 'AP', display: '外用' }] },
        method: { coding: [{ system: METHOD, code: '2', display: '外用' }] },
        doseAndRate: dose(2, '滴', 'DROP'),
      }],
      { quantity: { value: 1, unit: '本', system: UNIT, code: 'HON' } }),
    loxoprofen: request(3,
      { coding: [{ system: HOT9, code: '101111101', display: 'ロキソプロフェンナトリウム錠６０ｍｇ「架空」' },
        { system: YJ, code: '1149019F1560', display: 'ロキソプロフェンナトリウム錠６０ｍｇ「架空」' }],
      text: 'ロキソプロフェンナトリウム錠６０ｍｇ「架空」' },
      [{
        text: '疼痛時 1回1錠 10回分 6時間以上あけて1日3回まで',
        asNeededBoolean: true,
        timing: { code: { coding: [{ system: USAGE, code: '1050110020000000', display: '内服・経口・疼痛時' }], text: '疼痛時' } },
        method: { coding: [{ system: METHOD, code: '1', display: '内服' }] },
        doseAndRate: dose(1, '錠', 'TAB'),
        maxDosePerPeriod: { numerator: { value: 3, unit: '錠', system: UNIT, code: 'TAB' }, denominator: days(1) },
      }],
      { quantity: { value: 10, unit: '錠', system: UNIT, code: 'TAB' } }),
    note: {
      resourceType: 'Communication', meta: profile('JP_Communication_ePrescriptionData'),
      extension: [{ url: `${EP}/Extension/StructureDefinition/JP_Communication_CommunicationContent`, valueString: NOTE }],
      category: [{ coding: [{ system: `${EP}/CodeSystem/communication-category`, code: '1', display: '処方箋備考' }] }],
      status: 'completed',
    },
  };
  return {
    resourceType: 'Bundle', meta: profile('JP_Bundle_ePrescriptionData'),
    identifier: { system: 'urn:ietf:rfc:3986', value: uuid('bundle') },
    type: 'document', timestamp: `${ISSUED}T10:30:05+09:00`,
    entry: Object.entries(resources).map(([key, resource]) => ({ fullUrl: ids[key], resource })),
  };
}

export function documents() {
  const m = (value, label) => ({ view: 'medications', value, label });
  return [{
    name: 'e-prescription-2026-11-20.json',
    kind: 'e-prescription',
    bundle: ePrescriptionBundle(),
    expected: [
      m('アムロジピン錠５ｍｇ「架空」', '薬品名'),
      m('1日1回 朝食後 1回1錠 28日分', 'アムロジピンの用法'),
      m('ラタノプロスト点眼液０．００５％「架空」', '薬品名（点眼）'),
      m('右眼に1回1滴 1日1回 就寝前', '点眼の用法 1（右眼）'),
      m('左眼に1回2滴 1日1回 就寝前', '点眼の用法 2（左眼）'),
      m('右眼', '部位 1'),
      m('左眼', '部位 2'),
      m('ロキソプロフェンナトリウム錠６０ｍｇ「架空」', '薬品名（頓用）'),
      m('疼痛時 1回1錠 10回分 6時間以上あけて1日3回まで', '頓用の用法'),
      m(CLINIC, '処方医療機関'),
      m(PRESCRIBER, '処方医'),
      m(ISSUED, '処方箋の日付'),
      m(NOTE, '備考'),
      m('e-prescription', '情報元: 電子処方箋'),
      { view: 'document', value: '処方箋', label: '文書の種類' },
      { view: 'document', value: CLINIC, label: '文書の医療機関' },
    ],
  }];
}
