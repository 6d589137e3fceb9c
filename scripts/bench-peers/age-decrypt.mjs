// Peer: age decryption in JavaScript with typage (npm age-encryption, the age authors'
// TypeScript implementation on @noble/ciphers), the library a web page would use.
//   node age-decrypt.mjs --runs N --key IDENTITY_FILE FILE
// Two ways a page calls it: the whole file as one Uint8Array in, the whole plaintext out
// (decrypt(bytes)); and streamed, a Blob's stream in and the plaintext read and dropped
// chunk by chunk (decrypt(stream)), as `age -d > /dev/null` and Techo's file row do.
import { openAsBlob, readFileSync } from 'node:fs';

import { Decrypter } from 'age-encryption';

import { mbPerS, medianMs, parseArgs, secretKeyLine } from './measure.mjs';

const { options, positional: [file] } = parseArgs();
const runs = Number(options.runs ?? 3);
const decrypter = new Decrypter();
decrypter.addIdentity(secretKeyLine(readFileSync(options.key, 'utf8')));

const bytes = new Uint8Array(readFileSync(file));
let plaintext = 0;
const memoryMs = await medianMs(runs, async () => {
  plaintext = (await decrypter.decrypt(bytes)).length;
});

const blob = await openAsBlob(file);
const streamMs = await medianMs(runs, async () => {
  const reader = (await decrypter.decrypt(blob.stream())).getReader();
  let n = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) n += chunk.value.length;
  if (n !== plaintext) throw new Error(`streamed ${n} bytes, expected ${plaintext}`);
});

console.log(JSON.stringify({
  figure: 'typage_decrypt', runs, plaintext_bytes: plaintext,
  memory_ms: memoryMs, memory_mb_per_s: mbPerS(plaintext, memoryMs),
  stream_ms: streamMs, stream_mb_per_s: mbPerS(plaintext, streamMs),
}));
