// 健診結果報告書 (MHLW 特定健診 result report) as the FHIR document the 健診結果報告書 IG
// defines (jami-fhir-jp-wg/eCheckupReport, JP_Bundle_eCheckupGeneral): a document Bundle
// whose Composition lists a 健診 section (特定健診検査結果, 01011) and a 問診 section
// (特定健診問診結果, 01012), the Observations coded with the 特定健診項目コード表
// (urn:oid:1.2.392.200119.6.1005) and their answers with the MHLW result code systems,
// shaped as the IG's Bundle-eCheckupReport-Sample-01.
//
// Two consecutive years for the same person, so that last year sits beside this year.
// The Composition is the only source of who performed the checkup and when: no
// Observation has an effective date or a performer, and the IG's Encounter (which would
// state the period and the service provider again) is left out.
import { createHash } from 'node:crypto';

const SYSTEM = {
  item: 'urn:oid:1.2.392.200119.6.1005',          // 特定健診項目コード表
  category: 'http://jpfhir.jp/fhir/core/CodeSystem/JP_SimpleObservationCategory_CS',
  ucum: 'http://unitsofmeasure.org',
  interpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  section: 'http://jpfhir.jp/fhir/eCheckup/CodeSystem/section-code',
  doctype: 'http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes',
  reportCategory: 'urn:oid:2.16.840.1.113883.2.2.1.6.1001',
  program: 'urn:oid:1.2.392.200119.6.1002',
  institutionNo: 'http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no',
  insurerNo: 'urn:oid:1.2.392.100495.20.3.61',
};
// MHLW result code systems (OID 表, 1.2.392.200119.6.*) with the answers used here.
const ANSWER = {
  remark: ['urn:oid:1.2.392.200119.6.2001', { 1: '特記すべきことあり', 2: '特記すべきことなし' }],
  finding: ['urn:oid:1.2.392.200119.6.2002', { 1: '所見あり', 2: '所見なし' }],
  qualitative: ['urn:oid:1.2.392.200119.6.2102', { 1: '－', 2: '±', 3: '１＋', 4: '２＋', 5: '３＋' }],
  meal: ['urn:oid:1.2.392.200119.6.2202', { 2: '食後10時間以上', 3: '食後3.5時間以上10時間未満', 4: '食後3.5時間未満' }],
  kw: ['urn:oid:1.2.392.200119.6.2110', { 1: '0', 2: 'Ⅰ', 3: 'Ⅱa', 4: 'Ⅱb', 5: 'Ⅲ', 6: 'Ⅳ' }],
  scheieH: ['urn:oid:1.2.392.200119.6.2111', { 1: '0', 2: '1', 3: '2', 4: '3', 5: '4' }],
  scheieS: ['urn:oid:1.2.392.200119.6.2112', { 1: '0', 2: '1', 3: '2', 4: '3', 5: '4' }],
  wongMitchell: ['urn:oid:1.2.392.200119.6.18080', { 1: '所見なし', 2: '軽度', 3: '中等度', 4: '重度' }],
  metabolic: ['urn:oid:1.2.392.200119.6.1008', { 1: '基準該当', 2: '予備群該当', 3: '非該当', 4: '判定不能' }],
  guidance: ['urn:oid:1.2.392.200119.6.3001', { 1: '積極的支援', 2: '動機付け支援', 3: 'なし（情報提供）', 4: '判定不能' }],
  yesNo: ['urn:oid:1.2.392.200119.6.2003', { 1: 'はい', 2: 'いいえ' }],
  smoking: ['urn:oid:1.2.392.200119.6.24060', { 1: 'はい', 2: '以前は吸っていたが、最近1か月間は吸っていない', 3: 'いいえ' }],
  chewing: ['urn:oid:1.2.392.200119.6.18030', {
    1: '何でもかんで食べることができる', 2: '歯や歯ぐき、かみあわせなど気になる部分があり、かみにくいことがある', 3: 'ほとんどかめない' }],
  speed: ['urn:oid:1.2.392.200119.6.2004', { 1: '速い', 2: 'ふつう', 3: '遅い' }],
  snacks: ['urn:oid:1.2.392.200119.6.18040', { 1: '毎日', 2: '時々', 3: 'ほとんど摂取しない' }],
  drinking: ['urn:oid:1.2.392.200119.6.24040', {
    1: '毎日', 2: '週5～6日', 3: '週3～4日', 4: '週1～2日', 5: '月に1～3日', 6: '月に1日未満', 7: 'やめた', 8: '飲まない（飲めない）' }],
  amount: ['urn:oid:1.2.392.200119.6.24050', { 1: '1合未満', 2: '1～2合未満', 3: '2～3合未満', 4: '3～5合未満', 5: '5合以上' }],
  change: ['urn:oid:1.2.392.200119.6.2007', {
    1: '意志なし', 2: '意志あり（6か月以内）', 3: '意志あり（近いうち）', 4: '取組済み（6か月未満）', 5: '取組済み（6か月以上）' }],
};

const YEARS = [2024, 2025];
const CHECKUP_DAY = { 2024: '2024-06-11', 2025: '2025-06-10' };

// The 健診 section, in the order of the result form. Each row:
// [code, display, category, section (the form's section in the checkups view, 'other'
//  for an item that is no 特定健診 item), value by year, unit, low, high]
// where a value is a number (valueQuantity), [answer, code] (valueCodeableConcept), a
// string (valueString), or null (not examined that year); and a row may carry components.
const EXAM = [
  ['9N001000000000001', '身長', 'body-measurement', 'body', { 2024: 158.4, 2025: 158.2 }, 'cm'],
  ['9N006000000000001', '体重', 'body-measurement', 'body', { 2024: 58.9, 2025: 61.3 }, 'kg'],
  ['9N011000000000001', 'BMI', 'body-measurement', 'body', { 2024: 23.5, 2025: 24.5 }, 'kg/m2', 18.5, 24.9],
  ['9N016160100000001', '腹囲（実測）', 'body-measurement', 'body', { 2024: 86.5, 2025: 90.5 }, 'cm', undefined, 89.9],
  ['9N056000000000011', '既往歴', 'exam', 'exam', { 2024: ['remark', 2], 2025: ['remark', 1] }, undefined, undefined, undefined,
    { 2025: [['9N056160400000049', '具体的な既往歴', '子宮筋腫（2024年手術）']] }],
  ['9N061000000000011', '自覚症状', 'exam', 'exam', { 2024: ['remark', 2], 2025: ['remark', 1] }, undefined, undefined, undefined,
    { 2025: [['9N061160800000049', '自覚症状所見', '肩こり、時々頭痛']] }],
  ['9N066000000000011', '他覚症状', 'exam', 'exam', { 2024: ['remark', 2], 2025: ['remark', 2] }],
  ['9A751000000000001', '収縮期血圧（１回目）', 'vital-signs', 'bp', { 2024: 128, 2025: 138 }, 'mmHg', undefined, 129],
  ['9A752000000000001', '収縮期血圧（２回目）', 'vital-signs', 'bp', { 2024: 124, 2025: 134 }, 'mmHg', undefined, 129],
  ['9A761000000000001', '拡張期血圧（１回目）', 'vital-signs', 'bp', { 2024: 80, 2025: 88 }, 'mmHg', undefined, 84],
  ['9A762000000000001', '拡張期血圧（２回目）', 'vital-signs', 'bp', { 2024: 78, 2025: 86 }, 'mmHg', undefined, 84],
  ['9N141000000000011', '採血時間（食後）', 'laboratory', 'sampling', { 2024: ['meal', 2], 2025: ['meal', 2] }],
  ['3F015000002327101', '空腹時中性脂肪', 'laboratory', 'lipid', { 2024: 132, 2025: 168 }, 'mg/dL', 30, 149],
  ['3F070000002327101', 'ＨＤＬコレステロール', 'laboratory', 'lipid', { 2024: 58, 2025: 52 }, 'mg/dL', 40],
  ['3F077000002327101', 'ＬＤＬコレステロール', 'laboratory', 'lipid', { 2024: 126, 2025: 142 }, 'mg/dL', 60, 119],
  ['3F069000002391901', 'Non-HDLコレステロール', 'laboratory', 'lipid', { 2024: 148, 2025: 166 }, 'mg/dL', 90, 149],
  ['3B035000002327201', 'ＡＳＴ（ＧＯＴ）', 'laboratory', 'liver', { 2024: 22, 2025: 27 }, 'U/L', 10, 30],
  ['3B045000002327201', 'ＡＬＴ（ＧＰＴ）', 'laboratory', 'liver', { 2024: 19, 2025: 33 }, 'U/L', 10, 30],
  ['3B090000002327101', 'γ－ＧＴ（γ－ＧＴＰ）', 'laboratory', 'liver', { 2024: 24, 2025: 31 }, 'U/L', undefined, 50],
  ['3C015000002327101', '血清クレアチニン', 'laboratory', 'kidney', { 2024: 0.68, 2025: 0.72 }, 'mg/dL', 0.46, 0.79],
  ['8A065000002391901', 'eGFR', 'laboratory', 'kidney', { 2024: 69.4, 2025: 65.1 }, 'mL/min/1.73m2', 60],
  ['3D010000001927201', '空腹時血糖', 'laboratory', 'glucose', { 2024: 97, 2025: 106 }, 'mg/dL', 70, 99],
  ['3D046000001906202', 'ＨｂＡ１ｃ（ＮＧＳＰ）', 'laboratory', 'glucose', { 2024: 5.6, 2025: 5.9 }, '%', 4.6, 5.5],
  ['1A020000000191111', '尿糖', 'laboratory', 'urine', { 2024: ['qualitative', 1], 2025: ['qualitative', 1] }],
  ['1A010000000191111', '尿蛋白', 'laboratory', 'urine', { 2024: ['qualitative', 1], 2025: ['qualitative', 2] }],
  ['2A040000001930102', 'ヘマトクリット値', 'laboratory', 'anemia', { 2024: 40.2, 2025: 39.5 }, '%', 35.1, 44.4],
  ['2A030000001930101', '血色素量（ヘモグロビン値）', 'laboratory', 'anemia', { 2024: 13.1, 2025: 11.4 }, 'g/dL', 11.6, 14.8],
  ['2A020000001930101', '赤血球数', 'laboratory', 'anemia', { 2024: 432, 2025: 398 }, '10^4/μL', 386, 492],
  ['2A020161001930149', '貧血検査（実施理由）', 'laboratory', 'anemia', { 2024: '貧血の既往歴があるため', 2025: '貧血の既往歴があるため' }],
  ['9A110160700000011', '心電図（所見の有無）', 'exam', 'ecg', { 2024: ['finding', 2], 2025: ['finding', 1] }, undefined, undefined, undefined,
    { 2025: [['9A110160800000049', '心電図（所見）', '洞性徐脈（軽度）']] }],
  ['9A110161000000049', '心電図（実施理由）', 'exam', 'ecg', { 2024: '前年度の血圧が保健指導判定値以上のため', 2025: '当該年度の血圧が保健指導判定値以上のため' }],
  ['9E100166000000011', '眼底検査（キースワグナー分類）', 'exam', 'fundus', { 2024: null, 2025: ['kw', 2] }],
  ['9E100166100000011', '眼底検査（シェイエ分類：Ｈ）', 'exam', 'fundus', { 2024: null, 2025: ['scheieH', 2] }],
  ['9E100166200000011', '眼底検査（シェイエ分類：Ｓ）', 'exam', 'fundus', { 2024: null, 2025: ['scheieS', 1] }],
  ['9E100166600000011', '眼底検査（Wong-Mitchell分類）', 'exam', 'fundus', { 2024: null, 2025: ['wongMitchell', 2] }],
  ['9E100160900000049', '眼底検査（その他の所見）', 'exam', 'fundus', { 2024: null, 2025: '動脈の軽度狭細化' }],
  ['9E100161000000049', '眼底検査（実施理由）', 'exam', 'fundus', { 2024: null, 2025: '当該年度の血圧と血糖が保健指導判定値以上のため' }],
  ['9N501000000000011', 'メタボリックシンドローム判定', 'survey', 'judgement', { 2024: ['metabolic', 3], 2025: ['metabolic', 2] }],
  ['9N506000000000011', '保健指導レベル', 'survey', 'judgement', { 2024: ['guidance', 3], 2025: ['guidance', 2] }],
  ['9N511000000000049', '医師の診断（判定）', 'exam', 'judgement', {
    2024: 'LDLコレステロールがやや高めです。脂質の多い食事を控え、来年も健診を受けましょう。',
    2025: '血圧・脂質・血糖が保健指導判定値を超え、軽い貧血があります。生活習慣の改善に取り組み、3か月後に医療機関で血圧と貧血の再検査を受けてください。' }],
  ['9N516000000000049', '健康診断を実施した医師の氏名', 'exam', 'judgement', { 2024: '港 一郎', 2025: '港 一郎' }],
  // Items a 健診機関 reports beyond the 特定健診 form (人間ドック style additions).
  ['1A100000000191111', '尿潜血', 'laboratory', 'other', { 2024: ['qualitative', 1], 2025: ['qualitative', 2] }],
  ['3C020000002327101', '尿酸', 'laboratory', 'other', { 2024: 4.8, 2025: 5.3 }, 'mg/dL', 2.6, 7.0],
  ['3F050000002327101', '総コレステロール', 'laboratory', 'other', { 2024: 206, 2025: 218 }, 'mg/dL', 140, 199],
];

// The 問診 section: the 22 questions of the 標準的な質問票 (令和6年度版), in its order.
const QUESTIONNAIRE = [
  ['9N701000000000011', '服薬１（血圧）', { 2024: ['yesNo', 2], 2025: ['yesNo', 2] }],
  ['9N706000000000011', '服薬２（血糖）', { 2024: ['yesNo', 2], 2025: ['yesNo', 2] }],
  ['9N711000000000011', '服薬３（脂質）', { 2024: ['yesNo', 2], 2025: ['yesNo', 1] }],
  ['9N711167000000049', '服薬３（薬剤）', { 2024: null, 2025: 'ロスバスタチン錠２．５ｍｇ' }],
  ['9N716000000000011', '既往歴１（脳血管）', { 2024: ['yesNo', 2], 2025: ['yesNo', 2] }],
  ['9N721000000000011', '既往歴２（心血管）', { 2024: ['yesNo', 2], 2025: ['yesNo', 2] }],
  ['9N726000000000011', '既往歴３（腎不全・人工透析）', { 2024: ['yesNo', 2], 2025: ['yesNo', 2] }],
  ['9N731000000000011', '貧血', { 2024: ['yesNo', 1], 2025: ['yesNo', 1] }],
  ['9N736000000000011', '喫煙', { 2024: ['smoking', 2], 2025: ['smoking', 2] }],
  ['9N741000000000011', '２０歳からの体重変化', { 2024: ['yesNo', 1], 2025: ['yesNo', 1] }],
  ['9N746000000000011', '３０分以上の運動習慣', { 2024: ['yesNo', 2], 2025: ['yesNo', 2] }],
  ['9N751000000000011', '歩行又は身体活動', { 2024: ['yesNo', 1], 2025: ['yesNo', 2] }],
  ['9N756000000000011', '歩行速度', { 2024: ['yesNo', 2], 2025: ['yesNo', 2] }],
  ['9N872000000000011', '咀嚼', { 2024: ['chewing', 1], 2025: ['chewing', 2] }],
  ['9N766000000000011', '食べ方１（早食い等）', { 2024: ['speed', 2], 2025: ['speed', 1] }],
  ['9N771000000000011', '食べ方２（就寝前）', { 2024: ['yesNo', 2], 2025: ['yesNo', 1] }],
  ['9N782000000000011', '食べ方３（間食）', { 2024: ['snacks', 2], 2025: ['snacks', 1] }],
  ['9N781000000000011', '食習慣', { 2024: ['yesNo', 2], 2025: ['yesNo', 2] }],
  ['9N786000000000011', '飲酒', { 2024: ['drinking', 4], 2025: ['drinking', 3] }],
  ['9N791000000000011', '飲酒量', { 2024: ['amount', 1], 2025: ['amount', 2] }],
  ['9N796000000000011', '睡眠', { 2024: ['yesNo', 1], 2025: ['yesNo', 2] }],
  ['9N801000000000011', '生活習慣の改善', { 2024: ['change', 1], 2025: ['change', 2] }],
  ['9N808000000000011', '特定保健指導の受診歴', { 2024: ['yesNo', 2], 2025: ['yesNo', 2] }],
];

const PERSON = { family: '港', given: '恵子', kana: ['ミナト', 'ケイコ'], birthDate: '1968-09-14', gender: 'female' };
const INSTITUTION = { name: 'みなと健診プラザ（架空）', number: '1319876543' };
const DOCTOR = { family: '港', given: '一郎', kana: ['ミナト', 'イチロウ'] };
const INSURER = { name: 'みなと健康保険組合（架空）', number: '06139999' };

const uuid = (name) => {
  const h = createHash('sha256').update(`techo-jp-documents:checkup-report:${name}`).digest('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const profile = (name) => ({ profile: [`http://jpfhir.jp/fhir/eCheckup/StructureDefinition/${name}`] });
const coding = (system, code, display) => ({ coding: [{ system, code, display }] });
const humanName = (p) => [
  { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation', valueCode: 'IDE' }],
    use: 'official', text: `${p.family} ${p.given}`, family: p.family, given: [p.given] },
  { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation', valueCode: 'SYL' }],
    use: 'official', text: p.kana.join(' '), family: p.kana[0], given: [p.kana[1]] },
];

// A value of a row as FHIR (value[x]) and as a person reads it (text, unit).
function valueOf(value, unit) {
  if (typeof value === 'number') {
    return { fhir: { valueQuantity: { value, unit, system: SYSTEM.ucum, code: unit.replace('^', '*').replace('μ', 'u') } }, text: String(value), unit };
  }
  if (Array.isArray(value)) {
    const [answer, code] = value;
    const [system, displays] = ANSWER[answer];
    return { fhir: { valueCodeableConcept: coding(system, String(code), displays[code]) }, text: displays[code], unit: '' };
  }
  return { fhir: { valueString: value }, text: value, unit: '' };
}

function quantity(value, unit) {
  return { value, unit, system: SYSTEM.ucum, code: unit.replace('^', '*').replace('μ', 'u') };
}

function report(year) {
  const date = CHECKUP_DAY[year];
  const written = `${date}T16:30:00+09:00`;
  const key = (name) => uuid(`${year}:${name}`);
  const patientUrl = uuid('patient');
  const institutionUrl = uuid('institution');
  const doctorUrl = uuid('doctor');
  const insurerUrl = uuid('insurer');
  const expected = [];
  const expect = (value, label, where) => expected.push({ view: 'checkups', value, label: `${label} ${year}`, year, date, ...where });

  const observations = { exam: [], questionnaire: [] };
  const observation = (code, display, category, value, unit, low, high, components) => {
    const shown = valueOf(value, unit);
    const obs = {
      resourceType: 'Observation',
      meta: profile('JP_Observation_eCheckupGeneral'),
      status: 'final',
      category: [coding(SYSTEM.category, category)],
      code: coding(SYSTEM.item, code, display),
      subject: { reference: patientUrl },
      ...shown.fhir,
    };
    if (typeof value === 'number' && (low !== undefined || high !== undefined)) {
      obs.referenceRange = [{ ...(low !== undefined ? { low: quantity(low, unit) } : {}), ...(high !== undefined ? { high: quantity(high, unit) } : {}) }];
      const flag = high !== undefined && value > high ? 'H' : low !== undefined && value < low ? 'L' : 'N';
      obs.interpretation = [coding(SYSTEM.interpretation, flag)];
    }
    if (components) {
      obs.component = components.map(([c, d, v]) => ({ code: coding(SYSTEM.item, c, d), ...valueOf(v).fhir }));
    }
    return { obs, shown };
  };

  for (const [code, display, category, section, values, unit, low, high, components] of EXAM) {
    const value = values[year];
    if (value === null || value === undefined) continue;
    const parts = components?.[year];
    const { obs, shown } = observation(code, display, category, value, unit, low, high, parts);
    observations.exam.push(obs);
    expect(shown.text, display, { section, code, unit: shown.unit });
    for (const [c, d, v] of parts ?? []) expect(v, d, { section, code: c, unit: '' });
  }
  for (const [code, display, values] of QUESTIONNAIRE) {
    const value = values[year];
    if (value === null || value === undefined) continue;
    const { obs, shown } = observation(code, display, 'social-history', value);
    observations.questionnaire.push(obs);
    expect(shown.text, display, { section: 'questionnaire', code, unit: '' });
  }
  expect(INSTITUTION.name, '健診機関', { field: 'institution' });
  expect(date, '受診日', { field: 'date' });

  const entries = [];
  const refs = { exam: [], questionnaire: [] };
  for (const part of ['exam', 'questionnaire']) {
    observations[part].forEach((obs, i) => {
      const fullUrl = key(`${part}:${i}:${obs.code.coding[0].code}`);
      refs[part].push({ reference: fullUrl });
      entries.push({ fullUrl, resource: obs });
    });
  }
  const list = (part) => observations[part].map((o) => {
    const text = o.valueQuantity ? `${o.valueQuantity.value} ${o.valueQuantity.unit}` : o.valueString ?? o.valueCodeableConcept.coding[0].display;
    return `<li>${o.code.coding[0].display} ${text}</li>`;
  }).join('');
  const composition = {
    resourceType: 'Composition',
    meta: profile('JP_Composition_eCheckupGeneral'),
    language: 'ja',
    extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/composition-clinicaldocument-versionNumber', valueString: '1.0' }],
    identifier: { system: 'http://jpfhir.jp/fhir/core/IdSystem/resourceInstance-identifier', value: `${INSTITUTION.number}-${year}-0001` },
    status: 'final',
    type: coding(SYSTEM.doctype, '53576-5', '検診・健診報告書'),
    category: [coding(SYSTEM.reportCategory, '10', '特定健診')],
    subject: { reference: patientUrl },
    date: written,
    author: [{ reference: doctorUrl }, { reference: institutionUrl }],
    title: '健康診断結果のお知らせ',
    custodian: { reference: institutionUrl },
    event: [{ code: [coding(SYSTEM.program, '010', '特定健診')], period: { start: date, end: date } }],
    section: [
      { title: '健診結果セクション', code: coding(SYSTEM.section, '01011', '特定健診検査結果セクション'),
        text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><ul>${list('exam')}</ul></div>` },
        entry: refs.exam },
      { title: '問診結果セクション', code: coding(SYSTEM.section, '01012', '特定健診問診結果セクション'),
        text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><ul>${list('questionnaire')}</ul></div>` },
        entry: refs.questionnaire },
    ],
  };
  const head = [
    { fullUrl: key('composition'), resource: composition },
    { fullUrl: patientUrl, resource: {
      resourceType: 'Patient', meta: profile('JP_Patient_eCheckupGeneral'),
      identifier: [{ system: `urn:oid:1.2.392.200119.6.102.1${INSTITUTION.number}`, value: '20240611-0042' }],
      name: humanName(PERSON), gender: PERSON.gender, birthDate: PERSON.birthDate,
      address: [{ text: '東京都港区芝公園９－９－９（架空）', postalCode: '105-0011', country: 'JP' }] } },
    { fullUrl: doctorUrl, resource: {
      resourceType: 'Practitioner', meta: profile('JP_Practitioner_eCheckupGeneral'), name: humanName(DOCTOR) } },
    { fullUrl: institutionUrl, resource: {
      resourceType: 'Organization', meta: profile('JP_Organization_eCheckupGeneral'),
      identifier: [{ system: SYSTEM.institutionNo, value: INSTITUTION.number }],
      type: [coding('http://terminology.hl7.org/CodeSystem/organization-type', 'prov')],
      name: INSTITUTION.name, telecom: [{ system: 'phone', value: '03-0000-0000' }],
      address: [{ text: '東京都港区海岸１－１－１（架空）', postalCode: '105-0022', country: 'JP' }] } },
    // The insurer is an Organization of the report as well; it did not perform the checkup.
    { fullUrl: insurerUrl, resource: {
      resourceType: 'Organization', meta: profile('JP_OrganizationInsurer_eCheckupGeneral'),
      identifier: [{ system: SYSTEM.insurerNo, value: INSURER.number }],
      type: [coding('http://terminology.hl7.org/CodeSystem/organization-type', 'ins')], name: INSURER.name } },
    { fullUrl: uuid('coverage'), resource: {
      resourceType: 'Coverage', meta: profile('JP_CoverageInsurance_eCheckupGeneral'), status: 'active',
      type: { coding: [{ system: 'urn:oid:1.2.392.100495.20.2.61', code: '1' }] },
      subscriberId: '１２３４５・６７８９０', beneficiary: { reference: patientUrl },
      relationship: coding('urn:oid:1.2.392.100495.20.2.62', '1', '被保険者'),
      payor: [{ reference: insurerUrl }] } },
  ];
  const bundle = {
    resourceType: 'Bundle',
    meta: profile('JP_Bundle_eCheckupGeneral'),
    identifier: { system: 'http://jpfhir.jp/fhir/core/IdSystem/documentInstance-identifier', value: `${INSTITUTION.number}-${year}-0001` },
    type: 'document',
    timestamp: written,
    entry: [...head, ...entries],
  };
  return {
    name: `checkup-report-${year}.json`,
    kind: 'checkup-report',
    bundle,
    expected,
    // For the figures: Observations in the report (健診 and 問診).
    observations: observations.exam.length + observations.questionnaire.length,
  };
}

export function documents() {
  return YEARS.map(report);
}
