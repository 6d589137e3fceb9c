// A child's checkups over several years, one document Bundle each: the infant checkups of
// the 母子保健法 (1か月児, 3〜4か月児, 1歳6か月児, 3歳児健康診査) and the school's yearly
// 定期健康診断 (学校保健安全法). Each is a Composition (the checkup's report, dated and
// signed by whoever held it) whose sections list the measurements — height (LOINC
// 8302-2), weight (29463-7), head circumference (9843-4), BMI (39156-5) — and the findings
// (development, vision, hearing, teeth) as Observations with no date or performer of
// their own: the Composition is the only source of author and date.
import { createHash } from 'node:crypto';

const CHILD = { name: '佐藤 ひなた', kana: 'サトウ ヒナタ', birthDate: '2019-04-10', gender: 'female' };

const uuid = (name) => {
  const h = createHash('sha256').update(`child-checkups:${name}`).digest('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const representation = (code) => [{ url: 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation', valueCode: code }];
const category = (code) => [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code }] }];

// Each checkup: when, what, who held it, measurements [LOINC, name, value, unit], findings [name, value].
const CHECKUPS = [
  { key: '1m', date: '2019-05-14', title: '1か月児健康診査', by: 'みなみ小児科クリニック', doctor: '中村 恵',
    measures: [['8302-2', '身長', 53.6, 'cm'], ['29463-7', '体重', 4.21, 'kg'], ['9843-4', '頭囲', 37.1, 'cm']],
    findings: [['栄養状態', '良'], ['股関節開排制限', 'なし']] },
  { key: '4m', date: '2019-08-20', title: '3〜4か月児健康診査', by: 'さくら市保健センター', doctor: '小林 誠',
    measures: [['8302-2', '身長', 62.4, 'cm'], ['29463-7', '体重', 6.37, 'kg'], ['9843-4', '頭囲', 40.8, 'cm']],
    findings: [['首のすわり', 'すわっている'], ['追視', 'あり']] },
  { key: '18m', date: '2020-10-22', title: '1歳6か月児健康診査', by: 'さくら市保健センター', doctor: '小林 誠',
    measures: [['8302-2', '身長', 79.3, 'cm'], ['29463-7', '体重', 10.12, 'kg'], ['9843-4', '頭囲', 46.2, 'cm']],
    findings: [['ひとり歩き', 'できる'], ['意味のある言葉', '3語以上'], ['むし歯', 'なし（0本）']] },
  { key: '3y', date: '2022-05-17', title: '3歳児健康診査', by: 'さくら市保健センター', doctor: '小林 誠',
    measures: [['8302-2', '身長', 93.8, 'cm'], ['29463-7', '体重', 13.74, 'kg'], ['9843-4', '頭囲', 48.9, 'cm']],
    findings: [['視力検査', '異常なし'], ['聴力検査', '異常なし'], ['むし歯', '1本（要治療）'], ['尿検査', '異常なし']] },
  { key: 'school1', date: '2026-05-12', title: '定期健康診断（小学1年）', by: 'さくら市立みどり小学校', doctor: '加藤 浩二',
    measures: [['8302-2', '身長', 117.2, 'cm'], ['29463-7', '体重', 21.3, 'kg'], ['39156-5', 'BMI', 15.51, 'kg/m2']],
    findings: [['視力（右）', 'A（1.0以上）'], ['視力（左）', 'B（0.7〜0.9）'], ['聴力', '異常なし'], ['歯科（未処置歯）', '2本'],
      ['心電図', '異常なし']] },
];

function checkupBundle(c) {
  const id = (what) => uuid(`${c.key}:${what}`);
  const patientUrl = id('patient');
  const subject = { reference: patientUrl };
  const patient = {
    resourceType: 'Patient', meta: { profile: ['http://jpfhir.jp/fhir/core/StructureDefinition/JP_Patient'] },
    name: [{ extension: representation('IDE'), use: 'official', text: CHILD.name },
      { extension: representation('SYL'), use: 'official', text: CHILD.kana }],
    gender: CHILD.gender, birthDate: CHILD.birthDate,
  };
  const organization = { resourceType: 'Organization', name: c.by };
  const doctor = { resourceType: 'Practitioner', name: [{ extension: representation('IDE'), text: c.doctor }] };
  const measures = c.measures.map(([code, name, value, unit], i) => ({
    fullUrl: id(`measure:${i}`),
    resource: { resourceType: 'Observation', status: 'final', category: category('vital-signs'),
      code: { coding: [{ system: 'http://loinc.org', code, display: name }], text: name }, subject,
      valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit } },
  }));
  const findings = c.findings.map(([name, value], i) => ({
    fullUrl: id(`finding:${i}`),
    resource: { resourceType: 'Observation', status: 'final', category: category('exam'), code: { text: name }, subject,
      valueString: value },
  }));
  const composition = {
    resourceType: 'Composition', status: 'final',
    type: { text: c.key.startsWith('school') ? '学校健康診断結果' : '乳幼児健康診査結果' },
    title: c.title, date: c.date, subject,
    author: [{ reference: id('doctor'), type: 'Practitioner' }, { reference: id('organization'), type: 'Organization' }],
    custodian: { reference: id('organization') },
    section: [
      { title: '身体計測', entry: measures.map((m) => ({ reference: m.fullUrl })) },
      { title: '診察所見', entry: findings.map((f) => ({ reference: f.fullUrl })) },
    ],
  };
  return {
    resourceType: 'Bundle', type: 'document', timestamp: `${c.date}T12:00:00+09:00`,
    identifier: { system: 'urn:ietf:rfc:3986', value: id('bundle') },
    entry: [{ fullUrl: id('composition'), resource: composition }, { fullUrl: patientUrl, resource: patient },
      { fullUrl: id('organization'), resource: organization }, { fullUrl: id('doctor'), resource: doctor }, ...measures, ...findings],
  };
}

export function documents() {
  return CHECKUPS.map((c) => ({
    name: `child-checkup-${c.key}.json`,
    kind: 'child-checkups',
    bundle: checkupBundle(c),
    expected: [
      { view: 'growth', value: c.title, label: `${c.title} 表題` },
      { view: 'growth', value: c.date, label: `${c.title} 実施日（Composition.date）` },
      { view: 'growth', value: c.by, label: `${c.title} 実施機関（Composition.author）` },
      ...c.measures.map(([, name, value]) => ({ view: 'growth', value: String(value), label: `${c.title} ${name}` })),
      ...c.findings.flatMap(([name, value]) => [
        { view: 'growth', value: name, label: `${c.title} ${name}（項目）` },
        { view: 'growth', value, label: `${c.title} ${name}` }]),
    ],
  }));
}

export const child = CHILD;
