// Shared by the JP-CLINS document generators (診療情報提供書, 退院時サマリー): deterministic
// UUIDs, the JP-CLINS section codes, and the Bundle around a Composition. The generator
// picks up modules whose names do not start with "_", so this one is only imported.
import { createHash } from 'node:crypto';

export const JP_CORE = 'http://jpfhir.jp/fhir/core';
export const CLINS = 'http://jpfhir.jp/fhir/clins';
export const DOC_TYPES = 'http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes';
export const SECTIONS = `${CLINS}/CodeSystem/document-section`;   // 電子カルテ情報共有サービス文書共通セクション区分コード
export const INSTITUTION_NO = `${JP_CORE}/IdSystem/insurance-medical-institution-no`;

export function uuidMaker(namespace) {
  return (name) => {
    const h = createHash('sha256').update(`${namespace}:${name}`).digest('hex');
    return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
}

export const representation = (code) => [{ url: 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation', valueCode: code }];

export function section(code, title, { text, entries = [], sections } = {}) {
  const out = { title, code: { coding: [{ system: SECTIONS, code, display: `${title}セクション` }] } };
  if (text) out.text = { status: 'additional', div: `<div xmlns="http://www.w3.org/1999/xhtml">${text}</div>` };
  if (entries.length) out.entry = entries.map((reference) => ({ reference }));
  if (sections) out.section = sections;
  return out;
}

export function practitioner(name, kana) {
  const [family, given] = name.split(' ');
  const [kFamily, kGiven] = kana.split(' ');
  return {
    resourceType: 'Practitioner', meta: { profile: [`${JP_CORE}/StructureDefinition/JP_Practitioner`] },
    name: [{ extension: representation('IDE'), use: 'official', text: name, family, given: [given] },
      { extension: representation('SYL'), use: 'official', text: kana, family: kFamily, given: [kGiven] }],
  };
}

export function organization(name, number) {
  return {
    resourceType: 'Organization', meta: { profile: ['http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Organization_eCS'] },
    identifier: [{ system: INSTITUTION_NO, value: number }],
    type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov' }] }],
    name,
  };
}

// A document Bundle: the Composition first, then everything it refers to, each under its fullUrl.
export function documentBundle(profileUrl, ids, resources, timestamp) {
  return {
    resourceType: 'Bundle', meta: { profile: [profileUrl] },
    identifier: { system: 'urn:ietf:rfc:3986', value: ids.bundle },
    type: 'document', timestamp,
    entry: Object.entries(resources).map(([key, resource]) => ({ fullUrl: ids[key], resource })),
  };
}
