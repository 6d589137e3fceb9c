// The encrypted vault and the session's options.
import type { openSession } from './session.js';

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
  /**
   * The authenticated header generation as the file had it when unlocked: it rises with
   * every commit, the unlock's own disclosure-log entry included ({@link VaultStatus}
   * then names one higher).
   */
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
  /** The vault's schema version (its tables), for support and migrations. */
  schemaVersion: number;
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
