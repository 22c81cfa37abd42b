// Streaming gzip decompression that checks what fflate's Gunzip does not: every member's CRC-32 and
// ISIZE (RFC 1952), and that the stream does not end inside a member. A gzip whose stored bytes were
// changed can still inflate (a stored block inflates whatever it holds), so without the checksum a
// damaged file parsed and trained on the wrong rows. fflate inflates each member's deflate data;
// the gzip framing (header, trailer, members one after another) is read here, and the CRC is
// computed incrementally over the output chunks, so nothing is held to check it later.
import { Inflate } from 'fflate';
import { crc32 } from './crc32';

/** What is wrong with the stream, for the caller's message (it knows the file's name). */
export type GzipFault = 'crc' | 'length' | 'truncated' | 'trailing' | 'header';

export class GzipDamage extends Error {
  constructor(
    readonly fault: GzipFault,
    /** Details for the message: what was stored and what was found, or where it ends. */
    readonly detail: string,
  ) {
    super(`${fault}: ${detail}`);
    this.name = 'GzipDamage';
  }
}

/** fflate's Inflate state, as its own Gunzip reads it to find where a member's deflate data ends:
 *  `s.f` the final block was seen, `s.l` a block is still open, `s.p` the bit position in `p`, the
 *  input not yet consumed. src/data/gunzip_checked.test.ts fails if a new fflate changes them. */
interface InflateInternals {
  s: { f?: number; l?: unknown; p?: number };
  p: Uint8Array;
}

const EMPTY = new Uint8Array(0);

export class CheckedGunzip {
  private state: 'header' | 'body' | 'trailer' | 'padding' = 'header';
  /** Header or trailer bytes seen so far (small: they are read whole before going on). */
  private pending: Uint8Array = EMPTY;
  private inflate: Inflate | null = null;
  private crc = 0;
  private size = 0;
  /** Members finished and checked. */
  members = 0;

  constructor(private readonly emit: (data: Uint8Array, final: boolean) => void) {}

  push(chunk: Uint8Array, final = false): void {
    let data = chunk;
    for (;;) {
      if (this.state === 'padding') {
        // Zero bytes after the last member (tape-block padding) are allowed, as gzip and Python allow them.
        if (data.some((b) => b !== 0)) throw new GzipDamage('trailing', 'bytes after its gzip data that are not gzip');
        break;
      }
      if (this.state === 'header') {
        const buf = join(this.pending, data);
        if (buf.length === 0) break;
        if (this.members > 0 && buf[0] === 0) {
          this.state = 'padding';
          this.pending = EMPTY;
          data = buf;
          continue;
        }
        const n = headerLength(buf, this.members);
        if (n === null) {
          this.pending = buf.slice();
          break;
        }
        this.pending = EMPTY;
        this.crc = 0;
        this.size = 0;
        this.inflate = new Inflate((out) => {
          if (!out.length) return;
          this.crc = crc32(out, this.crc);
          this.size += out.length;
          this.emit(out, false);
        });
        this.state = 'body';
        data = buf.subarray(n);
        continue;
      }
      if (this.state === 'body') {
        const inf = this.inflate!;
        inf.push(data, false);
        const st = (inf as unknown as InflateInternals).s;
        if (!(st.f && !st.l)) break;
        // The member's deflate data ended: what follows in fflate's buffer is its trailer.
        const p = (inf as unknown as InflateInternals).p;
        data = p.subarray(Math.ceil((st.p ?? 0) / 8));
        this.inflate = null;
        this.state = 'trailer';
        continue;
      }
      // trailer: CRC-32 and ISIZE (the length mod 2^32), both little-endian.
      const buf = join(this.pending, data);
      if (buf.length < 8) {
        this.pending = buf.slice();
        break;
      }
      this.pending = EMPTY;
      const storedCrc = u32(buf, 0),
        storedSize = u32(buf, 4);
      const member = this.members > 0 ? ` in member ${this.members + 1}` : '';
      if (storedCrc !== this.crc) throw new GzipDamage('crc', `stored ${hex(storedCrc)}, computed ${hex(this.crc)}${member}`);
      if (storedSize !== this.size % 2 ** 32)
        throw new GzipDamage(
          'length',
          `it says ${storedSize.toLocaleString('en-US')} bytes, the data decompress to ${this.size.toLocaleString('en-US')}${member}`,
        );
      this.members++;
      this.state = 'header';
      data = buf.subarray(8);
    }
    if (!final) return;
    if (this.state === 'body') throw new GzipDamage('truncated', 'it ends inside the compressed data');
    if (this.state === 'trailer') throw new GzipDamage('truncated', 'it ends inside the checksum and length at the end of the data');
    if (this.state === 'header' && (this.members === 0 || this.pending.length > 0)) throw new GzipDamage('truncated', 'it ends inside a gzip header');
    this.emit(EMPTY, true);
  }
}

/** The length of the gzip member header at the start of `b`, or null while it is incomplete. */
function headerLength(b: Uint8Array, members: number): number | null {
  const ok = b[0] === 0x1f && (b.length < 2 || b[1] === 0x8b);
  if (!ok) throw members > 0 ? new GzipDamage('trailing', 'bytes after its gzip data that are not gzip') : new GzipDamage('header', 'it is not gzip');
  if (b.length < 10) return null;
  if (b[2] !== 8) throw new GzipDamage('header', `compression method ${b[2]} is not deflate`);
  const flags = b[3];
  if (flags & 0xe0) throw new GzipDamage('header', 'its header has reserved flag bits set');
  let p = 10;
  if (flags & 4) {
    if (b.length < p + 2) return null;
    p += 2 + (b[p] | (b[p + 1] << 8));
  }
  for (const bit of [8, 16]) {
    if (!(flags & bit)) continue;
    const z = b.indexOf(0, p);
    if (z < 0) return null;
    p = z + 1;
  }
  if (flags & 2) p += 2;
  return b.length >= p ? p : null;
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
