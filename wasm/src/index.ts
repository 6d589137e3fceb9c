// The public API of @techo/core; its contract is types/ (index.d.ts re-exports one file per section).
export { TechoError } from './errors.js';
export { openSession } from './session.js';
export { verifySharePackage } from './verify.js';
