// Trusted issuers and the records timeline.
import type { SourceSummary } from './imports.js';
import type { Session } from './session.js';
import type { Person } from './views.js';

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
  | 'procedure' | 'encounter' | 'report' | 'document' | 'care-plan' | 'goal' | 'coverage'
  /** Implants and devices, emergency contacts (RelatedPerson) and advance directives (Consent). */
  | 'device' | 'contact' | 'consent';

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
