// Streaming UTF-8 decoding that refuses invalid bytes (TextDecoder fatal: true) and says where
// they are: TextDecoder only throws, so on failure we re-scan to find the byte offset and line.
import { fail } from './errors';

/** Index of the first byte that starts an invalid UTF-8 sequence, or -1. With `final` false an
 *  incomplete sequence at the very end is not an error (more bytes may follow). */
export function findInvalidUtf8(bytes: Uint8Array, final = true): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number, min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) {
      // Sequence runs past the end: check what we have, then decide by `final`.
      for (let k = 1; i + k < n; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
      return final ? i : -1;
    }
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Length of an incomplete multi-byte sequence at the end of `bytes` (0–3). */
function incompleteTailLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return len > back ? back : 0;
  }
  return 0;
}

function countNewlines(bytes: Uint8Array, end = bytes.length): number {
  let c = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) c++;
  return c;
}

/** Decodes a byte stream chunk by chunk (a BOM at the start comes through as U+FEFF; the parser
 *  drops it). Chunk boundaries are handled here, not with TextDecoder's stream mode: in Node a
 *  streaming decode returns two-byte strings even for ASCII, which doubled the memory of every row. */
export class Utf8StreamDecoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private bytesBefore = 0;
  private linesBefore = 0;
  private tail: Uint8Array = new Uint8Array(0);

  constructor(private readonly fileName?: string) {}

  decode(chunk: Uint8Array, final = false): string {
    const joined = concat(this.tail, chunk);
    const keep = final ? 0 : incompleteTailLength(joined);
    let text: string;
    try {
      text = this.decoder.decode(keep ? joined.subarray(0, joined.length - keep) : joined);
    } catch {
      this.report(chunk, final);
    }
    this.bytesBefore += chunk.length;
    this.linesBefore += countNewlines(chunk);
    this.tail = keep ? joined.slice(joined.length - keep) : new Uint8Array(0);
    return text;
  }

  private report(chunk: Uint8Array, final: boolean): never {
    const joined = concat(this.tail, chunk);
    let at = findInvalidUtf8(joined, final);
    if (at < 0) at = 0; // TextDecoder disagreed with us; point at the chunk start rather than lie
    const inChunk = Math.max(0, at - this.tail.length);
    const byteOffset = this.bytesBefore - this.tail.length + at;
    const line = this.linesBefore + countNewlines(chunk, inChunk) + 1;
    const byte = joined[at] ?? 0;
    fail(
      'INVALID_UTF8',
      `The file is not valid UTF-8: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at byte offset ${byteOffset} (line ${line}) ` +
        `cannot be decoded. Re-save the file as UTF-8 (it may be Latin-1 or Windows-1252).`,
      { byteOffset, line, file: this.fileName },
    );
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
