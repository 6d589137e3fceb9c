// Sources and imports: what a file was read as, where it came from, what was stored.
import type { ErrorInfo } from './errors.js';
import type { LifelogImportReport } from './lifelog.js';
import type { RecordQuery } from './records.js';
import type { Session } from './session.js';

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
/** FHIR JSON or NDJSON, or a JAHIS お薬手帳 text (`jahis-tc`) read into FHIR resources. */
export type FhirFormat = 'fhir' | 'fhir-ndjson' | 'jahis-tc';
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
   * YJ or 一般名処方 code), each with the rule and the path. For a お薬手帳 text: each record
   * of a type Techo does not read (kept as written, with its line).
   */
  flagged: ErrorInfo[];
  /** A お薬手帳 (JAHIS TC) text: what it held. */
  notebook?: NotebookRead;
  /**
   * One part of a お薬手帳 split over several QR codes (record 911). Until `complete`,
   * nothing is imported: the parts read so far are held, encrypted in the vault, and the
   * last one to arrive (in any order) imports them all as one.
   */
  parts?: NotebookPartsRead;
}

/** {@link ImportReport.notebook}. */
export interface NotebookRead {
  /** `JAHISTC01` … `JAHISTC08` (Ver.1.0 … 2.6). */
  version: string;
  /** 出力区分: 1 from a pharmacy or clinic, 2 from the person. */
  outputCategory: 1 | 2;
  /** Dispensing blocks (record 5). */
  blocks: number;
  /** Drug records (201). */
  drugs: number;
}

/** {@link ImportReport.parts}: "2 of 3 parts read". */
export interface NotebookPartsRead {
  dataId: string;
  read: number;
  total: number;
  /** Part numbers not yet read. */
  missing: number[];
  complete: boolean;
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

/** What {@link Session.importFile} takes: bytes, or text (encoded as UTF-8), e.g. a pasted お薬手帳. */
export type ImportSource = ByteSource | string;

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
