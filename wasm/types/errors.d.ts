// Errors: every failure is a TechoError with a stable code.
import type { ReadAs } from './imports.js';

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
  /** The grant's time is over, or a once grant has been used: no package can be made from it, and a receiver must not open it. */
  | 'GRANT_EXPIRED'
  /** The person revoked the grant. Data already shared cannot be recalled; no new package is made. */
  | 'GRANT_REVOKED'
  /** A resource outside the grant's categories, data period or person. */
  | 'OUT_OF_SCOPE'
  /** The person opted out of research use of their record (次世代医療基盤法 opt-out): no research grant and no research package. */
  | 'OPTED_OUT'
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
