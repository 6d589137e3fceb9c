// What the お薬手帳 tests hand the page, made here from the text so that nothing opaque is
// committed: a pharmacy's JAHIS TC sticker, its CP932 bytes, the same bytes over linked QR
// codes (Structured Append, which the qrcode library cannot write: its bit stream gets a
// header segment of our own), and those codes as a PNG photo or as camera frames (Y4M,
// what Chromium's fake camera plays).
import { createRequire } from 'node:module';
import { crc32, deflateSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const QRCode = require('qrcode');
const Segments = require('qrcode/lib/core/segments');

/** `YYYYMMDD`, `days` before today (UTC), as JAHIS writes a date. */
export function jahisDate(daysAgo) {
  return new Date(Date.now() - daysAgo * 86400000).toISOString().slice(0, 10).replaceAll('-', '');
}

const person = '1,山田　太郎,1,19800401,1000001,東京都千代田区千代田１－１,03-1234-5678,,A,65,ﾔﾏﾀﾞ ﾀﾛｳ';
const pharmacy = '11,さくら薬局　本店,13,4,1234567,1000002,東京都千代田区丸の内１－１,03-0000-1111,1';
const clinic = ['51,千代田クリニック,13,1,7654321,1', '55,医師　一郎,内科,1'];

/**
 * A pharmacy's sticker, record by record (JAHIS TC ver.08, 出力区分 1: pharmacy → person),
 * dispensed `daysAgo` days ago so that its 7 days' medicines are taken today whenever the
 * test runs.
 */
export function stickerLines(daysAgo = 1) {
  return [
    'JAHISTC08,1',
    person,
    `5,${jahisDate(daysAgo)},1`,
    pharmacy,
    '15,薬剤師　花子,,1',
    ...clinic,
    '201,1,ﾛｷｿﾆﾝ錠60mg,3,錠,2,620098801,1',
    '301,1,1日3回毎食後,7,日分,1,,,1',
    '201,2,ガスター錠10mg,2,錠,4,2325003F1022,1',
    '301,2,1日2回朝夕食後,7,日分,1,,,1',
  ];
}

/** Another dispensing of one medicine (for the photo and camera tests), 14 days' supply. */
export function oneMedicineSticker(drug, yj, usage, daysAgo = 0) {
  return ['JAHISTC08,1', person, `5,${jahisDate(daysAgo)},1`, pharmacy, ...clinic,
    `201,1,${drug},1,錠,4,${yj},1`, `301,1,${usage},14,日分,1,,,1`].map((line) => `${line}\r\n`).join('');
}

/** As a file holds it: CRLF after every record. */
export const asFile = (lines) => lines.map((line) => `${line}\r\n`).join('');

/**
 * A later dispensing split into two parts by record 911 (分割制御: data id, parts, this
 * part's number), each part a whole text of its own in its own QR code.
 */
export const splitDataId = '20261127093000';
export function splitParts() {
  return [
    [
      'JAHISTC08,1',
      person,
      `5,${jahisDate(0)},1`,
      pharmacy,
      ...clinic,
      '201,1,ムコスタ錠100mg,3,錠,4,2329021F1021,1',
      '301,1,1日3回毎食後,14,日分,1,,,1',
      `911,${splitDataId},2,1`,
    ],
    [
      'JAHISTC08,1',
      '201,2,アムロジピン錠5mg「サワイ」,1,錠,4,2171022F1090,1',
      '301,2,1日1回朝食後,14,日分,1,,,1',
      `911,${splitDataId},2,2`,
    ],
  ].map((lines) => lines.join('\n'));
}

// CP932 as the WHATWG Shift_JIS decoder reads it (Windows' table), turned around.
let cp932Table = null;
function cp932Of(char) {
  if (!cp932Table) {
    cp932Table = new Map();
    const decoder = new TextDecoder('shift_jis');
    for (let b = 0xa1; b <= 0xdf; b++) cp932Table.set(decoder.decode(Uint8Array.of(b)), [b]);
    for (let lead = 0x81; lead <= 0xfc; lead++) {
      if (lead > 0x9f && lead < 0xe0) continue;
      for (let trail = 0x40; trail <= 0xfc; trail++) {
        if (trail === 0x7f) continue;
        const c = decoder.decode(Uint8Array.of(lead, trail));
        if (c.length === 1 && c !== '\ufffd' && !cp932Table.has(c)) cp932Table.set(c, [lead, trail]);
      }
    }
  }
  const code = char.codePointAt(0);
  if (code < 0x80) return [code];
  const bytes = cp932Table.get(char);
  if (!bytes) throw new Error(`not in CP932: ${char}`);
  return bytes;
}

/** A text's CP932 bytes. */
export function cp932(text) {
  return Uint8Array.from([...text].flatMap(cp932Of));
}

/**
 * A Structured Append header as a segment of the qrcode library: mode indicator 0011, then
 * 16 bits (index, total − 1, parity) where a segment's character count would go.
 */
function structuredAppendHeader(index, total, parity) {
  return {
    mode: { id: 'StructuredAppend', bit: 0b0011, ccBits: [16, 16, 16] },
    getLength: () => (index << 12) | ((total - 1) << 8) | parity,
    getBitsLength: () => 0,
    write: () => {},
  };
}

/** A QR symbol's modules (true = dark) for segments that may start with a header of ours. */
function modulesOf(segments) {
  const original = Segments.fromArray;
  Segments.fromArray = (array) => array.flatMap((s) => (s.header ? [s.header] : original([s])));
  try {
    const { modules } = QRCode.create(segments, { errorCorrectionLevel: 'M' });
    return { size: modules.size, dark: (x, y) => !!modules.get(y, x) };
  } finally {
    Segments.fromArray = original;
  }
}

/**
 * The bytes over linked QR codes, cut at the given offsets (a cut inside a two-byte
 * character is what a careful reader must survive), in index order.
 */
export function structuredAppendSymbols(bytes, cuts) {
  const parity = bytes.reduce((p, b) => p ^ b, 0);
  const bounds = [0, ...cuts, bytes.length];
  const total = bounds.length - 1;
  return Array.from({ length: total }, (_, index) => modulesOf([
    { header: structuredAppendHeader(index, total, parity) },
    { data: bytes.subarray(bounds[index], bounds[index + 1]), mode: 'byte' },
  ]));
}

/** One QR symbol in byte mode, as a pharmacy prints it. */
export function byteSymbol(bytes) {
  return modulesOf([{ data: bytes, mode: 'byte' }]);
}

/** Symbols side by side on white, `scale` pixels a module, as 8-bit gray. */
export function grayImage(symbols, { scale = 4, quiet = 4, width = 0, height = 0 } = {}) {
  const needW = symbols.reduce((w, s) => w + (s.size + 2 * quiet) * scale, 0);
  const needH = Math.max(...symbols.map((s) => (s.size + 2 * quiet) * scale));
  const w = Math.max(width, needW);
  const h = Math.max(height, needH);
  const pixels = new Uint8Array(w * h).fill(255);
  let left = Math.floor((w - needW) / 2);
  const top = Math.floor((h - needH) / 2);
  for (const s of symbols) {
    for (let y = 0; y < s.size; y++) {
      for (let x = 0; x < s.size; x++) {
        if (!s.dark(x, y)) continue;
        for (let dy = 0; dy < scale; dy++) {
          const row = (top + (quiet + y) * scale + dy) * w + left + (quiet + x) * scale;
          pixels.fill(0, row, row + scale);
        }
      }
    }
    left += (s.size + 2 * quiet) * scale;
  }
  return { width: w, height: h, pixels };
}

function pngChunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit grayscale PNG. */
export function png({ width, height, pixels }) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;  // bit depth
  ihdr[9] = 0;  // grayscale
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) rows.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(rows)), pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Gray frames as a Y4M video (4:2:0, neutral chroma) for Chromium's fake camera. */
export function y4m(frames, fps = 4) {
  const { width, height } = frames[0];
  const chroma = Buffer.alloc(2 * Math.ceil(width / 2) * Math.ceil(height / 2), 128);
  const parts = [Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`, 'latin1')];
  for (const frame of frames) parts.push(Buffer.from('FRAME\n', 'latin1'), Buffer.from(frame.pixels), chroma);
  return Buffer.concat(parts);
}
