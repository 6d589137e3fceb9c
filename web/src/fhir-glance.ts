// The few fields a receiver reads first in a shared FHIR resource: what it is, when, and
// its value. Read from the resource as it arrived (the verifier has checked it); a field a
// resource lacks is left empty, never guessed.
type Json = Record<string, unknown>;

export interface Glance {
  name: string;
  date: string;
  value: string;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

function concept(v: unknown): string {
  if (!isObject(v)) return '';
  if (text(v.text)) return text(v.text);
  const codings = Array.isArray(v.coding) ? v.coding.filter(isObject) : [];
  const shown = codings.find((c) => text(c.display)) ?? codings[0];
  return shown ? text(shown.display) || text(shown.code) : '';
}

function humanName(v: unknown): string {
  const name = first(v);
  if (!isObject(name)) return '';
  if (text(name.text)) return text(name.text);
  const given = Array.isArray(name.given) ? name.given.map(text).join(' ') : '';
  return [text(name.family), given].filter(Boolean).join(' ');
}

function quantity(v: unknown): string {
  if (!isObject(v)) return '';
  return [text(v.value), text(v.unit) || text(v.code)].filter(Boolean).join(' ');
}

function observed(r: Json): string {
  if (r.valueQuantity) return quantity(r.valueQuantity);
  if (r.valueCodeableConcept) return concept(r.valueCodeableConcept);
  for (const key of ['valueString', 'valueBoolean', 'valueInteger']) if (r[key] !== undefined) return text(r[key]);
  if (Array.isArray(r.component)) {
    return r.component.filter(isObject).map((c) => `${concept(c.code)} ${quantity(c.valueQuantity)}`.trim()).join(' / ');
  }
  return '';
}

function period(v: unknown): string {
  return isObject(v) ? text(v.start) : '';
}

const dateOf = (r: Json): string =>
  text(r.effectiveDateTime) || period(r.effectivePeriod) || text(r.occurrenceDateTime) || text(r.authoredOn) ||
  text(r.whenHandedOver) || text(r.recordedDate) || text(r.onsetDateTime) || text(r.performedDateTime) ||
  period(r.performedPeriod) || period(r.period) || text(r.issued) || text(r.date) || text(r.birthDate);

export function glance(resource: Json): Glance {
  const type = text(resource.resourceType);
  const date = dateOf(resource).slice(0, 10);
  switch (type) {
    case 'Patient':
      return { name: humanName(resource.name), date, value: text(resource.gender) };
    case 'Practitioner':
      return { name: humanName(resource.name), date: '', value: '' };
    case 'Organization':
      return { name: text(resource.name), date: '', value: '' };
    case 'MedicationRequest':
    case 'MedicationDispense':
    case 'MedicationStatement': {
      const dosage = first(resource.dosageInstruction ?? resource.dosage);
      return { name: concept(resource.medicationCodeableConcept), date, value: isObject(dosage) ? text(dosage.text) : '' };
    }
    case 'Observation':
      return { name: concept(resource.code), date, value: observed(resource) };
    case 'Immunization':
      return { name: concept(resource.vaccineCode), date, value: text(resource.lotNumber) };
    case 'Condition':
    case 'AllergyIntolerance':
      return { name: concept(resource.code), date, value: concept(resource.clinicalStatus) };
    case 'Composition':
      return { name: text(resource.title) || concept(resource.type), date, value: '' };
    case 'DocumentReference':
      return { name: text(resource.description) || concept(resource.type), date, value: '' };
    default:
      return { name: concept(resource.code) || concept(resource.type) || text(resource.name) || text(resource.title), date, value: text(resource.status) };
  }
}
