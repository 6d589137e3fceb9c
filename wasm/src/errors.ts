// The TypeScript twin of the core's Error{code, message, path}.
import type * as Api from '../types/index.js';

export class TechoError extends Error implements Api.ErrorInfo {
  override readonly name = 'TechoError' as const;
  readonly code: Api.ErrorCode;
  readonly path: string;
  readonly format?: Api.ReadAs;

  constructor(info: Api.ErrorInfo) {
    super(info.path ? `${info.message} (at ${info.path})` : info.message);
    this.code = info.code;
    this.path = info.path;
    if (info.format) this.format = info.format;
  }

  /** Class identity does not survive postMessage, so recognise the shape too. */
  static is(value: unknown): value is TechoError {
    return value instanceof TechoError || (value instanceof Error && value.name === 'TechoError' && 'code' in value);
  }

  /** The plain-data form that crosses a Worker boundary (structured clone drops the class). */
  toInfo(): Api.ErrorInfo {
    // The message passed to the constructor, without the " (at path)" suffix added above.
    const suffix = this.path ? ` (at ${this.path})` : '';
    const message = suffix && this.message.endsWith(suffix) ? this.message.slice(0, -suffix.length) : this.message;
    return { code: this.code, message, path: this.path, ...(this.format ? { format: this.format } : {}) };
  }
}

/** Anything thrown in JavaScript (a bug, a failed fetch) as a TechoError, so callers see one type. */
export function asTechoError(error: unknown, fallback: Api.ErrorCode = 'INTERNAL'): TechoError {
  if (TechoError.is(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TechoError({ code: fallback, message, path: '' });
}

// The implementation must match the hand-written contract.
const _contract: typeof Api.TechoError = TechoError;
void _contract;
