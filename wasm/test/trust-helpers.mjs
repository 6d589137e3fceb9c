// Helpers for the trust tests: an outside signer (Node's own Ed25519, not the core's) that
// writes techo-envelope/v1 files, and a small ustar reader/writer to take a backup apart
// and put a crafted one together, as an attacker with a text editor would.
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';

/** The demo issuer of scripts/make-demo-assets (its seed is public on purpose). */
export const demoSeed = createHash('sha256').update('techo demo issuer seed v1').digest();
export const demoIssuerName = 'Techo デモ発行元';

export function issuerKey(seed) {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const raw = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32);
  return {
    privateKey,
    publicKey: raw.toString('base64'),
    keyId: 'ed25519:' + createHash('sha256').update(raw).digest('hex').slice(0, 32),
  };
}

/**
 * RFC 8785 as JavaScript gives it for free: JSON.stringify writes ECMAScript numbers and
 * JCS string escapes, and Array.prototype.sort compares UTF-16 code units.
 */
export function jcs(value) {
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${jcs(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A signed envelope around `payload`. `fields` override the envelope's fields (e.g. a
 * claimed issuer name, created, recipient, mediaType, extra fields); `line` rewrites the
 * envelope line after signing (to test how it is read: duplicate keys, other number forms).
 */
export function sealEnvelope(payload, key, fields = {}, line = (text) => text) {
  const bytes = Buffer.from(payload);
  const { name = demoIssuerName, ...rest } = fields;
  const unsigned = {
    created: '2026-11-01T09:00:00+09:00',
    issuer: { key: key.publicKey, keyId: key.keyId, name },
    mediaType: 'application/fhir+json',
    payload: { length: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
    recipient: '',
    ...rest,
  };
  const message = Buffer.concat([Buffer.from('techo-envelope/v1 signature\n'), Buffer.from(jcs(unsigned))]);
  const signature = sign(null, message, key.privateKey).toString('base64');
  const text = line(JSON.stringify({ ...unsigned, signature }));
  return Buffer.concat([Buffer.from(`techo-envelope/v1\n${text}\n`), bytes]);
}

/** The regular files of a ustar archive, in order. */
export function readTar(archive) {
  const files = [];
  for (let at = 0; at + 512 <= archive.length;) {
    const header = archive.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim(), 8);
    at += 512;
    files.push({ name, data: Buffer.from(archive.subarray(at, at + size)) });
    at += Math.ceil(size / 512) * 512;
  }
  return files;
}

export function writeTar(files) {
  const blocks = [];
  for (const { name, data } of files) {
    const header = Buffer.alloc(512);
    header.write(name, 0, 'utf8');
    header.write('0000644\0', 100, 'ascii');
    header.write('0000000\0', 108, 'ascii');
    header.write('0000000\0', 116, 'ascii');
    header.write(data.length.toString(8).padStart(11, '0') + '\0', 124, 'ascii');
    header.write('00000000000\0', 136, 'ascii');
    header.write('0', 156, 'ascii');
    header.write('ustar\0' + '00', 257, 'ascii');
    header.fill(' ', 148, 156);
    const sum = header.reduce((n, b) => n + b, 0);
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export const sha256hex = (data) => createHash('sha256').update(data).digest('hex');

/** Rewrites a backup's parts with `edit(files)` and makes the manifest agree, as an attacker can. */
export function craftBackup(archive, edit, { rehash = true } = {}) {
  const files = readTar(archive);
  edit(files);
  if (rehash) {
    const manifestFile = files.find((f) => f.name === 'manifest.json');
    const manifest = JSON.parse(manifestFile.data.toString('utf8'));
    for (const entry of manifest.files) {
      const part = files.find((f) => f.name === entry.name);
      if (part) Object.assign(entry, { bytes: part.data.length, sha256: sha256hex(part.data) });
    }
    manifestFile.data = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
  }
  return writeTar(files);
}
