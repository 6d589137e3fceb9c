// Reads every QR code in an image (a camera frame, a photo) with zxing-wasm (ZXing-C++),
// which gives what jsQR does not: each symbol's raw data bytes and its Structured Append
// header (index, total, parity). jsQR 1.4.0 has no Structured Append mode: it takes the
// header's index for a mode indicator and stops, so a pharmacy's linked QR codes read as
// empty. The reader is loaded only when a person scans, and its .wasm comes from the page's
// own origin (the library would fetch it from a CDN by default): no image leaves the page.
import type { QrSymbol } from './qr-sequence.js';
import readerWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

type Reader = typeof import('zxing-wasm/reader');

let reader: Promise<Reader> | null = null;

function loadReader(): Promise<Reader> {
  reader ??= import('zxing-wasm/reader').then((zxing) => {
    zxing.prepareZXingModule({
      overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? readerWasmUrl : prefix + path) },
    });
    return zxing;
  });
  return reader;
}

/** The QR codes in an image, each with its bytes as written (no text decoding). */
export async function readQrSymbols(image: ImageData | Blob): Promise<QrSymbol[]> {
  const zxing = await loadReader();
  const results = await zxing.readBarcodes(image, { formats: ['QRCode'], tryHarder: true, tryInvert: true, maxNumberOfSymbols: 16 });
  return results
    .filter((r) => r.isValid)
    .map((r) => ({ bytes: new Uint8Array(r.bytes), index: r.sequenceIndex, total: r.sequenceSize, sequenceId: r.sequenceId }));
}
