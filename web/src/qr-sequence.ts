// QR Structured Append: one long text split over up to 16 symbols (mode indicator 0011:
// 4-bit index, 4-bit total, 8-bit parity). The symbols' bytes are joined in index order
// before anything reads them as text, because a two-byte CP932 character can start in one
// symbol and end in the next. Symbols arrive in any order, one frame at a time, and the
// same symbol is seen over and over while it stays in front of the camera.

/** One decoded symbol: its data bytes and, for a Structured Append symbol, its place. */
export interface QrSymbol {
  bytes: Uint8Array;
  /** 0-based place in the sequence; -1 for a symbol of its own. */
  index: number;
  /** Symbols in the sequence; -1 (or 0, unknown) for a symbol of its own. */
  total: number;
  /** What ties a sequence's symbols together (for QR, its parity byte). */
  sequenceId: string;
}

/** A sequence still being read: how many of its symbols are in. */
export interface SequenceProgress {
  read: number;
  total: number;
}

/** A symbol as a key: its place and every byte, so that only the very same symbol matches. */
function symbolKey(symbol: QrSymbol): string {
  let bytes = '';
  for (const b of symbol.bytes) bytes += String.fromCharCode(b);
  return `${symbol.sequenceId}/${symbol.total}/${symbol.index}/${bytes}`;
}

export class QrSequences {
  private readonly open = new Map<string, { total: number; parts: Map<number, Uint8Array> }>();
  /** Symbols already taken: the camera sees a code in many frames, and it counts once. */
  private readonly seen = new Set<string>();

  /**
   * Takes one symbol. Returns the whole message when it is a new symbol of its own or the
   * last missing symbol of its sequence; null while a sequence still misses symbols, and
   * for a symbol taken before.
   */
  add(symbol: QrSymbol): Uint8Array | null {
    const key = symbolKey(symbol);
    if (this.seen.has(key)) return null;
    this.seen.add(key);
    if (symbol.total < 2 || symbol.index < 0 || symbol.index >= symbol.total) return symbol.bytes;
    const id = `${symbol.sequenceId}/${symbol.total}`;
    let sequence = this.open.get(id);
    if (!sequence) {
      sequence = { total: symbol.total, parts: new Map() };
      this.open.set(id, sequence);
    }
    sequence.parts.set(symbol.index, symbol.bytes);
    if (sequence.parts.size < sequence.total) return null;
    this.open.delete(id);
    const parts = [...sequence.parts.entries()].sort(([a], [b]) => a - b).map(([, bytes]) => bytes);
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      at += part.length;
    }
    return joined;
  }

  /** The sequences begun and not yet whole, for the page to say how far each is. */
  progress(): SequenceProgress[] {
    return [...this.open.values()].map((s) => ({ read: s.parts.size, total: s.total }));
  }

  /** Forgets every symbol: the same codes read again count again. */
  clear(): void {
    this.open.clear();
    this.seen.clear();
  }
}
