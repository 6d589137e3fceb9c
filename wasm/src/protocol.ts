// Messages between a page and the Worker that runs the core. Requests are answered in
// order, one response per request id. Only plain data crosses: errors travel as ErrorInfo.
import type * as Api from '../types/index.js';

export type Request =
  | { id: number; method: 'init'; wasmBinary?: ArrayBuffer | Uint8Array }
  | { id: number; method: 'importFhir'; bytes: ArrayBuffer | Uint8Array; fileName: string }
  | { id: number; method: 'summary' }
  | { id: number; method: 'close' };

export type Response = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: Api.ErrorInfo };
