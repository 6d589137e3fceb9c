// Views: what a person reads, computed inside the core.

/** A person whose records the vault keeps: the account holder and their family. */
export interface Person {
  id: number;
  name: string;
  namePhonetic: string;
  birthDate: string;
  gender: string;
  /**
   * `self` is the account holder. The account holder's choice
   * ({@link Session.setRelationship}) when they made one; otherwise guessed when the
   * person first appeared (born 15 or more years after the account holder: `child`).
   */
  relationship: 'self' | 'child' | 'dependent' | 'other';
  /** Records about this person. */
  records: number;
  /** When their record was handed over to their own key ({@link Session.handOver}); "" when it was not. No new grant of it can be made. */
  handedOverAt: string;
}

/** Which person a view is about, and which day decides what is "current". */
export interface ViewQuery {
  /** {@link Person.id}; everyone when absent or 0. */
  person?: number;
  /** `YYYY-MM-DD`; today (UTC) when absent. */
  today?: string;
}

/**
 * Whose records a view's reply holds. Every view says it, so that a page never heads one
 * person's records with another's name. With everyone asked for, views never fold people
 * together: each entry carries its `person` id, per-drug and per-analyte histories and
 * checkup reports are one person's each, and the emergency summary and the safety checks
 * come {@link EmergencyView.byPerson | one person at a time}.
 */
export interface ViewSubject {
  /** The one person the records are about; null when they are several people's (everyone, in a family). */
  person: Person | null;
  /** Everyone the records are about: the one person asked for, or every person of the vault. */
  people: Person[];
}

/** A code as shown: the registry's short name of its system ("YJ", "JLAC10", "特定健診項目") and the code. */
export interface ShownCode {
  system: string;
  code: string;
}

/** A prescription, dispensing or statement, as written. */
export interface MedicationEntry {
  id: number;
  kind: 'request' | 'dispense' | 'statement';
  drug: string;
  code: ShownCode;
  /** Ingredient keys (first 7 characters of YJ / 一般名処方 codes). */
  ingredients: string[];
  /** Dosage as written: "1日3回 毎食後", "疼痛時 頓用", "朝2錠 昼1錠（不均等）". */
  dosage: string;
  /** One dose, when coded ("1錠"). */
  dose: string;
  /** Days of supply; 0 when unknown. */
  days: number;
  date: string;
  /** The last day of supply (`YYYY-MM-DD`), when days are known. */
  endDate: string;
  status: string;
  /** Being taken on the query's day. */
  active: boolean;
  prescriber: string;
  institution: string;
  /** The dispensing pharmacy, for dispensings. */
  pharmacy: string;
  /** Where the data came from: the e-prescription service, claims (レセプト), a pharmacy's dispensing, … */
  origin: 'e-prescription' | 'claims' | 'dispensing' | 'prescription' | 'statement';
  source: string;
  /** {@link Person.id} of the person it is about; 0 when it names no person the vault knows. */
  person: number;
}

/** One drug over the years (its brands grouped by ingredient), one person's. */
export interface MedicationHistory {
  drug: string;
  /** {@link Person.id} whose history it is. */
  person: number;
  latestDosage: string;
  first: string;
  last: string;
  count: number;
  active: boolean;
  institutions: string[];
}

export interface MedicationsView extends ViewSubject {
  today: string;
  /** Taken now (a prescription covered by its dispensing appears once, as the dispensing). */
  current: MedicationEntry[];
  history: MedicationHistory[];
  /** Everything, newest first. */
  entries: MedicationEntry[];
}

/** One result value. */
export interface ResultPoint {
  id: number;
  name: string;
  /** The analyte it belongs to (same analyte across institutions and code systems). */
  analyte: string;
  date: string;
  value: number | null;
  /** As written ("6.3", "（－）", "陰性"). */
  valueText: string;
  unit: string;
  low: number | null;
  high: number | null;
  rangeText: string;
  /** Out of range: "H", "L", "A" (abnormal); "" when within range or unknown. */
  flag: '' | 'H' | 'L' | 'A';
  institution: string;
  source: string;
  category: string;
  code: ShownCode;
  /** {@link Person.id} of the person it is about; 0 when it names no person the vault knows. */
  person: number;
}

/** One analyte's trend, one person's. */
export interface AnalyteSeries {
  analyte: string;
  /** {@link Person.id} whose trend it is. */
  person: number;
  name: string;
  unit: string;
  code: ShownCode;
  category: string;
  /** Oldest first. */
  points: ResultPoint[];
  latest: ResultPoint;
  count: number;
  /** Has numeric values (chartable). */
  numeric: boolean;
  institutions: string[];
}

export interface LabsView extends ViewSubject {
  /** Most recently measured first. */
  analytes: AnalyteSeries[];
}

/** The sections of the 特定健診 result form in its order; `questionnaire` is the 問診. */
export type CheckupSectionId =
  | 'exam' | 'body' | 'bp' | 'sampling' | 'lipid' | 'liver' | 'kidney' | 'glucose' | 'urine' | 'anemia' | 'ecg'
  | 'fundus' | 'judgement' | 'questionnaire';
/** The lines of the form (the MHLW result items) and the 標準的な質問票's questions. */
export type CheckupFormItemId =
  | 'history' | 'history_detail' | 'subjective' | 'subjective_detail' | 'objective' | 'objective_detail'
  | 'height' | 'weight' | 'bmi' | 'waist' | 'visceral_fat'
  | 'systolic_1' | 'systolic_2' | 'systolic' | 'diastolic_1' | 'diastolic_2' | 'diastolic'
  | 'blood_draw_time' | 'tg' | 'tg_random' | 'hdl' | 'ldl' | 'non_hdl' | 'ast' | 'alt' | 'ggt'
  | 'creatinine' | 'egfr' | 'creatinine_reason' | 'fbs' | 'random_glucose' | 'hba1c' | 'hba1c_jds'
  | 'urine_glucose' | 'urine_protein' | 'hematocrit' | 'hemoglobin' | 'rbc' | 'anemia_reason'
  | 'ecg_result' | 'ecg_findings' | 'ecg_reason'
  | 'fundus_kw' | 'fundus_scheie_h' | 'fundus_scheie_s' | 'fundus_scott' | 'fundus_wong_mitchell' | 'fundus_davis'
  | 'fundus_findings' | 'fundus_reason'
  | 'metabolic' | 'guidance' | 'doctor_judgement' | 'doctor_name'
  | 'q_bp_medicine' | 'q_bp_medicine_name' | 'q_bp_medicine_reason' | 'q_glucose_medicine' | 'q_glucose_medicine_name'
  | 'q_glucose_medicine_reason' | 'q_lipid_medicine' | 'q_lipid_medicine_name' | 'q_lipid_medicine_reason'
  | 'q_stroke' | 'q_heart' | 'q_kidney' | 'q_anemia' | 'q_smoking' | 'q_weight_since_20' | 'q_exercise' | 'q_activity'
  | 'q_walking_speed' | 'q_weight_change_year' | 'q_chewing' | 'q_eating_speed' | 'q_late_dinner' | 'q_snacks'
  | 'q_late_snacks' | 'q_breakfast' | 'q_drinking' | 'q_drinking_amount' | 'q_sleep' | 'q_lifestyle'
  | 'q_guidance_wish' | 'q_guidance_history';
/**
 * A line of the form; `question:<code>` for a 問診 answer whose question the form does not
 * know (it came in the report's 問診 section); `other` for an item off the form.
 */
export type CheckupItemId = CheckupFormItemId | `question:${string}` | 'other';

/** The same item in the person's previous report. */
export interface CheckupPrevious {
  date: string;
  value: number | null;
  valueText: string;
  unit: string;
  flag: '' | 'H' | 'L' | 'A';
  rangeText: string;
}

export interface CheckupItem extends ResultPoint {
  item: CheckupItemId;
  /** The result form's label (Japanese); for an item off the form, its own name. */
  label: string;
  section: CheckupSectionId | 'other';
  /** 問診 answers: the question as the 標準的な質問票 (or the report) asks it. */
  question?: string;
  /** The same item in the previous report of the same person; null when it had none. */
  previous: CheckupPrevious | null;
}

/** The document an entry came in, as its Composition states it. */
export interface DocumentContext {
  /** The Composition's record id ({@link Session.document}). */
  id: number;
  kind: DocumentKind;
  title: string;
  type: string;
  date: string;
  /** The first person among the authors. */
  author: string;
  /** The custodian, else the first author's organization. */
  institution: string;
  /** The title of the section that lists the entry. */
  section: string;
}

/**
 * One person's 特定健診 report, laid out as the MHLW result form (健診結果のお知らせ): one
 * per 健診結果報告書 document, else the results of one day.
 */
export interface CheckupReport {
  /** The checkup date (the Composition's date for a document). */
  date: string;
  /** {@link Person.id} whose checkup it is. */
  person: number;
  /** The institution that performed it (the Composition's custodian / author organization). */
  institution: string;
  /** The 健診結果報告書 it is; null for results that came in no document. */
  document: DocumentContext | null;
  /** The date of the person's previous report ("last year"); null for the first one. */
  previousDate: string | null;
  items: Partial<Record<CheckupItemId, CheckupItem>>;
  /** The form's sections in order, each with the lines the report has; the 問診 last. */
  sections: { id: CheckupSectionId; items: CheckupItem[] }[];
  /** Every result of the report that is not a line of the form: never dropped. */
  otherItems: CheckupItem[];
}

export interface CheckupsView extends ViewSubject {
  /** Newest first. */
  reports: CheckupReport[];
}

export interface ConditionEntry {
  id: number;
  name: string;
  code: ShownCode;
  status: string;
  active: boolean;
  onset: string;
  institution: string;
  source: string;
  /** {@link Person.id} of the person it is about; 0 when it names no person the vault knows. */
  person: number;
}

export interface AllergyEntry {
  id: number;
  substance: string;
  code: ShownCode;
  /** A drug allergy or contraindication (薬剤禁忌). */
  drug: boolean;
  active: boolean;
  criticality: string;
  recorded: string;
  reactions: string[];
  source: string;
  /** {@link Person.id} of the person it is about; 0 when it names no person the vault knows. */
  person: number;
}

/**
 * What kind of JP document a Composition is, told by the profile its file or itself claims
 * (JP_Bundle_ePrescriptionData, JP_Composition_eReferral, …), else by its type code.
 */
export type DocumentKind =
  | "e-prescription"
  | "referral"
  | "discharge-summary"
  | "checkup-report"
  | "patient-summary"
  | "document";

export interface DocumentSummary {
  id: number;
  kind: DocumentKind;
  title: string;
  type: string;
  date: string;
  authors: string[];
  custodian: string;
  /** The custodian, else the first author's organization. */
  institution: string;
  source: string;
  /** {@link Person.id} of the person it is about; 0 when it names no person the vault knows. */
  person: number;
}

/** The six kinds of information of the EHR sharing service, and the documents. */
export interface EhrSummaryView extends ViewSubject {
  diagnoses: ConditionEntry[];
  allergies: AllergyEntry[];
  infections: ResultPoint[];
  contraindications: AllergyEntry[];
  recentLabs: ResultPoint[];
  prescriptions: MedicationEntry[];
  documents: DocumentSummary[];
}

export interface DocumentSection {
  title: string;
  code: string;
  /** The section's narrative as plain text (line breaks kept). */
  text: string;
  /** What the section points to, one line each. */
  entries: { type: string; text: string; detail: string; unresolved?: string }[];
  sections: DocumentSection[];
}

/** A clinical document (診療情報提供書, 退院時サマリー, …) section by section; `person` is whom it is about. */
export interface DocumentView extends ViewSubject {
  id: number;
  kind: DocumentKind;
  title: string;
  type: string;
  date: string;
  status: string;
  subject: string;
  authors: string[];
  custodian: string;
  sections: DocumentSection[];
  source: string;
}

export interface ImmunizationEntry {
  id: number;
  vaccine: string;
  code: ShownCode;
  date: string;
  dose: number | string | null;
  series: string;
  lot: string;
  performer: string;
  status: string;
  source: string;
}

export interface ImmunizationsView extends ViewSubject {
  /** One list per person of {@link ViewSubject.people}; `person` is null for records about no person the vault knows. */
  byPerson: { person: Person | null; immunizations: ImmunizationEntry[] }[];
}

export type SafetyWarning =
  | {
      kind: 'duplicate-ingredient';
      /** Whose prescriptions they are (one person's: prescriptions of two people are never compared). */
      person: Person | null;
      ingredient: string;
      drugs: string[];
      institutions: string[];
      /** The evidence: the current prescriptions sharing the ingredient. */
      medications: MedicationEntry[];
    }
  | {
      kind: 'allergy-match';
      /** Whose allergy and drug they are (always the same person's). */
      person: Person | null;
      /** `ingredient:<key>` or `name`. */
      matchedBy: string;
      allergy: AllergyEntry;
      medications: MedicationEntry[];
    };

/**
 * The safety checks, run on each person's own records: a drug of one person is never
 * checked against another's allergy or prescriptions.
 */
export interface SafetyView extends ViewSubject {
  today: string;
  /** Every warning, person by person, each naming its person. */
  warnings: SafetyWarning[];
  /** The same warnings grouped: one group per person of {@link ViewSubject.people}, also those without a warning. */
  byPerson: { person: Person | null; warnings: SafetyWarning[] }[];
}

/** One person's emergency (救急時) card: only what that person's own records say. */
export interface EmergencyCard {
  /** Whose card; null for records about no person the vault knows. */
  person: Person | null;
  allergies: AllergyEntry[];
  contraindications: AllergyEntry[];
  medications: MedicationEntry[];
  conditions: ConditionEntry[];
  keyLabs: ResultPoint[];
}

/** The printable emergency summary: one card for one person, or one card per person for everyone. */
export interface EmergencyView extends ViewSubject {
  today: string;
  /** One card per person of {@link ViewSubject.people}, in the vault's order. */
  byPerson: EmergencyCard[];
}
