// A JP-CLINS 患者サマリー (patient summary, "2文書5情報+患者サマリー") document Bundle, shaped as
// the JP-CLINS example Bundle-CLINS-PCS-Example-01: a Composition (JP_Composition_ePCS)
// whose 計画サマリーセクション lists the care plan (JP_CarePlan_ePCS) and its goal, with
// the visit it was written at (Encounter), a procedure of that visit, and the person's
// insurance and public-expense cards (JP_Coverage). The Composition is the only source of
// author and date: no entry carries a requester, performer, author or date of its own, so
// a view shows who wrote it and when only by reading the document.
import { createHash } from 'node:crypto';

const uuid = (name) => {
  const h = createHash('sha256').update(`patient-summary:${name}`).digest('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const JP_CORE = 'http://jpfhir.jp/fhir/core';
const EXT = `${JP_CORE}/Extension/StructureDefinition`;
const representation = (code) => [{ url: 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation', valueCode: code }];

function summaryBundle() {
  const ids = Object.fromEntries(['composition', 'patient', 'author', 'clinic', 'encounter', 'procedure', 'careplan', 'goal',
    'condition', 'insurer', 'insurance', 'publicPayer', 'publicExpense'].map((k) => [k, uuid(k)]));
  const subject = { reference: ids.patient };
  const resources = {
    composition: {
      resourceType: 'Composition',
      meta: { profile: ['http://jpfhir.jp/fhir/ePCS/StructureDefinition/JP_Composition_ePCS|1'] },
      identifier: { system: `${JP_CORE}/IdSystem/resourceInstance-identifier`, value: '1319876543-2026-00042' },
      status: 'final',
      type: { coding: [{ system: 'http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes', code: '56447-6', display: '計画書' }] },
      category: [{ coding: [{ system: 'http://jpfhir.jp/fhir/Common/CodeSystem/doc-subtypecodes', code: 'OUTPATIENT', display: '外来文書' }] }],
      subject: { ...subject, type: 'Patient' },
      encounter: { reference: ids.encounter, type: 'Encounter' },
      date: '2026-10-15T11:20:00+09:00',
      author: [{ reference: ids.author, type: 'Practitioner' }, { reference: ids.clinic, type: 'Organization' }],
      title: '患者サマリー（療養計画書）',
      custodian: { reference: ids.clinic, type: 'Organization' },
      section: [
        { title: '計画サマリー',
          code: { coding: [{ system: 'http://jpfhir.jp/fhir/clins/CodeSystem/document-section', code: '422', display: '計画サマリーセクション' }] },
          entry: [{ reference: ids.careplan }, { reference: ids.goal }, { reference: ids.condition }] },
        { title: '処置', entry: [{ reference: ids.procedure }] },
        { title: '保険・公費', entry: [{ reference: ids.insurance }, { reference: ids.publicExpense }] },
      ],
    },
    patient: {
      resourceType: 'Patient', meta: { profile: [`${JP_CORE}/StructureDefinition/JP_Patient`] },
      identifier: [{ system: 'urn:oid:1.2.392.100495.20.3.51.11319876543', value: '00012345' }],
      name: [{ extension: representation('IDE'), use: 'official', text: '鈴木 一郎', family: '鈴木', given: ['一郎'] },
        { extension: representation('SYL'), use: 'official', text: 'スズキ イチロウ', family: 'スズキ', given: ['イチロウ'] }],
      gender: 'male', birthDate: '1961-09-03',
    },
    author: {
      resourceType: 'Practitioner',
      name: [{ extension: representation('IDE'), use: 'official', text: '高橋 直子', family: '高橋', given: ['直子'] }],
    },
    clinic: {
      resourceType: 'Organization', meta: { profile: ['http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Organization_eCS'] },
      identifier: [{ system: 'http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no', value: '1319876543' }],
      type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov' }] }],
      extension: [{ url: 'http://jpfhir.jp/fhir/eCS/Extension/StructureDefinition/JP_eCS_Department',
        valueCodeableConcept: { coding: [{ system: 'http://jami.jp/SS-MIX2/CodeSystem/ClinicalDepartment', code: '08', display: '循環器科' }],
          text: '循環器内科' } }],
      name: 'ひまわり台クリニック',
    },
    encounter: {
      resourceType: 'Encounter', meta: { profile: ['http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Encounter_eCS'] },
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: '外来' },
      subject,
      reasonCode: [{ text: '高血圧症の定期受診' }],
    },
    procedure: {
      resourceType: 'Procedure', status: 'completed', subject,
      code: { coding: [{ system: 'urn:oid:1.2.392.200119.4.403.1', code: '160068410', display: '心電図検査（四肢単極誘導及び胸部誘導を含む最低１２誘導）' }],
        text: '12誘導心電図' },
      encounter: { reference: ids.encounter },
      bodySite: [{ text: '胸部' }],
      outcome: { text: '洞調律、明らかな虚血性変化なし' },
    },
    careplan: {
      resourceType: 'CarePlan',
      meta: { profile: ['http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_CarePlan_ePCS', 'http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_CarePlan_eCS'] },
      status: 'active', intent: 'plan', title: '療養計画',
      category: [{ coding: [{ system: 'http://jpfhir.jp/fhir/CarePlan/CodeSystem/category', code: 'followup-plan', display: '外来診療経過中プラン' }] }],
      description: '高血圧について内服を継続してください。\r\n塩分は1日6g未満を目安にしましょう。\r\n家庭血圧を毎朝測って手帳に記録してください。',
      subject,
      addresses: [{ reference: ids.condition }],
      goal: [{ reference: ids.goal }],
      activity: [
        { detail: { status: 'in-progress', description: 'アムロジピン5mgを1日1回朝食後に内服する' } },
        { detail: { status: 'scheduled', description: '1日30分のウォーキングを週5日' } },
      ],
    },
    goal: {
      resourceType: 'Goal', lifecycleStatus: 'active',
      description: { text: '診察室血圧 130/80 mmHg 未満' },
      subject,
      target: [
        { measure: { coding: [{ system: 'http://loinc.org', code: '8480-6', display: '収縮期血圧' }] },
          detailQuantity: { comparator: '<', value: 130, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
        { measure: { coding: [{ system: 'http://loinc.org', code: '8462-4', display: '拡張期血圧' }] },
          detailQuantity: { comparator: '<', value: 80, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
      ],
      addresses: [{ reference: ids.condition }],
    },
    condition: {
      resourceType: 'Condition',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      code: { coding: [{ system: 'http://medis.or.jp/CodeSystem/master-disease-keyNumber', code: '20060790', display: '本態性高血圧症' }],
        text: '本態性高血圧症' },
      subject,
    },
    insurer: {
      resourceType: 'Organization',
      identifier: [{ system: 'urn:oid:1.2.392.100495.20.3.61', value: '06131234' }],
      type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'ins' }] }],
      name: 'けやき健康保険組合',
    },
    insurance: {
      resourceType: 'Coverage', meta: { profile: [`${JP_CORE}/StructureDefinition/JP_Coverage`] },
      extension: [{ url: `${EXT}/JP_Coverage_InsuredPersonSymbol`, valueString: 'けや４' },
        { url: `${EXT}/JP_Coverage_InsuredPersonNumber`, valueString: '１０２９３８' },
        { url: `${EXT}/JP_Coverage_InsuredPersonSubNumber`, valueString: '00' }],
      status: 'active',
      type: { coding: [{ system: 'urn:oid:1.2.392.100495.20.2.61', code: '1', display: '被用者保険' }], text: '被用者保険' },
      beneficiary: subject,
      relationship: { coding: [{ system: 'urn:oid:1.2.392.100495.20.2.62', code: '1', display: '被保険者' }] },
      period: { start: '2019-04-01' },
      payor: [{ reference: ids.insurer }],
      costToBeneficiary: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-copay-type', code: 'copaypct' }] },
        valueQuantity: { value: 30, unit: '%', system: 'http://unitsofmeasure.org', code: '%' } }],
    },
    publicPayer: {
      resourceType: 'Organization',
      identifier: [{ system: 'urn:oid:1.2.392.100495.20.3.71', value: '54136015' }],
      type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'other' }] }],
      name: '東京都',
    },
    publicExpense: {
      resourceType: 'Coverage',
      status: 'active',
      type: { coding: [{ system: 'urn:oid:1.2.392.100495.20.2.61', code: '8', display: '公費' }] },
      subscriberId: '4520391',
      beneficiary: subject,
      period: { start: '2026-04-01', end: '2027-03-31' },
      payor: [{ reference: ids.publicPayer }],
    },
  };
  const order = ['composition', 'patient', 'author', 'clinic', 'encounter', 'careplan', 'goal', 'condition', 'procedure',
    'insurer', 'insurance', 'publicPayer', 'publicExpense'];
  return {
    resourceType: 'Bundle',
    meta: { profile: ['http://jpfhir.jp/fhir/clins/StructureDefinition/JP_Bundle_ePCS|1'] },
    identifier: { system: 'http://jpfhir.jp/fhir/clins/bundle-identifier', value: '1319876543^2026^PCS-00042' },
    type: 'document',
    timestamp: '2026-10-15T11:20:00+09:00',
    entry: order.map((key) => ({ fullUrl: ids[key], resource: resources[key] })),
  };
}

export function documents() {
  const ehr = (value, label) => ({ view: 'ehrSummary', value, label });
  const visit = (value, label) => ({ view: 'visits', value, label });
  const card = (value, label) => ({ view: 'coverages', value, label });
  return [{
    name: 'patient-summary-2026.json',
    kind: 'patient-summary',
    bundle: summaryBundle(),
    expected: [
      ehr('療養計画', '計画の表題'),
      ehr('高血圧について内服を継続してください。', '計画 1行目'),
      ehr('塩分は1日6g未満を目安にしましょう。', '計画 2行目'),
      ehr('家庭血圧を毎朝測って手帳に記録してください。', '計画 3行目'),
      ehr('アムロジピン5mgを1日1回朝食後に内服する', '活動 1'),
      ehr('1日30分のウォーキングを週5日', '活動 2'),
      ehr('外来診療経過中プラン', '計画の種類'),
      ehr('診察室血圧 130/80 mmHg 未満', '目標'),
      ehr('<130 mmHg', '目標 収縮期血圧'),
      ehr('<80 mmHg', '目標 拡張期血圧'),
      ehr('高橋 直子', '作成者（Composition.author）'),
      ehr('ひまわり台クリニック', '作成機関（Composition.author）'),
      ehr('2026-10-15T11:20:00+09:00', '作成日（Composition.date）'),
      ehr('本態性高血圧症', '傷病名'),
      visit('AMB', '外来'),
      visit('2026-10-15T11:20:00+09:00', '受診日（Composition.date）'),
      visit('ひまわり台クリニック', '受診先'),
      visit('循環器内科', '診療科'),
      visit('高血圧症の定期受診', '受診理由'),
      visit('12誘導心電図', '処置'),
      visit('胸部', '部位'),
      visit('洞調律、明らかな虚血性変化なし', '結果'),
      visit('高橋 直子', '実施者（Composition.author）'),
      card('けやき健康保険組合', '保険者'),
      card('06131234', '保険者番号'),
      card('*や４', '記号（マスク）'),
      card('****３８', '番号（マスク）'),
      card('**', '枝番（マスク）'),
      card('30%', '負担割合'),
      card('2019-04-01', '資格取得日'),
      card('東京都', '公費負担者'),
      card('54136015', '公費負担者番号'),
      card('難病医療（特定医療費）', '公費の制度'),
      card('*****91', '受給者番号（マスク）'),
      card('2027-03-31', '有効期限'),
    ],
  }];
}
