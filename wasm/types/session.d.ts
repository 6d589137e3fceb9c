// The Session: every method of the public API.
import type { AuditLogPage, AuditLogQuery, AuditVerification, ConsentSettings, Grant, GrantRequest, GrantsQuery, HandOverRequest, HandOverResult, PackageVerification, ProfileKeys, ProfileKeysQuery, SetRelationship, SharePackageFile, VerifyPackageOptions } from './consent.js';
import type { TechoError } from './errors.js';
import type { AnyImportReport, ByteSource, DecryptDigest, DecryptKey, EncryptTo, FileFormat, ImportSource, JobOptions, ReadableFormats, Summary } from './imports.js';
import type { MedicationNotebookExport, PendingNotebookParts } from './okusuri.js';
import type { DeviceKind, LifelogDays, LifelogDaysQuery, LifelogExportQuery, LifelogPriority, LifelogQuery, LifelogSamples } from './lifelog.js';
import type { RecordPage, RecordQuery, TrustedIssuer } from './records.js';
import type { BackupTo, ChangePassphraseOptions, CreatedVault, GeneratedIdentity, KdfOptions, OpenSessionOptions, OpenedVault, RestoreReport, VaultStatus } from './vault.js';
import type { NewPerson, ForecastRequest, RecordVaccination, RecordedVaccination, VaccinationCalendar, VaccinationForecast, VaccinationsQuery, VaccinationsView } from './vaccinations.js';
import type { CheckupsView, CoveragesView, DocumentSummary, DocumentView, EhrSummaryView, EmergencyCard, EmergencyInfo, EmergencyView, GrowthView, ImmunizationsView, LabsView, MedicationsView, Person, SafetyView, ViewQuery, VisitsView } from './views.js';

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
  importFile(file: ImportSource, fileName: string, key?: DecryptKey, options?: JobOptions): Promise<AnyImportReport>;
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
  /**
   * The person's current medicines as a お薬手帳 (JAHIS TC text, 出力区分 2) to show at a
   * clinic or pharmacy: the text, and what each QR code holds (several, with record 911,
   * when long). `INVALID_ARGUMENT` when the vault holds several people and none is named.
   */
  exportMedicationNotebook(query?: ViewQuery): Promise<MedicationNotebookExport>;
  /** お薬手帳 split over several QR codes whose parts are still awaited (held in the vault). */
  pendingNotebookParts(): Promise<PendingNotebookParts[]>;
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
  /** Visits (Encounter: outpatient, inpatient, emergency) and operations (Procedure), newest first, per person. */
  visits(query?: ViewQuery): Promise<VisitsView>;
  /** Insurance and public-expense cards (Coverage) per person, the person's numbers also masked. */
  coverages(query?: ViewQuery): Promise<CoveragesView>;
  /** A child's growth (height, weight, head circumference, BMI over age) and checkup findings, per person. */
  growth(query?: ViewQuery): Promise<GrowthView>;
  /**
   * Saves one person's emergency contacts and care wishes, entered by them: FHIR
   * RelatedPerson and advance-directive Consent resources of that person, stored in one
   * transaction under a source of their own, so they are in backups and in emergency
   * share packages like any record. Saving again replaces the earlier entries (kept in
   * the vault's history). `INVALID_ARGUMENT` naming the field (`info.wishes.cpr`,
   * `info.contacts[0].name`, `person`) stores nothing. Answers the person's card as it now reads.
   */
  saveEmergencyInfo(person: number, info: EmergencyInfo): Promise<EmergencyCard>;

  /**
   * Adds a person by hand (a newborn before any clinic record): a FHIR Patient under its
   * own source, one person with every later record that names the same name and birth date.
   */
  addPerson(person: NewPerson): Promise<Person>;
  /**
   * The public parts of a person's own keys (an Ed25519 signing key and an age X25519
   * key), made inside the core on the first request and never changed; the secret parts
   * never leave it. Needs an encrypted vault (`UNSUPPORTED` before
   * {@link Session.createVault} or {@link Session.unlock}: secret keys are never kept in a
   * plain or in-memory database). `INVALID_ARGUMENT` with path `query.person` for a
   * person the vault does not have.
   */
  profileKeys(query: ProfileKeysQuery): Promise<ProfileKeys>;
  /**
   * Sets how a person relates to the account holder. The choice wins over the guess from
   * birth years and persists; the reply is the person as {@link Session.people} lists
   * them now. `INVALID_ARGUMENT` with path `request.relationship` for a value outside
   * the union (or `self` for anyone but the account holder, or another value for them),
   * `request.person` for a person the vault does not have.
   */
  setRelationship(request: SetRelationship): Promise<Person>;
  /**
   * Signs and stores a grant of one person's record with that person's key: who
   * (`grantee`, with the `age1…` key the package is encrypted to), why, which categories,
   * which days of data, until when, once or continuing. Encrypted vaults only.
   * `INVALID_ARGUMENT` names the field (`request.grantee.recipient`,
   * `request.scope.categories[1]`, `request.expires`); `OPTED_OUT` for research while the
   * person opted out. Logged.
   */
  createGrant(request: GrantRequest): Promise<Grant>;
  /** The grants, newest first, each with its status now. */
  grants(query?: GrantsQuery): Promise<{ grants: Grant[] }>;
  /** A grant as a FHIR R4 Consent in the shape of IHE ITI PCF, the signed grant inside (`sourceAttachment`). */
  grantAsFhirConsent(id: string): Promise<Record<string, unknown>>;
  /**
   * Revokes a grant with a signed revocation: no package is made from it again. Data
   * already shared cannot be recalled; give the receiver {@link Grant.revocation} so their
   * verifier refuses what they hold. Revoking twice changes nothing. Logged.
   */
  revokeGrant(id: string): Promise<Grant>;
  /**
   * The share package of a grant: an age file to the grantee holding the signed grant, a
   * FHIR Bundle of exactly the in-scope records of that person (pseudonymised for
   * research), and a signed manifest of per-resource digests. `GRANT_EXPIRED` (also a once
   * grant already used), `GRANT_REVOKED`, `OPTED_OUT`. Logged with what it held.
   */
  sharePackage(id: string): Promise<SharePackageFile>;
  /** {@link verifySharePackage}, from a session. */
  verifySharePackage(file: Uint8Array | ArrayBuffer, options: VerifyPackageOptions): Promise<PackageVerification>;
  /** The research opt-out and the hand-over age. */
  consentSettings(): Promise<ConsentSettings>;
  /** Turns the research opt-out on or off; every change is logged. */
  setResearchOptOut(optedOut: boolean): Promise<ConsentSettings>;
  /** The age (10 to 20) at which a child's record is offered for hand-over. */
  setHandOverAge(age: number): Promise<ConsentSettings>;
  /**
   * Hands a child's record over to a key the child holds: their whole record as a package
   * to it, every grant of it ended (revoked), the profile marked handed over so no new
   * grant of it can be made — one transaction, logged.
   */
  handOver(request: HandOverRequest): Promise<HandOverResult>;
  /**
   * The disclosure log, newest first, a page at a time: every unlock (and the wrong keys
   * tried before it in this session), import, export, backup, restore, passphrase change
   * and, with the grants, every grant, revocation, package and hand-over.
   * `INVALID_ARGUMENT` with path `query.limit` outside 1..1000.
   */
  auditLog(query?: AuditLogQuery): Promise<AuditLogPage>;
  /**
   * Checks the whole disclosure log: its hash chain, the signed checkpoints, and (in an
   * encrypted vault) the head the authenticated header holds. Finds any entry edited,
   * deleted, reordered or cut from the end; damage is the answer, never an error.
   */
  verifyAuditLog(): Promise<AuditVerification>;
  /**
   * The vaccination forecast for any child, without a vault: per series of Japan's
   * schedule, each dose judged by the rules in force on its day (valid, or why not, with
   * the rule and its source), the next dose's earliest valid day, recommended window and
   * the end of the free window. `INVALID_ARGUMENT` names a wrong field
   * (`request.doses[2].product`).
   */
  forecastVaccinations(request: ForecastRequest): Promise<VaccinationForecast>;
  /** The same from the vault: each person's (or one person's) Immunization records. */
  vaccinations(query: VaccinationsQuery): Promise<VaccinationsView>;
  /**
   * Records a dose given, as a FHIR Immunization about that person (its own source, one
   * transaction; in backups and exports like any record).
   */
  recordVaccination(dose: RecordVaccination): Promise<RecordedVaccination>;
  /** Upcoming doses as an iCalendar file (stable UIDs per child, series and dose). */
  vaccinationCalendar(query: VaccinationsQuery): Promise<VaccinationCalendar>;

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
