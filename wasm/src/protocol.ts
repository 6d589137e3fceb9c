// Messages between a page and the Worker that runs the core. Requests are answered in
// order, one response per request id, with any number of progress messages before it.
// Only plain data crosses (a Blob crosses by reference): errors travel as ErrorInfo.
// A call is a public method's name and its arguments (methods.ts), without the
// JobOptions, which stay with the caller.
import type * as Api from '../types/index.js';
import type { MethodName } from './methods.js';

export interface Call {
  method: MethodName;
  args: unknown[];
}

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
