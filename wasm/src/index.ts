// The public API of @techo/core; its contract is types/index.d.ts.
export { TechoError } from './errors.js';
export { openSession } from './session.js';
