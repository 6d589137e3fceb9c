// The core in the calling thread: loads the wasm module and turns each JSON envelope the
// C++ facade returns into a value or a thrown TechoError. Long operations read their
// input piece by piece and report progress between pieces; the core is never re-entered.
import type * as Api from '../types/index.js';
import { TechoError } from './errors.js';
import createTechoModule, { type RawDecryptJob, type RawSession, type TechoModule } from './techo_core.mjs';
import { BrowserGenerationMemory, ProcessGenerationMemory, type GenerationMemory } from './generation-memory.js';
import { acquireWriterLock, type ReleaseLock } from './writer-lock.js';
import type { ViewName } from './protocol.js';

/** Where the vault file lives inside the module's file system (persisted from /vault). */
const VAULT_DIR = '/vault';
const VAULT_PATH = `${VAULT_DIR}/techo.vault`;
export type Storage = 'browser' | 'memory';

type Envelope = { ok: true; value: unknown } | { ok: false; error: Api.ErrorInfo };

/** Bytes handed to the core per call: large enough to amortize the call, small enough to bound memory. */
export const PIECE_BYTES = 1 << 20;

function unwrap<T>(reply: string): T {
  const envelope = JSON.parse(reply) as Envelope;
  if (!envelope.ok) throw new TechoError(envelope.error);
  return envelope.value as T;
}

async function fetchWasm(): Promise<ArrayBuffer> {
  // Same origin as the package's own files: the only request the core ever makes.
  const url = new URL('./techo_core.wasm', import.meta.url);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new TechoError({
      code: 'INVALID_ARGUMENT',
      message: `cannot load the wasm module (${String(error)}); under Node pass options.wasmBinary`,
      path: url.href,
    });
  }
  if (!response.ok) {
    throw new TechoError({ code: 'INVALID_ARGUMENT', message: `cannot load the wasm module: HTTP ${response.status}`, path: url.href });
  }
  return response.arrayBuffer();
}

/** Reads a File, Blob or buffer in pieces, so a large file is never held whole. */
async function* pieces(source: Api.ByteSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Blob) {
    for (let at = 0; at < source.size; at += PIECE_BYTES) {
      yield new Uint8Array(await source.slice(at, at + PIECE_BYTES).arrayBuffer());
    }
    return;
  }
  const bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
  for (let at = 0; at < bytes.length; at += PIECE_BYTES) yield bytes.subarray(at, at + PIECE_BYTES);
}

function sizeOf(source: Api.ByteSource): number {
  return source instanceof Blob ? source.size : source.byteLength;
}

/** What a long operation needs from its caller: where to report, and whether to stop. */
export interface JobControl {
  progress(progress: Api.Progress): void;
  cancelled(): boolean;
}

const noControl: JobControl = { progress: () => {}, cancelled: () => false };

function checkCancelled(control: JobControl): void {
  if (control.cancelled()) throw new TechoError({ code: 'CANCELLED', message: 'cancelled; nothing was stored', path: '' });
}

/** What the core says about a vault it opened or committed to. */
interface VaultInfo {
  open: boolean;
  encrypted: boolean;
  recoveryRecipient: string;
  vaultId?: string;
  generation?: number;
}

export class Core {
  private release: ReleaseLock | null = null;
  private vaultOpen = false;
  private readonly generations: GenerationMemory;

  private constructor(
    private readonly module: TechoModule,
    private session: RawSession | null,
    private readonly storage: Storage,
  ) {
    this.generations = storage === 'browser' ? new BrowserGenerationMemory() : new ProcessGenerationMemory();
  }

  static async load(wasmBinary?: ArrayBuffer | Uint8Array, storage?: Storage): Promise<Core> {
    const module = await createTechoModule({
      wasmBinary: wasmBinary ?? (await fetchWasm()),
      // The core prints nothing on purpose; anything printed is a bug worth seeing.
      print: (text) => console.warn('[techo core]', text),
      printErr: (text) => console.warn('[techo core]', text),
    });
    const chosen: Storage = storage ?? (typeof indexedDB !== 'undefined' ? 'browser' : 'memory');
    module.FS.mkdir(VAULT_DIR);
    // In a browser the vault directory is IndexedDB-backed: the encrypted file is loaded
    // into memory here and written back after every committed change (persist()).
    if (chosen === 'browser') module.FS.mount(module.FS.filesystems.IDBFS, {}, VAULT_DIR);
    const session = new module.Session();
    const core = new Core(module, session, chosen);
    try {
      await core.syncfs(true);
      unwrap(session.open(':memory:'));
    } catch (error) {
      core.close();
      throw error;
    }
    return core;
  }

  async importFhir(bytes: ArrayBuffer | Uint8Array, fileName: string): Promise<Api.ImportReport> {
    const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    return this.persisted(unwrap(this.live().importFhir(view, fileName)));
  }

  async importEncrypted(source: Api.ByteSource, fileName: string, key: Api.DecryptKey, control = noControl): Promise<Api.ImportReport | Api.LifelogImportReport> {
    return this.importFile(source, fileName, key, control);
  }

  // Piece by piece into one open import: NDJSON is stored as it arrives (memory does not
  // grow with the file); a cancel or an error rolls everything back.
  async importFile(source: Api.ByteSource, fileName: string, key: Api.DecryptKey | undefined, control = noControl): Promise<Api.ImportReport | Api.LifelogImportReport> {
    const session = this.live();
    unwrap(session.importBegin(fileName, JSON.stringify(key ?? {})));
    let finished = false;
    try {
      const totalBytes = sizeOf(source);
      for await (const piece of pieces(source)) {
        checkCancelled(control);
        const progress = unwrap<{ bytesIn: number; plaintextBytes: number }>(session.importPush(piece));
        control.progress({ ...progress, totalBytes });
      }
      checkCancelled(control);
      finished = true;  // importFinish ends the import whether it succeeds or not
      return await this.persisted(unwrap<Api.ImportReport | Api.LifelogImportReport>(session.importFinish()));
    } finally {
      if (!finished) session.importAbort();
    }
  }

  async decryptDigest(source: Api.ByteSource, key: Api.DecryptKey, control = noControl): Promise<Api.DecryptDigest> {
    return this.withDecryptJob(source, key, false, control, (_job, digest) => digest);
  }

  async encrypt(source: Api.ByteSource, to: Api.EncryptTo, control = noControl): Promise<Uint8Array> {
    const job = new this.module.EncryptJob();
    try {
      unwrap(job.start(JSON.stringify(to)));
      const out: Uint8Array[] = [];
      const take = () => {
        out.push(job.output().slice());  // copy out of wasm memory before the next call
        job.clearOutput();
      };
      const totalBytes = sizeOf(source);
      let bytesIn = 0;
      for await (const piece of pieces(source)) {
        checkCancelled(control);
        unwrap(job.push(piece));
        take();
        bytesIn += piece.length;
        control.progress({ bytesIn, totalBytes, plaintextBytes: bytesIn });
      }
      unwrap(job.finish());
      take();
      const result = new Uint8Array(out.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of out) {
        result.set(p, at);
        at += p.length;
      }
      return result;
    } finally {
      job.delete();
    }
  }

  async addTrustedIssuer(publicKey: string, name: string): Promise<{ keyId: string }> {
    return this.persisted(unwrap(this.live().addTrustedIssuer(publicKey, name)));
  }

  // ---- the encrypted vault ---------------------------------------------------------------

  async vaultStatus(): Promise<Api.VaultStatus> {
    if (!this.vaultOpen) await this.syncfs(true);  // another tab may have created it
    const info = unwrap<VaultInfo>(this.live().vaultInfo());
    return {
      exists: this.module.FS.analyzePath(VAULT_PATH).exists,
      open: this.vaultOpen,
      recoveryRecipient: this.vaultOpen ? info.recoveryRecipient : '',
      ...(this.vaultOpen && info.vaultId ? { vaultId: info.vaultId, generation: info.generation } : {}),
    };
  }

  async createVault(passphrase: string, options: Api.KdfOptions = {}): Promise<Api.CreatedVault> {
    return this.withWriterLock(async () => {
      if (this.module.FS.analyzePath(VAULT_PATH).exists) {
        throw new TechoError({ code: 'INVALID_ARGUMENT', message: 'a vault already exists here; unlock it instead', path: VAULT_PATH });
      }
      const created = unwrap<Api.CreatedVault>(this.live().createVault(VAULT_PATH, passphrase, JSON.stringify(options)));
      return created;
    });
  }

  async unlock(passphrase: string): Promise<Api.OpenedVault> {
    const opened = await this.withWriterLock(async () => unwrap<Api.OpenedVault>(this.live().unlock(VAULT_PATH, passphrase)));
    return this.compareWithSeen(opened);
  }

  async unlockWithRecovery(recoveryKey: string): Promise<Api.OpenedVault> {
    const opened = await this.withWriterLock(async () =>
      unwrap<Api.OpenedVault>(this.live().unlockWithRecovery(VAULT_PATH, recoveryKey)),
    );
    return this.compareWithSeen(opened);
  }

  /** A whole older copy opens (it is consistent); only the memory of a newer one can tell. */
  private async compareWithSeen(opened: Api.OpenedVault): Promise<Api.OpenedVault> {
    const seen = await this.generations.newest(opened.vaultId);
    const { vaultId, generation } = opened;
    if (seen !== undefined && seen > generation) return { vaultId, generation, olderThanSeen: { seen, opened: generation } };
    return { vaultId, generation };
  }

  async lock(): Promise<void> {
    unwrap(this.live().lock());  // wipes the keys in the core
    this.vaultOpen = false;
    this.release?.();
    this.release = null;
  }

  async changePassphrase(passphrase: string, options: Api.ChangePassphraseOptions = {}): Promise<void> {
    unwrap(this.live().changePassphrase(passphrase, JSON.stringify(options)));
    await this.persist();
  }

  async exportBackup(to: Api.BackupTo): Promise<Uint8Array> {
    const recipient = 'recoveryKey' in to ? unwrap<{ recoveryRecipient: string }>(this.live().vaultInfo()).recoveryRecipient : '';
    if ('recoveryKey' in to && !recipient) {
      throw new TechoError({ code: 'INVALID_ARGUMENT', message: 'unlock your vault to back it up to its recovery key', path: '' });
    }
    const job = new this.module.EncryptJob();
    try {
      const options = 'recoveryKey' in to ? { recipients: [recipient] } : { passphrase: to.passphrase, scryptLogN: to.scryptLogN };
      unwrap(job.start(JSON.stringify(options)));
      unwrap(this.live().exportBackup(job));
      return job.output().slice();
    } finally {
      job.delete();
    }
  }

  async restoreBackup(source: Api.ByteSource, key: Api.DecryptKey, control = noControl): Promise<Api.RestoreReport> {
    const report = await this.withDecryptJob(source, key, true, control, (job) =>
      unwrap<Api.RestoreReport>(this.live().restoreBackup(job)),
    );
    return this.persisted(report);
  }

  async vaultFile(): Promise<Uint8Array> {
    if (!this.vaultOpen) await this.syncfs(true);
    if (!this.module.FS.analyzePath(VAULT_PATH).exists) {
      throw new TechoError({ code: 'INVALID_ARGUMENT', message: 'there is no vault here', path: VAULT_PATH });
    }
    return this.module.FS.readFile(VAULT_PATH).slice();
  }

  async replaceVaultFile(bytes: Uint8Array): Promise<void> {
    if (this.vaultOpen) {
      throw new TechoError({ code: 'INVALID_ARGUMENT', message: 'lock the vault before replacing its file', path: VAULT_PATH });
    }
    const release = await acquireWriterLock();
    if (!release) {
      throw new TechoError({ code: 'VAULT_BUSY', message: 'your vault is open in another tab or window', path: '' });
    }
    try {
      this.module.FS.writeFile(VAULT_PATH, bytes);
      // A journal belongs to the file it was written for.
      if (this.module.FS.analyzePath(`${VAULT_PATH}-journal`).exists) this.module.FS.unlink(`${VAULT_PATH}-journal`);
      await this.syncfs(false);
    } finally {
      release();
    }
  }

  /** One writing tab at a time: the vault is opened only under the writer lock, from fresh storage. */
  private async withWriterLock<T>(open: () => Promise<T>): Promise<T> {
    if (this.vaultOpen) await this.lock();
    const release = await acquireWriterLock();
    if (!release) {
      throw new TechoError({
        code: 'VAULT_BUSY',
        message: 'your vault is open in another tab or window; lock it there to open it here',
        path: '',
      });
    }
    try {
      await this.syncfs(true);
      const result = await open();
      this.release = release;
      this.vaultOpen = true;
      await this.persist();
      return result;
    } catch (error) {
      release();
      throw error;
    }
  }

  private async persisted<T>(value: T): Promise<T> {
    await this.persist();
    return value;
  }

  /**
   * Writes the vault directory back to IndexedDB, then remembers the generation it holds
   * (after the write, so the memory never runs ahead of the stored file): called after
   * every committed change.
   */
  private async persist(): Promise<void> {
    if (!this.vaultOpen) return;
    await this.syncfs(false);
    const info = unwrap<VaultInfo>(this.live().vaultInfo());
    if (info.vaultId && info.generation !== undefined) await this.generations.remember(info.vaultId, info.generation);
  }

  private syncfs(populate: boolean): Promise<void> {
    if (this.storage !== 'browser') return Promise.resolve();
    return new Promise((resolve, reject) =>
      this.module.FS.syncfs(populate, (error) =>
        error
          ? reject(new TechoError({ code: 'STORAGE', message: `the browser's storage failed: ${String(error)}`, path: VAULT_DIR }))
          : resolve(),
      ),
    );
  }

  trustedIssuers(): Api.TrustedIssuer[] {
    return unwrap(this.live().trustedIssuers());
  }

  pendingIssuers(): Api.TrustedIssuer[] {
    return unwrap(this.live().pendingIssuers());
  }

  async confirmIssuer(keyId: string, name = ''): Promise<{ keyId: string }> {
    return this.persisted(unwrap(this.live().confirmIssuer(keyId, name)));
  }

  async dismissIssuer(keyId: string): Promise<void> {
    unwrap(this.live().dismissIssuer(keyId));
    await this.persist();
  }

  generateIdentity(): Api.GeneratedIdentity {
    return unwrap(this.module.generateIdentity());
  }

  summary(): Api.Summary {
    return unwrap(this.live().summary());
  }

  records(query: Api.RecordQuery = {}): Api.RecordPage {
    return unwrap(this.live().records(JSON.stringify(query)));
  }

  async importLifelog(bytes: ArrayBuffer | Uint8Array, fileName: string): Promise<Api.LifelogImportReport> {
    const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    return this.persisted(unwrap(this.live().importLifelog(view, fileName)));
  }

  lifelogSamples(query: Api.LifelogQuery): Api.LifelogSamples {
    return unwrap(this.live().lifelogSamples(JSON.stringify(query)));
  }

  lifelogDays(query: Api.LifelogDaysQuery): Api.LifelogDays {
    return unwrap(this.live().lifelogDays(JSON.stringify(query)));
  }

  exportLifelog(query: Api.LifelogExportQuery): unknown {
    return unwrap(this.live().exportLifelog(JSON.stringify(query)));
  }

  lifelogPriority(metric: string): Api.LifelogPriority {
    return unwrap(this.live().lifelogPriority(metric));
  }

  async setLifelogPriority(metric: string, order: Api.DeviceKind[]): Promise<{ daysRecomputed: number }> {
    return this.persisted(unwrap(this.live().setLifelogPriority(metric, JSON.stringify(order))));
  }

  view(name: ViewName, query: Api.ViewQuery & { id?: number }): unknown {
    return unwrap(this.live().view(name, JSON.stringify(query)));
  }

  close(): void {
    this.session?.delete();  // closes any open vault, wiping its keys
    this.session = null;
    this.vaultOpen = false;
    this.release?.();
    this.release = null;
  }

  private async withDecryptJob<T>(
    source: Api.ByteSource,
    key: Api.DecryptKey,
    keep: boolean,
    control: JobControl,
    then: (job: RawDecryptJob, digest: Api.DecryptDigest) => T,
  ): Promise<T> {
    this.live();
    const job = new this.module.DecryptJob();
    try {
      unwrap(job.start(JSON.stringify({ ...key, keep })));
      const totalBytes = sizeOf(source);
      for await (const piece of pieces(source)) {
        checkCancelled(control);
        const progress = unwrap<{ bytesIn: number; plaintextBytes: number }>(job.push(piece));
        control.progress({ ...progress, totalBytes });
      }
      checkCancelled(control);
      const digest = unwrap<Api.DecryptDigest>(job.finish());
      return then(job, digest);
    } finally {
      job.delete();  // wipes any plaintext the job still holds
    }
  }

  private live(): RawSession {
    if (!this.session) throw new TechoError({ code: 'INVALID_ARGUMENT', message: 'the session is closed', path: '' });
    return this.session;
  }
}
