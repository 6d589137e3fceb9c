// libsodium 1.0.18 draws randomness in wasm through Module.getRandomValue, which it sets
// up itself only where `window`, `self` or `require` exist. An ES module under Node has
// none of them, so provide it from the Web Crypto API, present in browsers, Workers and
// Node alike. Without it sodium_init() aborts.
if (typeof Module.getRandomValue === 'undefined' && typeof globalThis.crypto === 'object' &&
    typeof globalThis.crypto.getRandomValues === 'function') {
  Module.getRandomValue = function () {
    return globalThis.crypto.getRandomValues(new Uint32Array(1))[0] >>> 0;
  };
}
