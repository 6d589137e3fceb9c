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
