// Peer: raw AEAD in JavaScript with libsodium-wrappers (libsodium compiled to wasm by its
// authors, the JS API on top): opening 64 KiB chunks in memory, as techo_bench's aead_raw
// figures do in C++ against the same libsodium. Each call copies the chunk into the
// module's memory and the plaintext out into a new Uint8Array: that is what the API costs.
//   node aead.mjs --runs N --mib 256
import sodium from 'libsodium-wrappers';

import { mbPerS, medianMs, parseArgs } from './measure.mjs';

await sodium.ready;
const { options } = parseArgs();
const runs = Number(options.runs ?? 3);
const chunks = Number(options.mib ?? 256) * 16;
const plain = new Uint8Array(64 * 1024);

const figures = { figure: 'libsodium_aead', runs, chunk_bytes: plain.length, chunks, libsodium: sodium.sodium_version_string() };
for (const [name, aead] of [['chacha20poly1305_ietf', 'crypto_aead_chacha20poly1305_ietf'], ['xchacha20poly1305_ietf', 'crypto_aead_xchacha20poly1305_ietf']]) {
  const key = new Uint8Array(sodium[`${aead}_KEYBYTES`]);
  const nonce = new Uint8Array(sodium[`${aead}_NPUBBYTES`]);
  const sealed = sodium[`${aead}_encrypt`](plain, null, null, nonce, key);
  const ms = await medianMs(runs, () => {
    for (let i = 0; i < chunks; i++) sodium[`${aead}_decrypt`](null, sealed, null, nonce, key);
  });
  figures[`${name}_mb_per_s`] = mbPerS(chunks * plain.length, ms);
}
console.log(JSON.stringify(figures));
