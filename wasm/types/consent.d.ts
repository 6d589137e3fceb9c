// Consent: what a person holds to decide who sees their record. So far each person's own
// keys and the relationship the person sets; grants, share packages, revocation and the
// disclosure log build on them. Not yet: the public parts as a QR code (issue 14 asks for
// a well-kept library rather than a hand-written encoder; it belongs to the page).
import type { Person } from './views.js';

/** How a person in the vault relates to the account holder, as the account holder says. */
export type Relationship = Person['relationship'];

/** Whose keys {@link Session.profileKeys} answers. */
export interface ProfileKeysQuery {
  /** {@link Person.id}. */
  person: number;
}

/**
 * The public parts of a person's own keys, made inside the core the first time they are
 * asked for and the same ever after (across locks, passphrase changes and data-key
 * rotations). The secret parts never leave the core.
 */
export interface ProfileKeys {
  /** {@link Person.id}. */
  person: number;
  /**
   * The Ed25519 public key that verifies what this person signs (their consent grants),
   * 32 bytes in standard base64 with padding — the form {@link Session.addTrustedIssuer}
   * takes.
   */
  signingPublicKey: string;
  /** `ed25519:` and 32 hex digits: the first 16 bytes of SHA-256 of the signing key, as issuers' key ids are. */
  keyId: string;
  /** The age X25519 recipient (`age1…`) to encrypt to this person: what is shared with them, or handed over. */
  ageRecipient: string;
  /** When the keys were made (RFC 3339, UTC). */
  createdAt: string;
}

/** A relationship the account holder sets for a person ({@link Session.setRelationship}). */
export interface SetRelationship {
  /** {@link Person.id}. */
  person: number;
  /**
   * `child`, `dependent` or `other` for a family member; `self` only for the account
   * holder, who stays `self` (moving the account holder is not supported yet).
   */
  relationship: Relationship;
}

// ---- the disclosure log --------------------------------------------------------------

/** Which page of the disclosure log {@link Session.auditLog} answers. */
export interface AuditLogQuery {
  /** Entries per page, 1 to 1000; default 50. */
  limit?: number;
  /** {@link AuditLogPage.nextCursor} of the previous page; absent (or 0) for the newest. */
  cursor?: number;
}

/**
 * What an entry records. `unlock_failed`: a wrong passphrase or recovery key, logged at the
 * next successful unlock of the vault in the same session (a locked vault cannot be
 * written; attempts in a session that never unlocks it are not logged). The consent
 * actions (`grant`, `revoke`, `package`, `hand_over`, `research_opt_out`) come with the
 * grants.
 */
export type AuditAction =
  | 'create'
  | 'unlock'
  | 'unlock_failed'
  | 'import'
  | 'export'
  | 'backup'
  | 'restore'
  | 'passphrase_change'
  | 'grant'
  | 'revoke'
  | 'package'
  | 'hand_over'
  | 'research_opt_out';

/** One entry of the disclosure log: who received what, when. */
export interface AuditEntry {
  /** Its place in the log, from 1. */
  seq: number;
  /** When (RFC 3339, UTC, milliseconds); a failed unlock keeps the time it was tried. */
  at: string;
  action: AuditAction;
  /** Whose record ({@link Person.id}); 0 for the whole vault. */
  person: number;
  /** The consent grant it concerns; 0 for none. */
  grantId: number;
  /**
   * What a person reads, by action: `unlock` / `unlock_failed` `{method: 'passphrase' |
   * 'recovery'}`; `import` `{source, kind: 'records' | 'lifelog', verification, resources,
   * byType, updated, unchanged, skipped}` or `{source, kind, format, verification,
   * samples, byMetric, duplicates, skipped}`; `export` `{what, format, metrics, from, to,
   * days}`; `backup` `{resources, sources, lifelogSamples, archiveBytes}`; `restore`
   * `{resources, sources, lifelogSamples, pendingIssuers, contentSha256}`;
   * `passphrase_change` `{rotatedDataKey}`.
   */
  detail: { [key: string]: unknown };
  /**
   * The entry hash (64 hex digits): BLAKE2b-256 of the RFC 8785 canonical JSON of
   * `{seq, at, action, person, grantId, detail, prev}`, `prev` the previous entry's hash
   * (64 zeros for the first).
   */
  hash: string;
}

/** A page of the disclosure log, newest first. */
export interface AuditLogPage {
  entries: AuditEntry[];
  /** Pass as {@link AuditLogQuery.cursor} for the next (older) page; `null` when there is none. */
  nextCursor: number | null;
}

/**
 * What {@link Session.verifyAuditLog} found: `edited` (an entry no longer matches its
 * hash, or is not the one the next was chained to), `deleted` (a gap), `reordered` (an
 * intact entry shown at another place than it was written at), `truncated` (entries cut
 * from the end: the vault header or a signed checkpoint names more), `unbound` (an entry
 * Techo did not write: beyond the header's head, or a second one at a place),
 * `bad_signature` (a checkpoint whose signature fails or whose key is not this vault's),
 * `checkpoint_missing` (the checkpoint the header names is gone).
 */
export type AuditProblemKind =
  | 'edited'
  | 'deleted'
  | 'reordered'
  | 'truncated'
  | 'unbound'
  | 'bad_signature'
  | 'checkpoint_missing';

export interface AuditProblem {
  /** The entry (or checkpoint) where it starts. */
  seq: number;
  kind: AuditProblemKind;
  message: string;
}

/** The disclosure log checked end to end ({@link Session.verifyAuditLog}). */
export interface AuditVerification {
  /** No problem found. */
  ok: boolean;
  /** Entries in the log. */
  entries: number;
  /** Signed checkpoints (one at each unlock and every 256 entries, once the vault has an account holder). */
  checkpoints: number;
  /**
   * The log's head is held by the vault's authenticated header, so entries cut from the
   * end are found. `false` for an unencrypted (in-memory) database: hash-chained only.
   */
  bound: boolean;
  /** The newest entry a valid checkpoint signed; 0: unsigned so far (no account holder yet, or unencrypted). */
  signedThrough: number;
  problems: AuditProblem[];
}
