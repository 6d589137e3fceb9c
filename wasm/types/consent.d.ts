// Consent: what a person holds to decide who sees their record — each person's own keys,
// the relationship the person sets, grants signed by the person, share packages that hold
// exactly what a grant covers, revocation, the research opt-out, a child's hand-over, and
// the receiving side's verifier.
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

/** Why data is shared. `research` packages are pseudonymised; the research opt-out blocks them. */
export type GrantPurpose = 'treatment' | 'emergency' | 'research' | 'app';

/**
 * What a grant can name: the categories a person recognises, the six EHR items among them
 * (`diagnoses`, `allergies`, `infections`, `contraindications`, `lab-results`,
 * `prescriptions`), `emergency-summary` (what the emergency view shows), and a lifelog
 * metric as `lifelog:<metric>` (`lifelog:steps`).
 */
export type GrantCategory =
  | 'medications' | 'checkups' | 'labs'
  | 'diagnoses' | 'allergies' | 'infections' | 'contraindications' | 'lab-results' | 'prescriptions'
  | 'documents' | 'vaccinations' | 'emergency-summary'
  | `lifelog:${string}`;

/** Whom a grant shares with. */
export interface GrantGrantee {
  /** As the person knows them: "さくら内科クリニック". */
  name: string;
  /** Their age X25519 public key (`age1…`): the package is encrypted to it. */
  recipient: string;
  /** Optional: their Ed25519 public key (base64), recorded in the grant. */
  signingKey?: string;
}

/** A grant the person makes ({@link Session.createGrant}). */
export interface GrantRequest {
  /** {@link Person.id}: whose record (one person). */
  person: number;
  grantee: GrantGrantee;
  purpose: GrantPurpose;
  categories: GrantCategory[];
  /** Optional FHIR resource types shared besides the categories. */
  resourceTypes?: string[];
  /** The data's days, inclusive (YYYY-MM-DD); either end may be left open. A bounded period leaves undated records out. */
  dataPeriod?: { start?: string; end?: string };
  /**
   * When the grant ends (UTC, `2026-12-02T10:00:00Z`). Default by purpose: treatment 24
   * hours, emergency 72 hours, app 90 days, research 365 days; a proxy 365 days, and never
   * past the child's hand-over age.
   */
  expires?: string;
  /** `once`: one package (default for treatment and emergency); `continuing`: a package whenever asked, until it expires. */
  use?: 'once' | 'continuing';
  /** A second guardian's continuing share of a child's record. */
  proxy?: boolean;
}

/** A grant's state now. `used`: a once grant whose package was made. */
export type GrantStatus = 'active' | 'expired' | 'revoked' | 'used';

/** A grant as the vault keeps it, with the signed form it came from. */
export interface Grant {
  /** 32 hex digits. */
  id: string;
  /** {@link Person.id}. */
  person: number;
  personName: string;
  purpose: GrantPurpose | 'hand-over';
  grantee: GrantGrantee;
  categories: GrantCategory[];
  resourceTypes: string[];
  dataPeriod: { start?: string; end?: string };
  issued: string;
  expires: string;
  use: 'once' | 'continuing';
  proxy: boolean;
  status: GrantStatus;
  /** Share packages made from it. */
  packages: number;
  /** When the latest was made; "" when never. */
  lastSharedAt: string;
  revokedAt?: string;
  /** The grant as the person signed it (`techo-consent-grant/v1`, Ed25519 over its RFC 8785 form). */
  signed: Record<string, unknown>;
  /** The signed revocation (`techo-consent-revocation/v1`), when revoked: what a receiver is told. */
  revocation?: Record<string, unknown>;
}

/** {@link Session.grants}. */
export interface GrantsQuery {
  /** {@link Person.id}; absent or 0: everyone's. */
  person?: number;
}

/** A share package, made by {@link Session.sharePackage}. */
export interface SharePackageFile {
  /** The age file to the grantee. */
  file: Uint8Array;
  /** Bundle entries, the person's Patients and what the records refer to included. */
  resources: number;
  /** SHA-256 of the file (hex), as the disclosure log records it. */
  sha256: string;
  pseudonymised: boolean;
}

/** The person's consent settings. */
export interface ConsentSettings {
  /** The person's 拒否 of research use (次世代医療基盤法's opt-out): blocks every research grant and package. */
  researchOptOut: boolean;
  /** When it last changed; "" when never. */
  researchOptOutChangedAt: string;
  /** The age at which a child's record is offered for hand-over (default 15). */
  handOverAge: number;
}

/** {@link Session.handOver}. */
export interface HandOverRequest {
  /** {@link Person.id}: the child. */
  person: number;
  /** The child's own age key (`age1…`), made on their own device. */
  recipient: string;
}

/** A child's record, handed over. */
export interface HandOverResult {
  /** A share package (purpose `hand-over`) to the child's key, with their whole record. */
  file: Uint8Array;
  resources: number;
  /** Grants of the child's record that were still active, now revoked. */
  grantsEnded: number;
  handedOverAt: string;
}

/** What the receiver knows, for {@link verifySharePackage}. */
export interface VerifyPackageOptions {
  /** The grantee's identity file text (`AGE-SECRET-KEY-1…`). */
  identity: string;
  /** Signed revocations the receiver knows of ({@link Grant.revocation}). */
  revocations?: Array<Record<string, unknown> | string>;
  /** The time to judge expiry at (UTC); default: now. */
  now?: string;
}

/** One problem a package has; any problem means no record is handed out. */
export interface PackageProblem {
  /** `GRANT_EXPIRED`, `GRANT_REVOKED`, `OUT_OF_SCOPE`, `INVALID_SIGNATURE`, `MALFORMED_INPUT`, `AGE_NO_MATCH`, … */
  code: import('./errors.js').ErrorCode;
  message: string;
  /** Where: `records.fhir.json: Bundle.entry[3]`, `grant.expires`, `manifest.json.signature`. */
  path: string;
}

/** What the verifier found. */
export interface PackageVerification {
  /** Every check passed: the grant's and the manifest's signatures, time, revocation, each resource's digest, scope, period and person. */
  ok: boolean;
  /** The signed grant, when its signature verified (also when another check failed). */
  grant: Record<string, unknown> | null;
  manifest: Record<string, unknown> | null;
  /** The records (a FHIR R4 collection Bundle): only when `ok`. */
  bundle: { resourceType: 'Bundle'; type: 'collection'; timestamp: string; entry: Array<{ fullUrl: string; resource: Record<string, unknown> }> } | null;
  resources: number;
  problems: PackageProblem[];
}

/**
 * Checks a share package as its receiver (a clinic, an app): no vault and no session
 * needed. Never throws on a bad package: every problem is in the answer.
 */
export declare function verifySharePackage(file: Uint8Array | ArrayBuffer, options: VerifyPackageOptions): Promise<PackageVerification>;
