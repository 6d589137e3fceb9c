// Every public Session method, declared once. The public signature is in types/ (the
// Session interface); this table says how each reaches the core, and everything else —
// the Session class's methods, the Worker protocol, the dispatch in the Worker — is made
// from it. Adding a method: its handler in the core (core/src/api_methods_*.cpp), its row
// here, its signature in types/.
import type * as Api from '../types/index.js';

/** A public method's name. */
export type MethodName = keyof Api.Session;
/** Its arguments as the caller passes them, and its reply. */
export type MethodArgs<K extends MethodName> = Parameters<Api.Session[K]>;
export type MethodReply<K extends MethodName> = Awaited<ReturnType<Api.Session[K]>>;

/**
 * How one method reaches the core:
 *  - `params`: the names of its positional arguments; a table method of the core
 *    (Session::call) receives them as one object under these names;
 *  - `job`: run by Core itself (bytes, streams, the vault file's lifecycle): the name of
 *    Core's method, which takes the same arguments;
 *  - `jobOptions`: the position of a {@link Api.JobOptions} argument (progress, cancel),
 *    which stays with the caller and never crosses to the Worker;
 *  - `afterEnd`: may run after the session ended (SESSION_ENDED): unlocking or creating
 *    starts a fresh instance, the rest need none.
 */
export interface MethodSpec {
  readonly params: readonly string[];
  readonly job?: CoreJob;
  readonly jobOptions?: number;
  readonly afterEnd?: boolean;
  /** The public method answers nothing (`Promise<void>`), whatever the core replies. */
  readonly void?: boolean;
}

/** The methods Core implements in TypeScript (see core.ts). */
export type CoreJob =
  | 'importFile' | 'decryptDigest' | 'encrypt' | 'vaultStatus' | 'createVault' | 'unlock' | 'unlockWithRecovery'
  | 'lock' | 'changePassphrase' | 'exportBackup' | 'vaultFile' | 'replaceVaultFile' | 'restoreBackup' | 'close'
  | 'sharePackage' | 'handOver' | 'verifySharePackage';

const table = <T extends Record<MethodName, MethodSpec>>(t: T) => t;

export const METHODS = table({
  // One import path: every entry point is importFile.
  importFile: { params: ['file', 'fileName', 'key'], job: 'importFile', jobOptions: 3 },
  importFhir: { params: ['file', 'fileName'], job: 'importFile' },
  importLifelog: { params: ['file', 'fileName'], job: 'importFile' },
  importEncrypted: { params: ['file', 'fileName', 'key'], job: 'importFile', jobOptions: 3 },
  decryptDigest: { params: ['file', 'key'], job: 'decryptDigest', jobOptions: 2 },
  encrypt: { params: ['data', 'to'], job: 'encrypt', jobOptions: 2 },
  readableFormats: { params: [] },

  addTrustedIssuer: { params: ['publicKey', 'name'] },
  trustedIssuers: { params: [] },
  pendingIssuers: { params: [] },
  confirmIssuer: { params: ['keyId', 'name'] },
  dismissIssuer: { params: ['keyId'], void: true },
  generateIdentity: { params: [] },

  summary: { params: [] },
  records: { params: ['query'] },
  people: { params: [] },
  addPerson: { params: ['person'] },
  profileKeys: { params: ['query'] },
  setRelationship: { params: ['request'] },
  createGrant: { params: ['request'] },
  grants: { params: ['query'] },
  grantAsFhirConsent: { params: ['id'] },
  revokeGrant: { params: ['id'] },
  sharePackage: { params: ['id'], job: 'sharePackage' },
  verifySharePackage: { params: ['file', 'options'], job: 'verifySharePackage' },
  consentSettings: { params: [] },
  setResearchOptOut: { params: ['optedOut'] },
  setHandOverAge: { params: ['age'] },
  handOver: { params: ['request'], job: 'handOver' },
  auditLog: { params: ['query'] },
  verifyAuditLog: { params: [] },
  medications: { params: ['query'] },
  exportMedicationNotebook: { params: ['query'] },
  pendingNotebookParts: { params: [] },
  labs: { params: ['query'] },
  checkups: { params: ['query'] },
  ehrSummary: { params: ['query'] },
  document: { params: ['id'] },
  immunizations: { params: ['query'] },
  safety: { params: ['query'] },
  emergency: { params: ['query'] },
  visits: { params: ['query'] },
  coverages: { params: ['query'] },
  growth: { params: ['query'] },
  saveEmergencyInfo: { params: ['person', 'info'] },

  forecastVaccinations: { params: ['request'] },
  vaccinations: { params: ['query'] },
  recordVaccination: { params: ['dose'] },
  vaccinationCalendar: { params: ['query'] },

  lifelogSamples: { params: ['query'] },
  lifelogDays: { params: ['query'] },
  exportLifelog: { params: ['query'] },
  lifelogPriority: { params: ['metric'] },
  setLifelogPriority: { params: ['metric', 'order'] },

  vaultStatus: { params: [], job: 'vaultStatus', afterEnd: true },
  createVault: { params: ['passphrase', 'options'], job: 'createVault', afterEnd: true },
  unlock: { params: ['passphrase'], job: 'unlock', afterEnd: true },
  unlockWithRecovery: { params: ['recoveryKey'], job: 'unlockWithRecovery', afterEnd: true },
  lock: { params: [], job: 'lock', afterEnd: true, void: true },
  changePassphrase: { params: ['passphrase', 'options'], job: 'changePassphrase', void: true },
  exportBackup: { params: ['to'], job: 'exportBackup' },
  vaultFile: { params: [], job: 'vaultFile', afterEnd: true },
  replaceVaultFile: { params: ['bytes'], job: 'replaceVaultFile', afterEnd: true, void: true },
  restoreBackup: { params: ['file', 'key'], job: 'restoreBackup', jobOptions: 2 },
  close: { params: [], job: 'close', afterEnd: true, void: true },
});

export function specOf(method: string): MethodSpec | undefined {
  return Object.prototype.hasOwnProperty.call(METHODS, method) ? (METHODS as Record<string, MethodSpec>)[method] : undefined;
}

/** A table method's arguments as the core reads them: one object, by name; absent ones left out. */
export function namedArgs(spec: MethodSpec, args: readonly unknown[]): Record<string, unknown> {
  const named: Record<string, unknown> = {};
  spec.params.forEach((name, i) => {
    if (args[i] !== undefined) named[name] = args[i];
  });
  return named;
}
