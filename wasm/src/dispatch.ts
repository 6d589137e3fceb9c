// Runs one protocol request against a core. Shared by the Worker and by in-thread
// sessions, so the Node tests exercise the very code the Worker runs.
import type { Core } from './core.js';
import { asTechoError } from './errors.js';
import type { Request, Response } from './protocol.js';

export function dispatch(core: Core, request: Exclude<Request, { method: 'init' }>): Response {
  try {
    switch (request.method) {
      case 'importFhir':
        return { id: request.id, ok: true, value: core.importFhir(request.bytes, request.fileName) };
      case 'summary':
        return { id: request.id, ok: true, value: core.summary() };
      case 'close':
        core.close();
        return { id: request.id, ok: true, value: undefined };
    }
  } catch (error) {
    return { id: request.id, ok: false, error: asTechoError(error).toInfo() };
  }
}
