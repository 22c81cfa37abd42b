// JSON ⇄ zlib (fflate) ⇄ base64url, for link fragments. Decoding is defensive: the text is
// checked character by character, the inflated size is capped (no zip bombs), and the zlib
// Adler-32 checksum is verified so a truncated or edited link is detected instead of half-read.

import { Inflate, zlibSync } from 'fflate';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_INDEX = new Map([...B64].map((ch, i) => [ch, i]));

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let j = 0; j < chars; j++) out += B64[(n >> (18 - 6 * j)) & 63];
  }
  return out;
}

/** Strict base64url (no padding); throws on any other character or an impossible length. */
export function fromBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new Error('the encoded text has an impossible length (truncated?)');
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let acc = 0,
    bits = 0,
    o = 0;
  for (const ch of text) {
    const v = B64_INDEX.get(ch);
    if (v === undefined) throw new Error(`unexpected character ${JSON.stringify(ch)} in the encoded text`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
      acc &= (1 << bits) - 1;
    }
  }
  return out;
}

export function packJson(value: unknown): string {
  return toBase64Url(zlibSync(new TextEncoder().encode(JSON.stringify(value)), { level: 9 }));
}

export type Unpacked = { ok: true; value: unknown } | { ok: false; error: string };

/** Never throws: malformed base64, bad zlib data, a wrong checksum, oversize output or bad JSON → ok: false. */
export function unpackJson(text: string, maxBytes = 64 * 1024): Unpacked {
  try {
    const z = fromBase64Url(text);
    if (z.length < 6) return { ok: false, error: 'the encoded data is too short (truncated?)' };
    if ((z[0] & 15) !== 8 || ((z[0] << 8) | z[1]) % 31 !== 0 || (z[1] & 32) !== 0) return { ok: false, error: 'not zlib data' };
    const raw = inflateCapped(z.subarray(2, z.length - 4), maxBytes);
    const want = ((z[z.length - 4] << 24) | (z[z.length - 3] << 16) | (z[z.length - 2] << 8) | z[z.length - 1]) >>> 0;
    if (adler32(raw) !== want) return { ok: false, error: 'checksum mismatch (truncated or edited link)' };
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw)) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

function inflateCapped(body: Uint8Array, maxBytes: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) throw new Error(`the decoded data exceed ${maxBytes} bytes`);
    chunks.push(chunk);
    if (final) done = true;
  });
  // Small input pieces bound how much one push can expand before the size check runs.
  const STEP = 256;
  for (let i = 0; i < body.length; i += STEP) inflater.push(body.subarray(i, i + STEP), i + STEP >= body.length);
  if (body.length === 0) inflater.push(body, true);
  if (!done) throw new Error('the compressed data end early (truncated?)');
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

export function adler32(data: Uint8Array): number {
  let a = 1,
    b = 0;
  for (let i = 0; i < data.length; i++) {
    a = (a + data[i]) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}
