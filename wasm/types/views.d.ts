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

/** One dosage instruction of a medicine, as a person reads it (JP Core Dosage). */
export interface DosageInstruction {
  /** As written ("右眼に1回1滴 1日1回 就寝前"); else the timing code's text. */
  text: string;
  /** One dose (doseAndRate.doseQuantity): "1錠", "2滴"; "" when not coded. */
  dose: string;
  /** Dose per period (doseAndRate.rateRatio): "3錠/日"; "" when not coded. */
  dailyDose: string;
  timing: {
    /** The JAMI 用法コード as text ("１日１回　点眼"). */
    code: string;
    /** `frequency` times per `period` `periodUnit`; 0 when not coded. */
    frequency: number;
    period: number;
    periodUnit: string;
    /** timing.repeat.when (HS, CM, ...). */
    when: string[];
  };
  /** Where on the body (JAMI 部位: "右眼"). */
  site: string;
  route: string;
  method: string;
  asNeeded: boolean;
  /** What it is taken for when as needed ("疼痛時"). */
  asNeededFor: string;
  /** Days of use (boundsDuration, JP_MedicationRequest_DosageInstruction_UsageDuration); 0 when unknown. */
  days: number;
  /** Period of use (boundsPeriod, JP_MedicationDosage_PeriodOfUse); "" when unknown. */
  start: string;
  end: string;
  /** Extra instructions ("不均等・１回目・４錠"). */
  additionalInstructions: string[];
  /** The most per period ("3錠/日"); "" when none. */
  maxDose: string;
}

/**
 * The document an entry came in (電子処方箋, 退院時サマリー, …): the Composition's author,
 * institution and date, which the entry falls back on when it does not state its own.
 */
export interface DocumentContext {
  /** The Composition's id: open it with {@link Session.document}. */
  id: number;
  kind: DocumentKind;
  title: string;
  type: string;
  date: string;
  /** The first person among the authors. */
  author: string;
  /** The custodian, else the first author's organization. */
  institution: string;
  /** The title of the section that lists the entry; "" when only the file ties them. */
  section: string;
}

/** A prescription, dispensing or statement, as written. */
export interface MedicationEntry {
  id: number;
  kind: 'request' | 'dispense' | 'statement';
  drug: string;
  code: ShownCode;
  /** Ingredient keys (first 7 characters of YJ / 一般名処方 codes). */
  ingredients: string[];
  /** Every dosage instruction, in the prescriber's order (eye drops: the right eye, then the left). */
  dosages: DosageInstruction[];
  /** The first dosage as written: "1日3回 毎食後", "疼痛時 頓用", "朝2錠 昼1錠（不均等）"; see {@link dosages} for all. */
  dosage: string;
  /** The first dosage's one dose, when coded ("1錠"). */
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
  /** Where the data came from: the e-prescription service, claims (レセプト), a お薬手帳 (okusuri-techo), a pharmacy's dispensing, … */
  origin: 'e-prescription' | 'claims' | 'okusuri-techo' | 'dispensing' | 'prescription' | 'statement';
  /** The prescription's own notes (MedicationRequest.note: 薬剤単位の備考). */
  notes: string[];
  /** The document it came in; null for a record of its own. */
  document: DocumentContext | null;
  source: string;
  /** {@link Person.id} of the person it is about; 0 when it names no person the vault knows. */
  person: number;
}

/** One drug over the years (its brands grouped by ingredient), one person's. */
export interface MedicationHistory {
  drug: string;
  /** {@link Person.id} whose history it is. */
  person: number;
  /** Every dosage instruction of the latest prescription as written, joined by " / ". */
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
  /** Per person and drug, over every entry of the record (counts and first dates included). */
  history: MedicationHistory[];
  /**
   * Newest first: the newest 100 entries, every current one, and every one a
   * {@link PrescriptionDocument} lists — not the whole record, so the view costs what it shows.
   */
  entries: MedicationEntry[];
  /** How many medication entries the person's record holds in all. */
  entriesTotal: number;
  /**
   * The documents that prescribed (電子処方箋, a discharge summary's 退院時処方), newest
   * first, each with its medicines ({@link MedicationEntry.id}s) and its notes (備考,
   * 調剤者への指示: the prescription's Communications).
   */
  prescriptions: PrescriptionDocument[];
}

export interface PrescriptionDocument {
  document: DocumentContext;
  /** {@link Person.id} whose prescription it is. */
  person: number;
  medications: number[];
  notes: { category: string; text: string }[];
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
  /** The newest 200 values, oldest first (`pointsOmitted` older ones are not sent). */
  points: ResultPoint[];
  latest: ResultPoint;
  /** Every value of the trend, including those not in `points`. */
  count: number;
  pointsOmitted: number;
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
  /** Care plans (the 患者サマリー's 療養計画: the doctor's advice), every text in full, newest first. */
  carePlans: CarePlanEntry[];
  /** Goals (a target blood pressure, weight, ...), newest first. */
  goals: GoalEntry[];
}

/**
 * Who wrote an entry and when. An entry that does not say it itself takes it from the
 * document (Composition) of its file that lists it: in JP-CLINS documents the Composition
 * is the one place carrying author, institution and date.
 */
export interface Authorship {
  /** People who wrote it. */
  authors: string[];
  institution: string;
  /** The institution's department (JP_eCS_Department), when the document names it. */
  department: string;
  /** The entry's own date (created, period start, ...), else its document's. */
  date: string;
  /** The document listing the entry ({@link Session.document}); null when none does. */
  document: number | null;
  documentTitle: string;
}

/** A care plan (CarePlan) as written. */
export interface CarePlanEntry extends Authorship {
  id: number;
  title: string;
  /** The plan's text in full, line breaks kept ("高血圧について内服を継続してください。\r\n…"). */
  description: string;
  categories: string[];
  status: string;
  intent: string;
  start: string;
  end: string;
  activities: { description: string; code: string; status: string; scheduled: string; progress: string }[];
  notes: string[];
  source: string;
  /** {@link Person.id}; 0 when it names no person the vault knows. */
  person: number;
}

/** A goal (Goal) and its targets. */
export interface GoalEntry extends Authorship {
  id: number;
  description: string;
  /** lifecycleStatus: `proposed`, `active`, `completed`, `cancelled`, ... */
  status: string;
  achievement: string;
  start: string;
  /** Each target as written: measure, detail ("<135 mmHg"), due date. */
  targets: { measure: string; detail: string; due: string }[];
  /** The conditions it addresses, by name. */
  addresses: string[];
  notes: string[];
  source: string;
  person: number;
}

export interface DocumentSection {
  title: string;
  code: string;
  /** The section's narrative as plain text (line breaks kept). */
  text: string;
  /** What the section points to, one line each. */
  entries: {
    type: string;
    text: string;
    /** For a medicine, every dosage text joined by " / ". */
    detail: string;
    unresolved?: string;
    /** For a medicine, every dosage instruction in order. */
    dosages?: DosageInstruction[];
  }[];
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
  /** The first person among the authors. */
  author: string;
  /** The custodian, else the first author's organization. */
  institution: string;
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

/** Where a card entry came from: the stored resource, its file, and whose it is. */
export interface EmergencyEntrySource {
  id: number;
  /** The file (or Techo's own entry form) it came from. */
  source: string;
  person: number;
}

/** An implant or device the person carries (Device, or DeviceUseStatement with its Device). */
export interface EmergencyDevice extends EmergencyEntrySource {
  name: string;
  /** When it was put in or started being used, as recorded; "" when unknown. */
  since: string;
  bodySite: string;
}

/** An inpatient stay (Encounter class IMP) that started or ended in the year before `today`. */
export interface EmergencyAdmission extends EmergencyEntrySource {
  /** YYYY-MM-DD. */
  start: string;
  /** YYYY-MM-DD, "" while still admitted or unknown. */
  end: string;
  reason: string;
  institution: string;
}

/** An operation or other procedure performed in the year before `today`. */
export interface EmergencyProcedure extends EmergencyEntrySource {
  name: string;
  /** YYYY-MM-DD. */
  date: string;
  institution: string;
}

/** Whom to call (RelatedPerson in use). */
export interface EmergencyContact extends EmergencyEntrySource {
  name: string;
  /** As the person wrote it: 夫, 母, 長女… */
  relationship: string;
  phone: string;
  /** Entered by the person in Techo ({@link Session.saveEmergencyInfo}), not imported. */
  enteredByPerson: boolean;
}

/**
 * What the person wants if they cannot say it themselves: whether they want
 * cardiopulmonary resuscitation (心肺蘇生) — `wanted`, `refused`, `undecided` (決めていない),
 * or `""` when the directive says nothing of it — and their notes of the 人生会議 (ACP).
 */
export type CprWish = 'wanted' | 'refused' | 'undecided';

/** The person's latest active advance directive (a FHIR Consent of scope `adr`). */
export interface CareWishes extends EmergencyEntrySource {
  cpr: CprWish | '';
  /** The person's own words: what was discussed, with whom. */
  note: string;
  /** YYYY-MM-DD of the last 人生会議, "" when not given. */
  discussedOn: string;
  /** When it was recorded (RFC 3339). */
  recorded: string;
  enteredByPerson: boolean;
}

/** One person's emergency (救急時) card: only what that person's own records say. */
export interface EmergencyCard {
  /** Whose card; null for records about no person the vault knows. */
  person: Person | null;
  allergies: AllergyEntry[];
  contraindications: AllergyEntry[];
  medications: MedicationEntry[];
  conditions: ConditionEntry[];
  /** The latest result of each infection test (JLAC10 5E/5F, JP-CLINS InfectionLabo). */
  infections: ResultPoint[];
  /** The latest ABO and Rh results (JLAC10 5H010 / 5H020, LOINC 882-1, 883-9, 34474-7, 10331-7), ABO first. */
  bloodType: ResultPoint[];
  devices: EmergencyDevice[];
  admissions: EmergencyAdmission[];
  procedures: EmergencyProcedure[];
  keyLabs: ResultPoint[];
  /** The person's own entries first, in their order. */
  contacts: EmergencyContact[];
  /** null when the person recorded none. */
  careWishes: CareWishes | null;
}

/** One emergency contact as the person enters it. */
export interface NewEmergencyContact {
  /** 1 to 200 bytes. */
  name: string;
  relationship?: string;
  /** Digits, spaces, `+`, `-` and parentheses. */
  phone?: string;
}

/**
 * What {@link Session.saveEmergencyInfo} stores for one person: their contacts (at most 5,
 * replacing those saved before) and their care wishes (`null` withdraws earlier ones).
 */
export interface EmergencyInfo {
  contacts: NewEmergencyContact[];
  wishes: {
    cpr: CprWish;
    /** At most 4,000 bytes. */
    note?: string;
    /** YYYY-MM-DD. */
    discussedOn?: string;
  } | null;
}

/** The printable emergency summary: one card for one person, or one card per person for everyone. */
export interface EmergencyView extends ViewSubject {
  today: string;
  /** One card per person of {@link ViewSubject.people}, in the vault's order. */
  byPerson: EmergencyCard[];
}

/** A visit (Encounter). */
export interface EncounterEntry {
  id: number;
  /** v3 ActCode: `AMB` outpatient, `IMP` inpatient, `EMER` emergency, `HH` home, `VR` virtual, ... ("" when unstated). */
  class: string;
  /** The class as the source wrote it ("外来"). */
  classDisplay: string;
  type: string;
  status: string;
  /** Start: period.start, else the first classHistory period, else the listing document's date. */
  start: string;
  end: string;
  /** serviceProvider, else the listing document's author institution. */
  institution: string;
  /** JP_eCS_Department extension, serviceType, the institution's department, or the document's. */
  department: string;
  location: string;
  practitioners: string[];
  reasons: string[];
  document: number | null;
  source: string;
  person: number;
}

/** An operation or procedure (Procedure). */
export interface ProcedureEntry {
  id: number;
  name: string;
  status: string;
  date: string;
  end: string;
  institution: string;
  performers: string[];
  bodySites: string[];
  outcome: string;
  reasons: string[];
  notes: string[];
  /** {@link EncounterEntry.id} of the visit it names, when that visit is in the vault. */
  encounter: number | null;
  source: string;
  person: number;
}

/** Visits and operations, newest first, one group per person of {@link ViewSubject.people}. */
export interface VisitsView extends ViewSubject {
  byPerson: { person: Person | null; encounters: EncounterEntry[]; procedures: ProcedureEntry[] }[];
}

/**
 * A number of the person's own card: in full, and masked (every character but the last
 * two as `*`). Pages show `masked` until the person asks to see the number.
 */
export interface MaskedValue {
  value: string;
  masked: string;
}

/** An insurance card (健康保険証) or public-expense card (公費受給者証): a Coverage. */
export interface CoverageEntry {
  id: number;
  kind: 'insurance' | 'public-expense';
  type: string;
  /** The insurer, or the public-expense payer (a prefecture, a city). */
  insurer: string;
  /** 保険者番号. */
  insurerNumber: string;
  /** 記号, 番号, 枝番 (JP_Coverage_InsuredPerson* extensions; 枝番 also from Coverage.dependent). */
  symbol: MaskedValue;
  number: MaskedValue;
  branch: MaskedValue;
  /** The 公費 programme: the card's class name, else the programme of its 法別番号. */
  programme: string;
  /** 公費負担者番号. */
  payerNumber: string;
  /** 公費負担医療の受給者番号. */
  recipientNumber: MaskedValue;
  relationship: string;
  /** Share the person pays ("30%"). */
  copay: string;
  start: string;
  end: string;
  status: string;
  /** Active and within its period on {@link CoveragesView.today}. */
  valid: boolean;
  source: string;
  person: number;
}

/** Cards per person, valid ones first. */
export interface CoveragesView extends ViewSubject {
  today: string;
  byPerson: { person: Person | null; coverages: CoverageEntry[] }[];
}

/** One measurement at an age. */
export interface GrowthPoint {
  id: number;
  date: string;
  /** Whole months completed since birth. */
  ageMonths: number;
  /** Days since birth / 365.25, for a chart's axis. */
  ageYears: number;
  value: number | null;
  valueText: string;
  unit: string;
  institution: string;
  /** The checkup document's title, when a document lists it. */
  checkup: string;
  source: string;
}

/** One measurement over age. */
export interface GrowthSeries {
  key: 'height' | 'weight' | 'headCircumference' | 'bmi';
  /** As the first record names it. */
  name: string;
  unit: string;
  /** Oldest first. */
  points: GrowthPoint[];
}

/** The findings of one checkup (乳幼児健診, 学校健診): vision, hearing, teeth, development. */
export interface CheckupFindings {
  date: string;
  ageMonths: number;
  title: string;
  institution: string;
  document: number | null;
  findings: { id: number; name: string; valueText: string; unit: string; flag: string }[];
}

/** A person's growth before their 20th birthday. */
export interface PersonGrowth {
  person: Person | null;
  birthDate: string;
  series: GrowthSeries[];
  /** Oldest first. */
  checkups: CheckupFindings[];
}

/** Growth and checkups, one entry per person of {@link ViewSubject.people}. */
export interface GrowthView extends ViewSubject {
  byPerson: PersonGrowth[];
}
