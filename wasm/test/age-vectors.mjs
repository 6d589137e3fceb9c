// Reader for the C2SP CCTV age vectors in native_tests/data/age-cctv (the same files the
// native runner walks): a "key: value" header, a blank line, then the age file.
import { readFileSync, readdirSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

const dir = new URL('../../native_tests/data/age-cctv/', import.meta.url);

export function ageVectors() {
  return readdirSync(dir)
    .filter((name) => name !== 'SOURCE.txt')
    .sort()
    .map((name) => {
      const raw = readFileSync(new URL(name, dir));
      const blank = raw.indexOf('\n\n');
      const vector = { name, identities: [], passphrases: [], postQuantum: /hybrid|mlkem/.test(name), compressed: false };
      for (const line of raw.subarray(0, blank).toString('utf8').split('\n')) {
        const [key, value] = [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)];
        if (key === 'expect') vector.expect = value;
        else if (key === 'payload') vector.payloadSha256 = value;
        else if (key === 'identity') {
          vector.identities.push(value);
          if (value.startsWith('AGE-SECRET-KEY-PQ-')) vector.postQuantum = true;
        } else if (key === 'passphrase') vector.passphrases.push(value);
        else if (key === 'compressed') vector.compressed = true;
      }
      const body = raw.subarray(blank + 2);
      vector.file = vector.compressed ? inflateSync(body) : body;
      return vector;
    });
}

export const expectedCode = {
  'header failure': 'AGE_HEADER',
  'HMAC failure': 'AGE_HMAC',
  'payload failure': 'AGE_PAYLOAD',
  'armor failure': 'AGE_ARMOR',
  'no match': 'AGE_NO_MATCH',
};
