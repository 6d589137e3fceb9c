// The page's one connection to the core. The core runs in a Worker started by
// @techo/core; the page only ever sees the values it asks for.
import { TechoError, openSession, type ErrorInfo, type Session } from '@techo/core';

let session: Promise<Session> | null = null;

export function coreSession(): Promise<Session> {
  session ??= openSession();
  return session;
}

export function errorInfo(error: unknown): ErrorInfo {
  if (TechoError.is(error)) return error.toInfo();
  return { code: 'INTERNAL', message: String(error), path: '' };
}
