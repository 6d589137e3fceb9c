/**
 * @techo/core — the Techo personal-health-record core, compiled to WebAssembly.
 *
 * Records are decrypted, stored and queried inside the wasm module; in a browser the
 * module runs in a dedicated Worker so the page never blocks and plaintext never leaves
 * the Worker's memory except as the values you ask for.
 *
 * This file is written by hand and is the package's contract: the implementation in
 * `src/` is type-checked against it.
 *
 * @packageDocumentation
 */

/** Stable category of a {@link TechoError}. The C++ core uses the same names. */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'MALFORMED_INPUT'
  | 'UNSUPPORTED'
  | 'INVALID_RESOURCE'
  | 'STORAGE'
  | 'INTERNAL';

/** An error as data: what went wrong and where. */
export interface ErrorInfo {
  /** The category, for code to switch on. */
  code: ErrorCode;
  /** For a person: what is wrong and, where it helps, what to do. */
  message: string;
  /** Where: file, then line/column or FHIR path, e.g. `labs.json: Bundle.entry[3].resource.id`. Empty when not applicable. */
  path: string;
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
  /** True when `value` is a TechoError (also across Worker and realm boundaries). */
  static is(value: unknown): value is TechoError;
}

/** What an import stored. */
export interface ImportReport {
  /** The file name given to {@link Session.importFhir}. */
  source: string;
  /** resourceType → resources stored by this import. */
  imported: Record<string, number>;
  importedTotal: number;
  /** Entries that could not be used, each with its path; the rest were stored. */
  skipped: ErrorInfo[];
}

/** A person whose record is in the vault. */
export interface PatientSummary {
  id: string;
  /** The name as the person reads it: kanji for JP Core data. */
  name: string;
  /** The kana reading, when the source has one; otherwise empty. */
  namePhonetic: string;
  /** FHIR date as recorded, e.g. `1930-06-28`; empty when unknown. */
  birthDate: string;
  gender: string;
}

/** An overview of the vault. */
export interface Summary {
  /** resourceType → resources in the vault. */
  counts: Record<string, number>;
  total: number;
  patients: PatientSummary[];
}

/** Options for {@link openSession}. */
export interface OpenSessionOptions {
  /**
   * Run the core in a dedicated Worker (the default where `Worker` exists, i.e. browsers).
   * `false` runs it in the calling thread, which is what Node uses.
   */
  worker?: boolean;
  /**
   * The bytes of `techo_core.wasm`. Required under Node (read it from the package's
   * `dist/` folder); in a browser the module is fetched from the package's own origin.
   */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

/** An open connection to a vault. All methods are asynchronous and reject with {@link TechoError}. */
export interface Session {
  /**
   * Imports a FHIR R4 Bundle (JSON). Stores every usable entry in one transaction and
   * reports the entries it skipped; malformed JSON or a non-Bundle stores nothing.
   * @param bytes the file's bytes
   * @param fileName names the source in reports and error paths
   */
  importFhir(bytes: ArrayBuffer | Uint8Array, fileName: string): Promise<ImportReport>;
  /** Counts per resource type and the people in the vault. */
  summary(): Promise<Summary>;
  /** Frees the core's memory (and ends the Worker). The session cannot be used afterwards. */
  close(): Promise<void>;
}

/** Loads the core and opens an in-memory vault. */
export declare function openSession(options?: OpenSessionOptions): Promise<Session>;
