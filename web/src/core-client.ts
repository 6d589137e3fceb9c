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

// The day that decides what is "current" in the views. The demo family was generated for
// one day (assets/demo/family.json); a person's own vault uses the real date (undefined).
let day: string | undefined;

export function setViewDay(value: string | undefined): void {
  day = value;
}

export function viewDay(): string | undefined {
  return day;
}
