/**
 * @techo/core — the Techo personal-health-record core, compiled to WebAssembly.
 *
 * Records are decrypted, stored and queried inside the wasm module; in a browser the
 * module runs in a dedicated Worker so the page never blocks and plaintext never leaves
 * the Worker's memory except as the values you ask for.
 *
 * This file is written by hand and is the package's contract: the implementation in
 * `src/` is type-checked against it.
 *
 * @packageDocumentation
 */

/** Stable category of a {@link TechoError}. The C++ core uses the same names. */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'MALFORMED_INPUT'
  | 'UNSUPPORTED'
  | 'INVALID_RESOURCE'
  | 'STORAGE'
  | 'INTERNAL'
  /** The age header is malformed, or asks for more work than a browser can do. */
  | 'AGE_HEADER'
  /** The age header was altered after it was written. */
  | 'AGE_HMAC'
  /** The encrypted data is damaged, truncated or extended. */
  | 'AGE_PAYLOAD'
  /** The text (armored) form of the age file is malformed. */
  | 'AGE_ARMOR'
  /** No given key or passphrase opens the file ("wrong passphrase", "encrypted for a different key"). */
  | 'AGE_NO_MATCH'
  /** Signed data whose issuer signature or content hash does not verify. */
  | 'INVALID_SIGNATURE'
  /** The caller cancelled the operation (AbortSignal). Nothing was stored. */
  | 'CANCELLED'
  /** Vault data failed authentication or is damaged; it is never returned as data. */
  | 'VAULT_CORRUPT'
  /** The passphrase or recovery key does not unlock this vault. */
  | 'WRONG_KEY'
  /** The file is encrypted (age) and no passphrase or key was given: ask for one and import again. */
  | 'NEEDS_KEY'
  /** The vault is open in another tab or window: one writer at a time. */
  | 'VAULT_BUSY'
  /**
   * The core's instance failed in a way that is not an error value (the engine's stack or
   * memory exhausted, a trap) and was discarded, with its Worker in a browser. Nothing of
   * the unfinished operation was stored. Every call answers this until the vault is
   * unlocked again (`unlock`, `unlockWithRecovery`), which starts a fresh instance over the
   * vault as it was last committed; `vaultStatus`, `lock` and `close` keep working.
   */
  | 'SESSION_ENDED';

/** An error as data: what went wrong and where. */
export interface ErrorInfo {
  /** The category, for code to switch on. */
  code: ErrorCode;
  /** For a person: what is wrong and, where it helps, what to do. */
  message: string;
  /** Where: file, then line/column or FHIR path, e.g. `labs.json: Bundle.entry[3].resource.id`. Empty when not applicable. */
  path: string;
  /**
   * An import's error, once the file's format was known: what it was read as
   * (`'not-read'`: none of the formats Techo reads; `'age'`: encrypted, see NEEDS_KEY).
   */
  format?: ReadAs;
}

/**
 * Every failed call rejects with a TechoError. Errors from the core arrive as values and
 * are turned into this class; no C++ exception ever reaches JavaScript.
 */
export declare class TechoError extends Error implements ErrorInfo {
  constructor(info: ErrorInfo);
  readonly name: 'TechoError';
  readonly code: ErrorCode;
  readonly path: string;
  readonly format?: ReadAs;
  /** True when `value` is a TechoError (also across Worker and realm boundaries). */
  static is(value: unknown): value is TechoError;
  /** The plain-data form: message without the appended location. */
  toInfo(): ErrorInfo;
}

/**
 * How far a source could be verified:
 * - `verified`: signed by an issuer whose key is in the person's trusted list;
 * - `unknown_issuer`: validly signed, by a key the person has not trusted;
 * - `unsigned`: no issuer signature ("source not verified").
 */
export type Verification = 'verified' | 'unknown_issuer' | 'unsigned';

/** Where an import came from. */
export interface SourceInfo {
  /** The file name given at import. */
  name: string;
  /** True when the file arrived encrypted (age). */
  encrypted: boolean;
  verification: Verification;
  /**
   * For a `verified` source, the name the person gave the issuer's key in their trusted
   * list ({@link Session.addTrustedIssuer}); empty otherwise. Never the signer's own words.
   */
  issuerName: string;
  issuerKeyId: string;
  /** When the issuer signed, as the issuer wrote it (RFC 3339); empty when unsigned. */
  signedAt: string;
  /** What the signer calls itself in the envelope (not vouched for); empty when unsigned. */
  claimedIssuerName: string;
  /**
   * True when a `verified` source's signer calls itself something other than
   * {@link issuerName}: show both, so a key trusted as one issuer cannot pass as another.
   */
  issuerNameMismatch: boolean;
}

/** A source as the vault lists it. */
export interface SourceSummary extends SourceInfo {
  /** For filtering the timeline by source ({@link RecordQuery.source}). */
  id: number;
  importedAt: string;
  resources: number;
}

/** What an import stored. */
/**
 * What a file was read as, told by its structure (core/include/techo/file_format.hpp):
 * age files by their first line, XML by its root element, JSON by its top-level keys
 * (`resourceType` is FHIR whatever else the file holds), NDJSON by its first line, CSV by
 * its header, a signed envelope by its own first line.
 */
export type FileFormat = FhirFormat | LifelogFormat;
export type FhirFormat = 'fhir' | 'fhir-ndjson';
export type LifelogFormat = 'openmhealth' | 'fitbit' | 'googlefit' | 'withings' | 'csv' | 'apple-health';

/** What an import read a file as, in its errors: a {@link FileFormat}, or a container around one, or none Techo reads. */
export type ReadAs = FileFormat | 'age' | 'age-armored' | 'signed-envelope' | 'zip' | 'not-read';

/** {@link Session.readableFormats}. */
export interface ReadableFormats {
  formats: FileFormat[];
  /** File name endings, e.g. `.json`, `.zip`, `.age`. */
  extensions: string[];
  description: string;
}

/** Any import's report: {@link ImportReport} for FHIR, {@link LifelogImportReport} for lifelog data. */
export type AnyImportReport = ImportReport | LifelogImportReport;

export interface ImportReport {
  kind: 'fhir';
  /** A FHIR Bundle or resource, or FHIR NDJSON. */
  format: FhirFormat;
  source: SourceInfo;
  /** resourceType → new resources stored by this import. */
  imported: Record<string, number>;
  importedTotal: number;
  /** Newer versions that replaced what the vault had (the older version is kept in history). */
  updated: number;
  /** Already in the vault and identical: recognized, not stored twice. */
  unchanged: number;
  /** Older than the vault's version: kept in history only. */
  historical: number;
  /** Entries that could not be used, each with its path; the rest were stored. */
  skipped: ErrorInfo[];
  /**
   * Stored, but breaking a rule of the JP-CLINS profile they claim (e.g. a drug without a
   * YJ or 一般名処方 code), each with the rule and the path.
   */
  flagged: ErrorInfo[];
}

/** A person whose record is in the vault. */
export interface PatientSummary {
  id: string;
  /** The name as the person reads it: kanji for JP Core data. */
  name: string;
  /** The kana reading, when the source has one; otherwise empty. */
  namePhonetic: string;
  /** FHIR date as recorded, e.g. `1930-06-28`; empty when unknown. */
  birthDate: string;
  gender: string;
}

/** An overview of the vault. */
export interface Summary {
  /** resourceType → resources in the vault. */
  counts: Record<string, number>;
  total: number;
  patients: PatientSummary[];
  /** Every import, oldest first, with its provenance. */
  sources: SourceSummary[];
}

/** Bytes the core reads piece by piece: a File or Blob is never read into memory whole. */
export type ByteSource = Blob | ArrayBuffer | Uint8Array;

/**
 * What opens an age file: its passphrase, or an identity file (`AGE-SECRET-KEY-1…` lines, `#` comments), or both.
 *
 * Limits that hold before the file's MAC can be checked, so that a hostile file cannot
 * stall or exhaust the tab: a header names at most 256 recipient stanzas, and a
 * passphrase file is opened only if its scrypt work factor is at most `maxScryptLogN`.
 * Past either, the call fails with `AGE_HEADER` before any work is done.
 */
export interface DecryptKey {
  passphrase?: string;
  identity?: string;
  /**
   * The largest scrypt work factor (log2 N) to compute for a passphrase file: 1–20,
   * default 18 (256 MiB, about a second — what the age CLI and Techo write). Raise it only
   * for a file the person trusts: 20 takes 1 GiB, and wasm memory once grown is never
   * returned to the tab. Outside 1–20 the call fails with `INVALID_ARGUMENT`.
   */
  maxScryptLogN?: number;
}

/** Progress of a long operation, reported while it runs. */
export interface Progress {
  /** Bytes of the input consumed so far. */
  bytesIn: number;
  /** Size of the input. */
  totalBytes: number;
  /** Plaintext bytes verified so far. */
  plaintextBytes: number;
}

/** Options of long operations. */
export interface JobOptions {
  /** Called as the work advances (from the Worker's messages; never re-enters the core). */
  onProgress?: (progress: Progress) => void;
  /** Aborting rejects with `CANCELLED`; nothing is stored. */
  signal?: AbortSignal;
}

/** The outcome of {@link Session.decryptDigest}. */
export interface DecryptDigest {
  plaintextBytes: number;
  /** SHA-256 of the plaintext, hex. */
  sha256: string;
  armored: boolean;
}

/** How {@link Session.encrypt} protects its output: to age recipients, or to a passphrase. */
export interface EncryptTo {
  /** `age1…` recipients. */
  recipients?: string[];
  passphrase?: string;
  /** ASCII armor (`-----BEGIN AGE ENCRYPTED FILE-----`) instead of binary. */
  armor?: boolean;
  /** scrypt work factor for a passphrase, 1–20; default 18 (as the age CLI). Above 18 the file opens here only with {@link DecryptKey.maxScryptLogN}. */
  scryptLogN?: number;
}

/**
 * An issuer whose signatures make sources `verified`; also an issuer a restored backup
 * listed, waiting to be confirmed ({@link Session.pendingIssuers}). `keyId` is always
 * computed from `publicKey`.
 */
export interface TrustedIssuer {
  keyId: string;
  name: string;
  /** Ed25519 public key, base64. */
  publicKey: string;
}

/** What kind of record a row is. */
export type RecordCategory =
  | 'medication' | 'lab' | 'vital-sign' | 'observation' | 'condition' | 'allergy' | 'immunization'
  | 'procedure' | 'encounter' | 'report' | 'document' | 'care-plan';

/** One row a person reads: a clinical resource, normalized. */
export interface HealthRecord {
  id: number;
  category: RecordCategory;
  /** The coding shown (a standard terminology when the source has one), as written. */
  codeSystem: string;
  code: string;
  /** What a person reads: the source's text, else the coding's display. */
  display: string;
  valueNumber: number | null;
  /** The value as written: a lab value, a coded result, or a dosage ("1日1回 朝食後"). */
  valueText: string;
  unit: string;
  /** FHIR date/dateTime as recorded; empty when unknown. */
  effectiveAt: string;
  status: string;
  resourceType: string;
  /** The file it came from. */
  source: string;
  /** The {@link Person} it is about; 0 when it names no person the vault knows. */
  person: number;
}

/** Where the next page of records starts. */
export interface RecordCursor {
  effectiveAt: string;
  id: number;
}

export interface RecordQuery {
  /** Only this category; all when absent. */
  category?: RecordCategory;
  /** Only records about this {@link Person} (by id); everyone when absent or 0. */
  person?: number;
  /** Only records from this source ({@link SourceSummary.id}); all when absent or 0. */
  source?: number;
  /** Page size, 1–1000; default 50. */
  limit?: number;
  /** From {@link RecordPage.next}; the first page when absent. */
  cursor?: RecordCursor | null;
}

export interface RecordPage {
  records: HealthRecord[];
  /** Pass as `cursor` for the next page; null when this was the last. */
  next: RecordCursor | null;
}

// ---- Views: what a person reads, computed inside the core ----------------------------

/** A person whose records the vault keeps: the account holder and their family. */
export interface Person {
  id: number;
  name: string;
  namePhonetic: string;
  birthDate: string;
  gender: string;
  relationship: 'self' | 'child' | 'dependent';
  /** Records about this person. */
  records: number;
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

export type CheckupSectionId = 'body' | 'bp' | 'lipid' | 'liver' | 'glucose' | 'urine' | 'judgement';
export type CheckupItemId =
  | 'height' | 'weight' | 'bmi' | 'waist' | 'systolic' | 'diastolic' | 'tg' | 'hdl' | 'ldl' | 'ast' | 'alt' | 'ggt'
  | 'fbs' | 'hba1c' | 'urine_glucose' | 'urine_protein' | 'metabolic' | 'guidance';

export interface CheckupItem extends ResultPoint {
  item: CheckupItemId;
  /** The result form's label (Japanese). */
  label: string;
  section: CheckupSectionId;
}

/** One person's 特定健診, laid out as the MHLW result form. */
export interface CheckupReport {
  date: string;
  /** {@link Person.id} whose checkup it is. */
  person: number;
  institution: string;
  items: Partial<Record<CheckupItemId, CheckupItem>>;
  sections: { id: CheckupSectionId; items: CheckupItem[] }[];
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

export interface DocumentSummary {
  id: number;
  title: string;
  type: string;
  date: string;
  authors: string[];
  custodian: string;
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

// ---- Lifelog ---------------------------------------------------------------------------

/** What kind of device or app recorded a sample; also the default merge priority, highest first. */
export type DeviceKind = 'manual' | 'medical-device' | 'watch' | 'phone' | 'app';

export interface LifelogImportReport {
  kind: 'lifelog';
  source: SourceInfo;
  format: LifelogFormat;
  /** Samples stored. */
  imported: number;
  /** Merged days this import changed (only those were merged again). */
  daysRecomputed: number;
  /** Samples already in the vault (same metric, times, device and value): not stored twice. */
  duplicates: number;
  byMetric: Record<string, number>;
  /** Records not imported, each with its position and field ("[3].body.heart_rate.unit"). */
  skipped: ErrorInfo[];
}

export interface LifelogQuery {
  /** "steps", "heart-rate", "blood-pressure-systolic", "blood-pressure-diastolic", "body-weight", "sleep", … */
  metric: string;
  /** RFC 3339 date-times. */
  from: string;
  to: string;
  /** A person's id from people(); absent: the account holder (whose wearables are imported). */
  person?: number;
}

export interface LifelogSample {
  metric: string;
  /** UTC, RFC 3339 ("2026-01-01T07:00:00Z"). */
  start: string;
  end: string;
  /** The UTC offset the source wrote, in minutes; null when it wrote none. */
  utcOffset: number | null;
  value: number;
  /** UCUM: "{steps}", "/min", "mm[Hg]", "kg", "min", "Cel", "%", "kcal". */
  unit: string;
  device: string;
  deviceKind: DeviceKind;
  detail: string;
  /** The file it came from. */
  source: string;
}

export interface LifelogSamples {
  samples: LifelogSample[];
}

export interface LifelogDaysQuery {
  metric: string;
  /** Local days, inclusive: "2026-01-01". */
  from?: string;
  to?: string;
  /** A person's id from people(); absent: the account holder. */
  person?: number;
}

/** One source's part of a merged day. */
export interface LifelogDaySource {
  device: string;
  kind: DeviceKind;
  /** Its contribution (cumulative) or the sum of its readings. */
  value: number;
  /** Cumulative metrics: the UTC spans it counted for. */
  ranges?: [string, string][];
  /** Readings: how many were its own. */
  readings?: number;
  /** Readings: other devices that recorded the same readings. */
  corroboratedBy?: string[];
  /** Sleep: minutes per stage ("deep", "light", "rem", "asleep" when the source gave none). */
  stages?: Record<string, number>;
}

export interface LifelogDay {
  day: string;
  /** Steps/distance/energy: the day's total; readings: their mean; sleep: minutes. */
  value: number;
  min: number | null;
  max: number | null;
  readings: number;
  /** "7,639 = Apple Watch 6,000 (07:00–19:00) + iPhone 1,639 (19:00–23:00)" */
  explanation: string;
  sources: LifelogDaySource[];
}

export interface LifelogDays {
  metric: string;
  days: LifelogDay[];
  weeks: { weekStart: string; value: number; days: number }[];
}

export interface LifelogExportQuery {
  /** Default: steps, heart-rate, sleep, body-weight, blood pressure. */
  metrics?: string[];
  from?: string;
  to?: string;
  /** "fhir": a collection Bundle of daily Observations (LOINC, UCUM); "openmhealth": data points. */
  format: 'fhir' | 'openmhealth';
  /** A person's id from people(); absent: the account holder. */
  person?: number;
}

export interface LifelogPriority {
  metric: string;
  /** Highest first. */
  order: DeviceKind[];
}

/** Where the session's vault stands. */
export interface VaultStatus {
  /** An encrypted vault exists in this storage. */
  exists: boolean;
  /** A vault is unlocked in this session. */
  open: boolean;
  /** The recovery key's public half (`age1…`), when a vault is open. */
  recoveryRecipient: string;
  /** The open vault's id (hex) and authenticated generation, which rises with every commit. */
  vaultId?: string;
  generation?: number;
}

/** What opening a vault tells: which vault, and how new the opened version is. */
export interface OpenedVault {
  /** The vault's random id (hex), stable across passphrase changes. */
  vaultId: string;
  /** The authenticated header generation: it rises with every commit. */
  generation: number;
  /**
   * Set when this session (in a browser: this browser) has seen a newer generation of the
   * same vault: the stored file was replaced with an older copy as a whole. Such a copy
   * is consistent, so it opens; the person should be told that recent records may be missing.
   */
  olderThanSeen?: { seen: number; opened: number };
}

/** Returned once when a vault is created: the person must save `recoveryKey`. */
export interface CreatedVault extends OpenedVault {
  /** `AGE-SECRET-KEY-1…`: unlocks the vault if the passphrase is lost. Never stored by Techo. */
  recoveryKey: string;
  recoveryRecipient: string;
}

/**
 * Argon2id cost of the passphrase (stored in the vault header). Default 3 passes over
 * 64 MiB; accepted: 2–8 passes over 19–256 MiB (`INVALID_ARGUMENT` otherwise).
 */
export interface KdfOptions {
  kdfOps?: number;
  kdfMemBytes?: number;
}

/** A passphrase change: the new Argon2id cost, and whether to replace the data key too. */
export interface ChangePassphraseOptions extends KdfOptions {
  /**
   * Also replace the data key and re-encrypt every page (takes about as long as reading
   * the whole vault), so a copy of the file kept from before the change, with the old
   * passphrase, opens nothing written after it. Default false: only the key wraps change.
   */
  rotateDataKey?: boolean;
}

/** How a backup is protected: a passphrase, or the vault's recovery key. */
export type BackupTo = { passphrase: string; scryptLogN?: number } | { recoveryKey: true };

/** What a restore brought back. */
export interface RestoreReport {
  resources: number;
  sources: number;
  lifelogSamples: number;
  contentSha256: string;
  /** Issuer keys the backup listed as trusted, now waiting for the person to confirm them. */
  pendingIssuers: number;
}

/** A new age key pair. Keep `identity` secret; share `recipient`. */
export interface GeneratedIdentity {
  identity: string;
  recipient: string;
}

/** Options for {@link openSession}. */
export interface OpenSessionOptions {
  /**
   * Run the core in a dedicated Worker (the default where `Worker` exists, i.e. browsers).
   * `false` runs it in the calling thread, which is what Node uses.
   */
  worker?: boolean;
  /**
   * Where an encrypted vault lives: `browser` keeps it in IndexedDB (persisted after every
   * committed change, one writing tab at a time); `memory` keeps nothing after the session
   * ends. Default: `browser` where IndexedDB exists, else `memory`.
   */
  storage?: 'browser' | 'memory';
  /**
   * The bytes of `techo_core.wasm`. Optional: by default the file next to the package's
   * module is used — read from disk under Node, fetched from the page's own origin in a
   * browser (bundlers such as Vite copy it into the build: it is referenced as
   * `new URL('./techo_core.wasm', import.meta.url)`, and exported as
   * `@techo/core/techo_core.wasm`).
   */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

/** An open connection to a vault. All methods are asynchronous and reject with {@link TechoError}. */
export interface Session {
  /**
   * The one import: reads a file piece by piece (1 MiB at a time) and tells what it is by
   * its structure ({@link FileFormat}): FHIR R4 JSON (a Bundle or one resource) or NDJSON,
   * Apple Health's export.xml, Open mHealth, Fitbit / Google Fit / Withings exports, the
   * lifelog CSV — any of them signed (a techo-envelope) or encrypted with age. An age file
   * needs `key` (without one: `NEEDS_KEY`); a key given for a plain file is unused. NDJSON
   * and Apple Health XML are stored as they arrive, so a large export does not need memory
   * of its size. Re-imported records are recognised, not duplicated. One transaction: a
   * cancel (`options.signal`) or an error stores nothing. A file Techo does not read is
   * `UNSUPPORTED`, with the formats it reads in the message; malformed JSON is
   * `MALFORMED_INPUT` with its line and column; `INVALID_SIGNATURE` when a signed record
   * does not verify (or is addressed to a key that is not the person's).
   */
  importFile(file: ByteSource, fileName: string, key?: DecryptKey, options?: JobOptions): Promise<AnyImportReport>;
  /** {@link Session.importFile} of bytes in memory, kept for callers of its first name. */
  importFhir(bytes: ArrayBuffer | Uint8Array, fileName: string): Promise<AnyImportReport>;
  /** {@link Session.importFile} with a key, kept for callers of its first name. */
  importEncrypted(file: ByteSource, fileName: string, key: DecryptKey, options?: JobOptions): Promise<AnyImportReport>;
  /**
   * What {@link Session.importFile} reads: the formats, the file name endings a file
   * picker should accept (`accept` attribute), and a sentence that says it to a person.
   */
  readableFormats(): Promise<ReadableFormats>;
  /** Decrypts and hashes without keeping or importing anything: checks that a file opens. */
  decryptDigest(file: ByteSource, key: DecryptKey, options?: JobOptions): Promise<DecryptDigest>;
  /** Encrypts to age; the result opens with the stock `age` CLI. */
  encrypt(data: ByteSource, to: EncryptTo, options?: JobOptions): Promise<Uint8Array>;
  /**
   * Trusts an issuer's Ed25519 key (base64) under a name. Sources signed by the key show
   * `verified` under this name, whatever name the signer writes into its envelopes.
   */
  addTrustedIssuer(publicKey: string, name: string): Promise<{ keyId: string }>;
  trustedIssuers(): Promise<TrustedIssuer[]>;
  /**
   * Issuer keys a restored backup listed as trusted. A backup is a file anyone can edit,
   * so none of them is trusted until the person confirms it.
   */
  pendingIssuers(): Promise<TrustedIssuer[]>;
  /**
   * Trusts a pending issuer under its listed name (or `name`). Rejects with
   * `INVALID_ARGUMENT` (path `keyId`) when no such key is pending.
   */
  confirmIssuer(keyId: string, name?: string): Promise<{ keyId: string }>;
  /** Forgets a pending issuer without trusting it. */
  dismissIssuer(keyId: string): Promise<void>;
  /** A fresh age key pair, generated inside the core. */
  generateIdentity(): Promise<GeneratedIdentity>;
  /** Counts per resource type, the people in the vault, and where everything came from. */
  summary(): Promise<Summary>;
  /** The records timeline, newest first, a page at a time. */
  records(query?: RecordQuery): Promise<RecordPage>;
  /** {@link Session.importFile} of bytes in memory, kept for callers of its first name. */
  importLifelog(bytes: ArrayBuffer | Uint8Array, fileName: string): Promise<AnyImportReport>;
  /** Stored samples of one metric overlapping a time range, oldest first. */
  lifelogSamples(query: LifelogQuery): Promise<LifelogSamples>;
  /** The merged lifelog of a metric per day (with explanations) and per week. */
  lifelogDays(query: LifelogDaysQuery): Promise<LifelogDays>;
  /**
   * The merged lifelog for others to read: FHIR Observations (a collection Bundle) or Open
   * mHealth data points, one per day and metric, each carrying where it came from.
   */
  exportLifelog(query: LifelogExportQuery): Promise<unknown>;
  /** The source priority of a metric, highest first. */
  lifelogPriority(metric: string): Promise<LifelogPriority>;
  /** Sets a metric's source priority; every day of it is merged again. */
  setLifelogPriority(metric: string, order: DeviceKind[]): Promise<{ daysRecomputed: number }>;
  /** The people the records are about, account holder first. */
  people(): Promise<{ people: Person[] }>;
  /** Current and past medications with prescriber, institution, pharmacy and origin. */
  medications(query?: ViewQuery): Promise<MedicationsView>;
  /** Results per analyte across years and institutions, with ranges and flags. */
  labs(query?: ViewQuery): Promise<LabsView>;
  /** 特定健診 results laid out as the result form. */
  checkups(query?: ViewQuery): Promise<CheckupsView>;
  /** Diagnoses, allergies, infections, contraindicated drugs, recent labs, prescriptions; documents. */
  ehrSummary(query?: ViewQuery): Promise<EhrSummaryView>;
  /** One document ({@link DocumentSummary.id}) section by section. */
  document(id: number): Promise<DocumentView>;
  /** Vaccinations per person. */
  immunizations(query?: ViewQuery): Promise<ImmunizationsView>;
  /** Duplicate ingredients across institutions and drugs matching drug allergies, with evidence. */
  safety(query?: ViewQuery): Promise<SafetyView>;
  /** The emergency summary: one card per person. */
  emergency(query?: ViewQuery): Promise<EmergencyView>;

  /** Whether a vault exists here and whether it is unlocked. */
  vaultStatus(): Promise<VaultStatus>;
  /**
   * Creates the encrypted vault and unlocks it; the in-memory records of the session are
   * dropped. Rejects when a vault already exists.
   */
  createVault(passphrase: string, options?: KdfOptions): Promise<CreatedVault>;
  /**
   * Unlocks with the passphrase (`WRONG_KEY` when it is wrong, `VAULT_BUSY` when another
   * tab has it open, `VAULT_CORRUPT` when the file fails authentication or mixes versions).
   */
  unlock(passphrase: string): Promise<OpenedVault>;
  /** Unlocks with the recovery key (`AGE-SECRET-KEY-1…`). */
  unlockWithRecovery(recoveryKey: string): Promise<OpenedVault>;
  /** Locks: closes the vault and wipes every key from memory. */
  lock(): Promise<void>;
  /**
   * Rewraps the data key under a new passphrase in both header slots, so no slot of the
   * stored file opens with the old one; with `rotateDataKey` every page is re-encrypted
   * under a new data key too.
   */
  changePassphrase(newPassphrase: string, options?: ChangePassphraseOptions): Promise<void>;
  /** The whole vault as an age file (a tar of manifest.json, records.fhir.json, …) that `age -d` opens. */
  exportBackup(to: BackupTo): Promise<Uint8Array>;
  /**
   * The encrypted vault file exactly as stored (ciphertext only: nothing in it is readable
   * without the passphrase or recovery key). Under Node, where the vault lives in memory,
   * this is how an app keeps it between runs; `INVALID_ARGUMENT` when there is none.
   */
  vaultFile(): Promise<Uint8Array>;
  /**
   * Puts a stored vault file in place (from `vaultFile()`), replacing the one here; refused
   * while a vault is unlocked. Nothing is checked until `unlock()`, which authenticates it.
   */
  replaceVaultFile(bytes: Uint8Array): Promise<void>;
  /**
   * Restores a backup into the open vault, which must be empty. Every part must be listed
   * in the backup's manifest and match its SHA-256 (`MALFORMED_INPUT` naming the part).
   * Nothing the file cannot prove is believed: sources come back `unsigned` (their
   * signatures cannot be checked again) and trusted issuers as {@link pendingIssuers}.
   */
  restoreBackup(file: ByteSource, key: DecryptKey, options?: JobOptions): Promise<RestoreReport>;
  /** Frees the core's memory (and ends the Worker). The session cannot be used afterwards. */
  close(): Promise<void>;
}

/** Loads the core and opens an in-memory vault. */
export declare function openSession(options?: OpenSessionOptions): Promise<Session>;
