// The core in the calling thread: loads the wasm module and turns each JSON envelope the
// C++ facade returns into a value or a thrown TechoError. Long operations read their
// input piece by piece and report progress between pieces; the core is never re-entered.
import type * as Api from '../types/index.js';
import { TechoError } from './errors.js';
import { verifyWith } from './verify.js';
import createTechoModule, { type RawDecryptJob, type RawSession, type TechoModule } from './techo_core.mjs';
import { BrowserGenerationMemory, ProcessGenerationMemory, type GenerationMemory } from './generation-memory.js';
import { acquireWriterLock, type ReleaseLock } from './writer-lock.js';
import { CommittedCopy, type VaultFiles } from './committed-copy.js';

/** Where the vault file lives inside the module's file system (persisted from /vault). */
const VAULT_DIR = '/vault';
const VAULT_PATH = `${VAULT_DIR}/techo.vault`;
export type Storage = 'browser' | 'memory';

/** The core's reply; `wrote`: the call committed a change, so the vault file is persisted. */
type Envelope = { ok: true; value: unknown; wrote?: boolean } | { ok: false; error: Api.ErrorInfo };

/** Bytes handed to the core per call: large enough to amortize the call, small enough to bound memory. */
export const PIECE_BYTES = 1 << 20;

/** The vault directory's files by name: ciphertext only, safe to hold in JS and hand on. */
export type { VaultFiles };

function unwrap<T>(reply: string): T {
  const envelope = JSON.parse(reply) as Envelope;
  if (!envelope.ok) throw new TechoError(envelope.error);
  return envelope.value as T;
}

async function fetchWasm(): Promise<ArrayBuffer> {
  // Next to this module: read from disk under Node, fetched from the page's origin in a browser.
  const { loadWasm } = await import('./wasm-location.js');
  return loadWasm();
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

/** A new module instance with its vault directory mounted (IndexedDB-backed in a browser). */
async function instantiate(wasmBinary: ArrayBuffer | Uint8Array, storage: Storage, onAbort: (what: unknown) => void): Promise<TechoModule> {
  const module = await createTechoModule({
    wasmBinary,
    // An abort (a failed allocation) unwinds as a JS exception, which a C++ catch (...)
    // may swallow and carry on from: the flag, not the call's outcome, says it happened.
    onAbort,
    // The core prints nothing on purpose; anything printed is a bug worth seeing.
    print: (text) => console.warn('[techo core]', text),
    printErr: (text) => console.warn('[techo core]', text),
  });
  module.FS.mkdir(VAULT_DIR);
  // In a browser the vault directory is IndexedDB-backed: the encrypted file is loaded
  // into memory here and written back after every committed change (persist()).
  if (storage === 'browser') module.FS.mount(module.FS.filesystems.IDBFS, {}, VAULT_DIR);
  return module;
}

/**
 * The answer of every call after the module failed in a way that is not an error value
 * (the engine's stack exhausted, a trap, an abort: allocation failures abort). Nothing
 * below can be trusted then — a transaction may be open, destructors did not run — so the
 * instance is discarded and the person unlocks again, on a fresh one, from the vault file
 * as it was at the last commit.
 */
function sessionEnded(cause: unknown): TechoError {
  const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return new TechoError({
    code: 'SESSION_ENDED',
    message: `the core stopped (${what}); nothing of the unfinished operation was stored: unlock your vault again`,
    path: '',
  });
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
  private readonly generations: GenerationMemory;
  private release: ReleaseLock | null = null;
  private vaultOpen = false;
  /** Set when an instance was discarded; cleared by the next successful unlock or create. */
  private ended: TechoError | null = null;
  /** Memory storage: the vault directory as of the last commit, for the next instance. */
  private committed: VaultFiles = {};
  /** Keeps `committed` up to date by copying what each commit wrote (memory storage). */
  private readonly copy = new CommittedCopy();
  /** Set by the module when it aborts; checked after every call into it. */
  private abort: { what: unknown } = { what: null };

  private constructor(
    private module: TechoModule,
    private session: RawSession | null,
    private readonly storage: Storage,
    private readonly wasmBinary: ArrayBuffer | Uint8Array,
  ) {
    this.generations = storage === 'browser' ? new BrowserGenerationMemory() : new ProcessGenerationMemory();
  }

  /** `vaultFiles`: memory storage only, the files a discarded instance left (handover()). */
  static async load(wasmBinary?: ArrayBuffer | Uint8Array, storage?: Storage, vaultFiles?: VaultFiles): Promise<Core> {
    const binary = wasmBinary ?? (await fetchWasm());
    const chosen: Storage = storage ?? (typeof indexedDB !== 'undefined' ? 'browser' : 'memory');
    const abort = { what: null as unknown };
    const module = await instantiate(binary, chosen, (what) => (abort.what = what ?? 'abort'));
    const core = new Core(module, new module.Session(), chosen, binary);
    core.abort = abort;
    if (chosen === 'memory') core.copy.watch(module);
    try {
      if (vaultFiles) core.restoreFiles(vaultFiles);
      await core.syncfs(true);
      core.callTable('open', { path: ':memory:' });
    } catch (error) {
      core.close();
      throw error;
    }
    return core;
  }

  /** The vault files as of the last commit (memory storage), for a new instance elsewhere. */
  handover(): VaultFiles {
    // Copies: the kept ones are brought up to date in place.
    return Object.fromEntries(Object.entries(this.committed).map(([name, bytes]) => [name, bytes.slice()]));
  }

  // Piece by piece into one open import: NDJSON is stored as it arrives (memory does not
  // grow with the file); a cancel or an error rolls everything back.
  async importFile(file: Api.ImportSource, fileName: string, key: Api.DecryptKey | undefined, control = noControl): Promise<Api.AnyImportReport> {
    // Text (a pasted お薬手帳, say) is read as its UTF-8 bytes, as a file holding it would be.
    const source = typeof file === 'string' ? new TextEncoder().encode(file) : file;
    this.callTable('importBegin', { fileName, key: key ?? {} });
    let finished = false;
    try {
      const totalBytes = sizeOf(source);
      for await (const piece of pieces(source)) {
        checkCancelled(control);
        const progress = this.guard(() => unwrap<{ bytesIn: number; plaintextBytes: number }>(this.live().importPush(piece)));
        control.progress({ ...progress, totalBytes });
      }
      checkCancelled(control);
      finished = true;  // importFinish ends the import whether it succeeds or not
      return await this.persistedCall<Api.AnyImportReport>('importFinish', {});
    } finally {
      // An ended instance is gone with its import; only a live one has one to abort.
      if (!finished && !this.ended) this.callTable('importAbort', {});
    }
  }

  async decryptDigest(source: Api.ByteSource, key: Api.DecryptKey, control = noControl): Promise<Api.DecryptDigest> {
    return this.withDecryptJob(source, key, false, control, (_job, digest) => digest);
  }

  async encrypt(source: Api.ByteSource, to: Api.EncryptTo, control = noControl): Promise<Uint8Array> {
    const job = this.guard(() => new this.module.EncryptJob());
    try {
      this.guard(() => unwrap(job.start(JSON.stringify(to))));
      const out: Uint8Array[] = [];
      const take = () =>
        this.guard(() => {
          out.push(job.output().slice());  // copy out of wasm memory before the next call
          job.clearOutput();
        });
      const totalBytes = sizeOf(source);
      let bytesIn = 0;
      for await (const piece of pieces(source)) {
        checkCancelled(control);
        this.guard(() => unwrap(job.push(piece)));
        take();
        bytesIn += piece.length;
        control.progress({ bytesIn, totalBytes, plaintextBytes: bytesIn });
      }
      this.guard(() => unwrap(job.finish()));
      take();
      const result = new Uint8Array(out.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of out) {
        result.set(p, at);
        at += p.length;
      }
      return result;
    } finally {
      if (!this.ended) this.guard(() => job.delete());
    }
  }

  // ---- the encrypted vault ---------------------------------------------------------------

  async vaultStatus(): Promise<Api.VaultStatus> {
    await this.revive();
    if (!this.vaultOpen) await this.syncfs(true);  // another tab may have created it
    const info = this.vaultOpen
      ? this.callTable<VaultInfo>('vaultInfo', {})
      : { open: false, encrypted: false, recoveryRecipient: '' };
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
      return this.callTable<Api.CreatedVault>('createVault', { path: VAULT_PATH, passphrase, options }, true);
    });
  }

  // Compared before withWriterLock persists: the unlock's own disclosure-log entry raises
  // the generation, and remembering that first would make every unlock look older.
  async unlock(passphrase: string): Promise<Api.OpenedVault> {
    return this.withWriterLock(async () =>
      this.compareWithSeen(this.callTable<Api.OpenedVault>('unlock', { path: VAULT_PATH, passphrase }, true)),
    );
  }

  async unlockWithRecovery(recoveryKey: string): Promise<Api.OpenedVault> {
    return this.withWriterLock(async () =>
      this.compareWithSeen(this.callTable<Api.OpenedVault>('unlockWithRecovery', { path: VAULT_PATH, recoveryKey }, true)),
    );
  }

  /**
   * A whole older copy opens (it is consistent); only the memory of a newer one can tell.
   * `opened.generation` is the one found on disk, before the unlock's own log entry.
   */
  private async compareWithSeen(opened: Api.OpenedVault): Promise<Api.OpenedVault> {
    const seen = await this.generations.newest(opened.vaultId);
    const { vaultId, generation } = opened;
    if (seen !== undefined && seen > generation) return { vaultId, generation, olderThanSeen: { seen, opened: generation } };
    return { vaultId, generation };
  }

  /**
   * The core wipes its keys; then the whole instance is retired, because its memory still
   * holds what the keys opened (SQLite's page cache, view results, copies of the
   * passphrase) and C++ cannot find every freed copy. The next call runs on a fresh
   * instance over the vault files as committed.
   */
  async lock(): Promise<void> {
    if (!this.ended) {
      this.callTable('lock', {});
      if (this.storage === 'memory') this.committed = this.snapshot();  // closed: no journal left
      this.retire();
    }
    this.vaultOpen = false;
    this.release?.();
    this.release = null;
    if (!this.ended) await this.freshInstance(false);  // locked: no vault until the next unlock
  }

  /** Deletes the session and zeroes the instance's memory; the instance is not used again. */
  private retire(): void {
    const session = this.session;
    this.session = null;
    try {
      session?.delete();
    } catch {
      // a failing destructor changes nothing: the memory is wiped below either way
    }
    this.wipeMemory();
  }

  private wipeMemory(): void {
    try {
      this.module.HEAPU8?.fill(0);  // decrypted records and keys lived there
    } catch {
      // a detached or unreachable memory: nothing left to wipe from here
    }
  }

  async changePassphrase(passphrase: string, options: Api.ChangePassphraseOptions = {}): Promise<void> {
    await this.persistedCall('changePassphrase', { passphrase, options });
  }

  async exportBackup(to: Api.BackupTo): Promise<Uint8Array> {
    const recipient = 'recoveryKey' in to ? this.callTable<{ recoveryRecipient: string }>('vaultInfo', {}).recoveryRecipient : '';
    if ('recoveryKey' in to && !recipient) {
      throw new TechoError({ code: 'INVALID_ARGUMENT', message: 'unlock your vault to back it up to its recovery key', path: '' });
    }
    this.live();
    const job = this.guard(() => new this.module.EncryptJob());
    try {
      const options = 'recoveryKey' in to ? { recipients: [recipient] } : { passphrase: to.passphrase, scryptLogN: to.scryptLogN };
      this.guard(() => unwrap(job.start(JSON.stringify(options))));
      this.guard(() => unwrap(this.live().exportBackup(job)));
      return this.guard(() => job.output().slice());
    } finally {
      if (!this.ended) this.guard(() => job.delete());
    }
  }

  /** A file-making table method (sharePackage, handOver): its reply, and the file copied out of the module. */
  private async withFileOutput<T>(method: string, args: Record<string, unknown>): Promise<T & { file: Uint8Array }> {
    const { value, wrote } = this.callEnvelope<T>(method, args);
    const session = this.live();
    const file = this.guard(() => session.fileOutput().slice());
    this.guard(() => session.clearFileOutput());
    if (wrote) await this.persist();
    return { ...value, file };
  }

  async sharePackage(id: string): Promise<Api.SharePackageFile> {
    const reply = await this.withFileOutput<Omit<Api.SharePackageFile, 'file'> & { fileBytes?: number }>('sharePackage', { id });
    delete reply.fileBytes;
    return reply;
  }

  async handOver(request: Api.HandOverRequest): Promise<Api.HandOverResult> {
    const reply = await this.withFileOutput<Omit<Api.HandOverResult, 'file'> & { fileBytes?: number }>('handOver', { request });
    delete reply.fileBytes;
    return reply;
  }

  async verifySharePackage(file: Uint8Array | ArrayBuffer, options: Api.VerifyPackageOptions): Promise<Api.PackageVerification> {
    return verifyWith(this.module, file, options);
  }

  async restoreBackup(source: Api.ByteSource, key: Api.DecryptKey, control = noControl): Promise<Api.RestoreReport> {
    const report = await this.withDecryptJob(source, key, true, control, (job) =>
      this.guard(() => unwrap<Api.RestoreReport>(this.live().restoreBackup(job))),
    );
    return this.persisted(report);
  }

  async vaultFile(): Promise<Uint8Array> {
    await this.revive();
    if (!this.vaultOpen) await this.syncfs(true);
    if (!this.module.FS.analyzePath(VAULT_PATH).exists) {
      throw new TechoError({ code: 'INVALID_ARGUMENT', message: 'there is no vault here', path: VAULT_PATH });
    }
    return this.module.FS.readFile(VAULT_PATH).slice();
  }

  async replaceVaultFile(bytes: Uint8Array): Promise<void> {
    await this.revive();
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
      if (this.storage === 'memory') this.committed = this.snapshot();
    } finally {
      release();
    }
  }

  /** One writing tab at a time: the vault is opened only under the writer lock, from fresh storage. */
  private async withWriterLock<T>(open: () => Promise<T>): Promise<T> {
    await this.revive();
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
      this.ended = null;  // unlocked again: the session goes on, on this instance
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
   * After every committed change: writes the vault directory back to IndexedDB, or (memory
   * storage) keeps a copy of its files, so that a fresh instance can open the vault as it
   * was committed if this one has to be discarded.
   */
  private async persist(): Promise<void> {
    if (!this.vaultOpen) return;
    if (this.storage === 'browser') {
      await this.syncfs(false);
    } else {
      this.committed = this.snapshot();
    }
    // The generation is remembered after the write, so the memory never runs ahead of the stored file.
    const info = this.callTable<VaultInfo>('vaultInfo', {});
    if (info.vaultId && info.generation !== undefined) await this.generations.remember(info.vaultId, info.generation);
  }

  private snapshot(): VaultFiles {
    return this.copy.update(this.module, VAULT_DIR);
  }

  private restoreFiles(files: VaultFiles): void {
    if (this.storage !== 'memory') return;
    for (const [name, bytes] of Object.entries(files)) this.module.FS.writeFile(`${VAULT_DIR}/${name}`, bytes);
    this.copy.replace(files);
    this.committed = { ...files };
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

  /**
   * A method of the core's table (Session::call, core/src/api_methods_*.cpp), its
   * arguments by name. A call that committed a change persists the vault file.
   */
  async call(method: string, args: Record<string, unknown>): Promise<unknown> {
    return this.persistedCall(method, args);
  }

  private async persistedCall<T>(method: string, args: Record<string, unknown>): Promise<T> {
    const { value, wrote } = this.callEnvelope<T>(method, args);
    if (wrote) await this.persist();
    return value;
  }

  private callTable<T>(method: string, args: Record<string, unknown>, reopening = false): T {
    return this.callEnvelope<T>(method, args, reopening).value;
  }

  /** `reopening`: unlock and create, which may run on the fresh instance of an ended session. */
  private callEnvelope<T>(method: string, args: Record<string, unknown>, reopening = false): { value: T; wrote: boolean } {
    const session = reopening ? this.instance() : this.live();
    const text = JSON.stringify(args);
    return this.guard(() => {
      const envelope = JSON.parse(session.call(method, text)) as Envelope;
      if (!envelope.ok) throw new TechoError(envelope.error);
      return { value: envelope.value as T, wrote: envelope.wrote === true };
    });
  }

  close(): void {
    const session = this.session;  // none when the instance was discarded
    if (session) this.guard(() => session.delete());  // closes any open vault, wiping its keys
    this.session = null;
    this.wipeMemory();
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
    const job = this.guard(() => new this.module.DecryptJob());
    try {
      this.guard(() => unwrap(job.start(JSON.stringify({ ...key, keep }))));
      const totalBytes = sizeOf(source);
      for await (const piece of pieces(source)) {
        checkCancelled(control);
        const progress = this.guard(() => unwrap<{ bytesIn: number; plaintextBytes: number }>(job.push(piece)));
        control.progress({ ...progress, totalBytes });
      }
      checkCancelled(control);
      const digest = this.guard(() => unwrap<Api.DecryptDigest>(job.finish()));
      return then(job, digest);
    } finally {
      if (!this.ended) this.guard(() => job.delete());  // wipes any plaintext the job still holds
    }
  }

  /** Runs work that calls into the module: anything it throws that is not a TechoError ends the instance. */
  private guard<T>(work: () => T): T {
    let result: T;
    try {
      result = work();
    } catch (error) {
      if (TechoError.is(error) && this.abort.what === null) throw error;
      throw this.end(this.abort.what ?? error);
    }
    if (this.abort.what !== null) throw this.end(this.abort.what);
    return result;
  }

  /** Discards the failed instance: nothing more is asked of it, and what JS can reach of its memory is wiped. */
  private end(cause: unknown): TechoError {
    const ended = sessionEnded(cause);
    this.ended = ended;
    this.wipeMemory();
    this.session = null;
    this.vaultOpen = false;
    this.release?.();
    this.release = null;
    return ended;
  }

  /** After an instance ended: a fresh one over the vault files as of the last commit. */
  private async revive(): Promise<void> {
    if (!this.ended || this.session) return;
    await this.freshInstance(true);
  }

  /**
   * A new module instance and session over the vault files as of the last commit;
   * `openMemory`: with an in-memory database open, as a new session has.
   */
  private async freshInstance(openMemory: boolean): Promise<void> {
    const files = this.committed;
    const abort = { what: null as unknown };
    this.module = await instantiate(this.wasmBinary, this.storage, (what) => (abort.what = what ?? 'abort'));
    this.abort = abort;
    if (this.storage === 'memory') this.copy.watch(this.module);
    this.session = new this.module.Session();
    this.restoreFiles(files);
    await this.syncfs(true);
    if (openMemory) this.guard(() => unwrap(this.instance().call('open', JSON.stringify({ path: ':memory:' }))));
  }

  private instance(): RawSession {
    if (!this.session) throw this.ended ?? new TechoError({ code: 'INVALID_ARGUMENT', message: 'the session is closed', path: '' });
    return this.session;
  }

  private live(): RawSession {
    if (this.ended) throw this.ended;
    return this.instance();
  }
}
