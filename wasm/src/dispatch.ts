// Runs one call against a core, as methods.ts says: a job of Core's own, or a method of
// the core's table by name. Shared by the Worker and by in-thread sessions, so the Node
// tests exercise the very code the Worker runs.
import type { Core, JobControl } from './core.js';
import { TechoError, asTechoError } from './errors.js';
import { namedArgs, specOf } from './methods.js';
import type { Call, Response } from './protocol.js';

type Job = (...args: unknown[]) => unknown;

async function run(core: Core, call: Call, control: JobControl): Promise<unknown> {
  const spec = specOf(call.method);
  if (!spec) throw new TechoError({ code: 'INVALID_ARGUMENT', message: `no method named "${String(call.method)}"`, path: 'method' });
  if (spec.job) {
    // Each positional argument in its place, the job's control after them.
    const args = spec.params.map((_, i) => call.args[i]);
    const job = core[spec.job] as Job;
    return job.call(core, ...args, control);
  }
  return core.call(call.method, namedArgs(spec, call.args));
}

export async function dispatch(core: Core, id: number, call: Call, control: JobControl): Promise<Response> {
  try {
    const value = await run(core, call, control);
    return { id, ok: true, value: specOf(call.method)?.void ? undefined : value };
  } catch (error) {
    return { id, ok: false, error: asTechoError(error).toInfo() };
  }
}
