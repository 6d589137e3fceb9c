// Messages between a page and the Worker that runs the core. Requests are answered in
// order, one response per request id, with any number of progress messages before it.
// Only plain data crosses (a Blob crosses by reference): errors travel as ErrorInfo.
import type * as Api from '../types/index.js';

export type Call =
  | { method: 'importFhir'; bytes: ArrayBuffer | Uint8Array; fileName: string }
  | { method: 'importEncrypted'; source: Api.ByteSource; fileName: string; key: Api.DecryptKey }
  | { method: 'importFile'; source: Api.ByteSource; fileName: string; key?: Api.DecryptKey }
  | { method: 'decryptDigest'; source: Api.ByteSource; key: Api.DecryptKey }
  | { method: 'encrypt'; source: Api.ByteSource; to: Api.EncryptTo }
  | { method: 'addTrustedIssuer'; publicKey: string; name: string }
  | { method: 'trustedIssuers' }
  | { method: 'pendingIssuers' }
  | { method: 'confirmIssuer'; keyId: string; name?: string }
  | { method: 'dismissIssuer'; keyId: string }
  | { method: 'generateIdentity' }
  | { method: 'summary' }
  | { method: 'records'; query: Api.RecordQuery }
  | { method: 'view'; name: ViewName; query: Api.ViewQuery & { id?: number } }
  | { method: 'importLifelog'; bytes: ArrayBuffer | Uint8Array; fileName: string }
  | { method: 'lifelogSamples'; query: Api.LifelogQuery }
  | { method: 'lifelogDays'; query: Api.LifelogDaysQuery }
  | { method: 'lifelogPriority'; metric: string }
  | { method: 'exportLifelog'; query: Api.LifelogExportQuery }
  | { method: 'setLifelogPriority'; metric: string; order: Api.DeviceKind[] }
  | { method: 'vaultStatus' }
  | { method: 'createVault'; passphrase: string; options: Api.KdfOptions }
  | { method: 'unlock'; passphrase: string }
  | { method: 'unlockWithRecovery'; recoveryKey: string }
  | { method: 'lock' }
  | { method: 'changePassphrase'; passphrase: string; options: Api.ChangePassphraseOptions }
  | { method: 'exportBackup'; to: Api.BackupTo }
  | { method: 'restoreBackup'; source: Api.ByteSource; key: Api.DecryptKey }
  | { method: 'vaultFile' }
  | { method: 'replaceVaultFile'; bytes: Uint8Array }
  | { method: 'close' };

/**
 * The calls that may run after the session ended (SESSION_ENDED): they start a fresh
 * instance (unlocking or creating is how a person goes on) or need none (lock, close).
 */
export const AFTER_END: ReadonlySet<Call['method']> = new Set([
  'vaultStatus', 'createVault', 'unlock', 'unlockWithRecovery', 'vaultFile', 'replaceVaultFile', 'lock', 'close',
]);

/** The views the core computes (Session::view). */
export type ViewName =
  | 'people' | 'medications' | 'labs' | 'checkups' | 'ehr-summary' | 'document' | 'immunizations' | 'safety' | 'emergency';

export type Request =
  | ({ id: number } & Call)
  | { id: number; method: 'init'; wasmBinary?: ArrayBuffer | Uint8Array; storage?: 'browser' | 'memory'; vaultFiles?: Record<string, Uint8Array> }
  /** Answered from JS alone: the vault files as of the last commit (memory storage), before the Worker is discarded. */
  | { id: number; method: 'handover' }
  /** Handled at once, not queued: stops the running request `target` between pieces. */
  | { id: number; method: 'cancel'; target: number };

export type Response = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: Api.ErrorInfo };
export type ProgressMessage = { id: number; progress: Api.Progress };
export type WorkerMessage = Response | ProgressMessage;
