// The byte end of the parser: looks at the first bytes of the input, decompresses gzip as it
// streams (fflate, in the page and the CLI alike; every member's CRC-32 and length checked by
// gunzip_checked.ts), picks the text encoding from a byte-order mark
// (UTF-8, UTF-16 LE/BE) and refuses, by name, what it can tell is not text it can read: UTF-16
// without a BOM, UTF-32, ZIP / Excel workbooks, binary files. Text goes on to `emit`.
import { fail, formatBytes } from './errors';
import { CheckedGunzip, GzipDamage } from './gunzip_checked';
import { DEFAULT_MAX_BYTES, type ParseOptions } from './types';
import { Utf8StreamDecoder } from './utf8';

/** Bytes looked at before deciding (fewer only when the input is shorter). */
const SNIFF_BYTES = 512;

type Decode = (chunk: Uint8Array, final: boolean) => void;

/** Holds the first SNIFF_BYTES, then hands them and everything after to the stage `decide` picks. */
class Sniffer {
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  private next: Decode | null = null;

  constructor(private readonly decide: (head: Uint8Array) => Decode) {}

  push(chunk: Uint8Array, final: boolean): void {
    if (this.next) return this.next(chunk, final);
    if (chunk.length) this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes < SNIFF_BYTES && !final) return;
    const head = concatAll(this.held, this.heldBytes);
    this.held = [];
    this.next = this.decide(head.subarray(0, SNIFF_BYTES));
    this.next(head, final);
  }
}

export class ByteFront {
  private readonly outer: Sniffer;
  private decompressed = 0;
  /** 'gzip' once the input was seen to be gzip (for the parse result). */
  compression: 'gzip' | null = null;

  constructor(
    private readonly options: ParseOptions,
    private readonly emit: (text: string) => void,
  ) {
    this.outer = new Sniffer((head) => (isGzip(head) ? this.gunzip() : this.textStage(head)));
  }

  push(chunk: Uint8Array, final = false): void {
    this.outer.push(chunk, final);
  }

  private gunzip(): Decode {
    this.compression = 'gzip';
    const limit = this.options.maxBytes ?? DEFAULT_MAX_BYTES;
    const inner = new Sniffer((head) => this.textStage(head));
    const g = new CheckedGunzip((data, final) => {
      this.decompressed += data.length;
      if (this.decompressed > limit) {
        const name = this.options.fileName ? `"${this.options.fileName}"` : 'The file';
        fail('FILE_TOO_LARGE', `${name} decompresses to more than ${formatBytes(limit)}, the limit. Use a smaller file or raise the limit.`, {
          size: this.decompressed,
          limit,
          file: this.options.fileName,
        });
      }
      inner.push(data, final);
    });
    return (chunk, final) => {
      try {
        g.push(chunk, final);
      } catch (e) {
        if ((e as Error).name === 'DataErrorException') throw e;
        const file = this.options.fileName;
        if (e instanceof GzipDamage) fail('READ_FAILED', gzipDamageMessage(e, file), { file });
        const name = file ? `"${file}"` : 'The file';
        fail('READ_FAILED', `${name} starts like a gzip file but cannot be decompressed (${(e as Error).message}): the file is damaged.`, { file });
      }
    };
  }

  /** The decoder for these first bytes, or a refusal naming what the bytes are. */
  private textStage(head: Uint8Array): Decode {
    const refuse = (what: string, advice: string) =>
      fail('UNSUPPORTED_ENCODING', `${this.options.fileName ? `"${this.options.fileName}"` : 'The file'} ${what}. ${advice}`, {
        file: this.options.fileName,
      });
    const resave = 'Re-save or export it as UTF-8 text (CSV, TSV or JSON Lines).';
    const b = head;
    if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) refuse('is UTF-32 (little-endian) text', resave);
    if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) refuse('is UTF-32 (big-endian) text', resave);
    if (b[0] === 0xff && b[1] === 0xfe) return utf16('utf-16le', this.emit, this.options.fileName);
    if (b[0] === 0xfe && b[1] === 0xff) return utf16('utf-16be', this.emit, this.options.fileName);
    if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4)
      refuse('is a ZIP archive (an Excel .xlsx workbook is one)', 'Unzip it, or export the sheet as CSV.');
    if (isGzip(b)) refuse('is gzip inside gzip', 'Decompress it once and try again.');
    const nul = nulPattern(b);
    if (nul === 'le' || nul === 'be')
      refuse(`looks like UTF-16 (${nul === 'le' ? 'little' : 'big'}-endian) without a byte-order mark`, `${resave} (or as UTF-16 with a BOM)`);
    if (nul === 'binary') refuse('looks like a binary file, not text (it holds NUL bytes)', resave);
    const utf8 = new Utf8StreamDecoder(this.options.fileName);
    return (chunk, final) => {
      const text = utf8.decode(chunk, final);
      if (text) this.emit(text);
    };
  }
}

/** The refusal of a damaged gzip stream, naming the file and what does not match. */
export function gzipDamageMessage(e: GzipDamage, fileName?: string): string {
  const name = fileName ? `"${fileName}"` : 'The gzip data';
  const again = 'Download or copy it again.';
  switch (e.fault) {
    case 'crc':
      return `${name}: its gzip checksum (CRC-32) does not match: the file is damaged (${e.detail}). ${again}`;
    case 'length':
      return `${name}: its gzip length (ISIZE) does not match: the file is damaged (${e.detail}). ${again}`;
    case 'truncated':
      return `${name}: its gzip stream is truncated: the file is damaged (${e.detail}). ${again}`;
    case 'trailing':
      return `${name}: it holds ${e.detail}: the file is damaged. ${again}`;
    default:
      return `${name} starts like a gzip file but its header is not valid (${e.detail}): the file is damaged. ${again}`;
  }
}

function utf16(label: 'utf-16le' | 'utf-16be', emit: (text: string) => void, fileName?: string): Decode {
  const decoder = new TextDecoder(label, { fatal: true }); // drops the BOM
  return (chunk, final) => {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: !final });
    } catch {
      fail(
        'INVALID_UTF8',
        `${fileName ? `"${fileName}"` : 'The file'} starts with a ${label.toUpperCase()} byte-order mark but is not valid ${label.toUpperCase()}.`,
        {
          file: fileName,
        },
      );
    }
    if (text) emit(text);
  };
}

function isGzip(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 8;
}

/** Where the NUL bytes of the head are: mostly at odd offsets (UTF-16 LE of ASCII-range text),
 *  at even ones (BE), anywhere (binary), or none to speak of. */
function nulPattern(b: Uint8Array): 'le' | 'be' | 'binary' | null {
  const pairs = Math.floor(b.length / 2);
  if (pairs === 0) return b[0] === 0 ? 'binary' : null;
  let even = 0,
    odd = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  // A stray NUL (a label "0\0") is the label check's to report; a file full of them is not text.
  if (even + odd < 0.1 * pairs) return null;
  if (odd >= 0.3 * pairs && even <= 0.05 * pairs) return 'le';
  if (even >= 0.3 * pairs && odd <= 0.05 * pairs) return 'be';
  return 'binary';
}

function concatAll(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
