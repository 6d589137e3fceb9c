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

export * from './errors.js';
export * from './imports.js';
export * from './records.js';
export * from './views.js';
export * from './okusuri.js';
export * from './lifelog.js';
export * from './vaccinations.js';
export * from './consent.js';
export * from './vault.js';
export * from './session.js';
