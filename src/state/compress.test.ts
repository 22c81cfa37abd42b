import { describe, expect, it } from 'vitest';
import { deflateSync, zlibSync } from 'fflate';
import { adler32, fromBase64Url, packJson, toBase64Url, unpackJson } from './compress';

describe('base64url', () => {
  it('matches Node Buffer base64url for lengths 0–9', () => {
    for (let n = 0; n < 10; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 200) & 255);
      expect(toBase64Url(b)).toBe(Buffer.from(b).toString('base64url'));
      expect(Array.from(fromBase64Url(toBase64Url(b)))).toEqual(Array.from(b));
    }
  });

  it('rejects foreign characters and impossible lengths', () => {
    expect(() => fromBase64Url('ab+c')).toThrow();
    expect(() => fromBase64Url('abcde')).toThrow();
    expect(() => fromBase64Url('ab=c')).toThrow();
  });
});

describe('packJson / unpackJson', () => {
  const value = { a: 1, b: 'hello'.repeat(50), c: [1.5, null, true] };

  it('round-trips and compresses', () => {
    const t = packJson(value);
    expect(t.length).toBeLessThan(JSON.stringify(value).length);
    expect(unpackJson(t)).toEqual({ ok: true, value });
  });

  it('detects truncation at every length, never throwing', () => {
    const t = packJson(value);
    for (let cut = 0; cut < t.length; cut++) {
      const r = unpackJson(t.slice(0, cut));
      expect(r.ok).toBe(false);
    }
  });

  it('detects an edited byte through the checksum or the inflater', () => {
    const z = zlibSync(new TextEncoder().encode(JSON.stringify(value)));
    z[Math.floor(z.length / 2)] ^= 0x10;
    expect(unpackJson(toBase64Url(z)).ok).toBe(false);
  });

  it('refuses raw deflate without the zlib header, garbage and non-JSON', () => {
    expect(unpackJson(toBase64Url(deflateSync(new TextEncoder().encode('{}')))).ok).toBe(false);
    expect(unpackJson('%%%').ok).toBe(false);
    expect(unpackJson('').ok).toBe(false);
    expect(unpackJson(toBase64Url(zlibSync(new TextEncoder().encode('{not json'))))).toMatchObject({ ok: false });
  });

  it('caps the inflated size (zip bomb)', () => {
    const bomb = toBase64Url(zlibSync(new TextEncoder().encode(JSON.stringify({ x: 'a'.repeat(1_000_000) }))));
    expect(bomb.length).toBeLessThan(4000);
    const r = unpackJson(bomb);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/exceed/);
  });

  it('adler32 of "Wikipedia" is 0x11E60398', () => {
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
  });
});
