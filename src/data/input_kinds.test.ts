// Inputs that are not plain UTF-8 CSV: gzip, UTF-16, other encodings, JSON arrays, over-long
// rows and fields. Real bytes through the shared parser (parseBytes / parseChunks), which the
// page's worker and the CLI both run.
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { DataError } from './errors';
import { parseBytes, parseChunks, parseText } from './parse';
import { rowArrays } from './table_rows';
import type { ParseOptions, ParsedTable } from './types';

const enc = (s: string) => new TextEncoder().encode(s);
const CSV = 'text,label\ngood film,1\nbad film,0\nfine,1\n';

function ok(r: { ok: true; value: ParsedTable } | { ok: false; error: DataError }): ParsedTable {
  if (!r.ok) throw new Error(`unexpected ${r.error.code}: ${r.error.message}`);
  return r.value;
}
function bad(r: { ok: boolean; error?: DataError }): DataError {
  if (r.ok) throw new Error('expected an error');
  return r.error!;
}
/** The same bytes in chunks of `size` (decisions must not depend on chunking). */
function chunked(bytes: Uint8Array, o: ParseOptions, size = 7) {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return parseChunks(parts, o);
}
function utf16(s: string, be: boolean, bom = true): Uint8Array {
  const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
  const units = (bom ? '\ufeff' : '') + s;
  for (let i = 0; i < units.length; i++) {
    const u = units.charCodeAt(i);
    out[2 * i + (be ? 1 : 0)] = u & 0xff;
    out[2 * i + (be ? 0 : 1)] = u >> 8;
  }
  return out;
}

describe('gzip', () => {
  const gz = gzipSync(enc(CSV));
  it('is decompressed by streaming, by name or by its magic bytes alone', async () => {
    const plain = rowArrays(ok(parseText(CSV)).rows, 2);
    expect(rowArrays(ok(parseBytes(gz, { fileName: 'train.csv.gz' })).rows, 2)).toEqual(plain);
    const t = ok(await chunked(gz, { fileName: 'data' }, 5));
    expect(t.columns).toEqual(['text', 'label']);
    expect(rowArrays(t.rows, 2)).toEqual(plain);
  });
  it('a truncated gzip file is READ_FAILED, not a Latin-1 error', () => {
    const e = bad(parseBytes(gz.subarray(0, gz.length - 12), { fileName: 'x.csv.gz' }));
    expect(e.code).toBe('READ_FAILED');
    expect(e.message).toMatch(/gzip/);
  });
  it('the size limit applies to the decompressed bytes', () => {
    const big = gzipSync(enc(`text,label\n${'a long enough text,1\n'.repeat(5000)}`));
    const e = bad(parseBytes(big, { maxBytes: 50_000 }));
    expect(e.code).toBe('FILE_TOO_LARGE');
    expect(e.message).toContain('decompresses to more than');
  });
});

describe('encodings', () => {
  it('UTF-16 LE and BE with a byte-order mark are decoded', async () => {
    const text = 'text\tlabel\nçà et là\t1\nnaïve\t0\n日本語\t1\n';
    for (const be of [false, true]) {
      const t = ok(parseBytes(utf16(text, be)));
      expect(t.columns).toEqual(['text', 'label']);
      expect(rowArrays(t.rows, 2)).toEqual([
        ['çà et là', '1'],
        ['naïve', '0'],
        ['日本語', '1'],
      ]);
      expect(rowArrays(ok(await chunked(utf16(text, be), {}, 3)).rows, 2)[2]).toEqual(['日本語', '1']);
    }
  });
  it('UTF-16 without a BOM is refused by name (not as a ragged row)', () => {
    for (const be of [false, true]) {
      const e = bad(parseBytes(utf16(CSV, be, false)));
      expect(e.code).toBe('UNSUPPORTED_ENCODING');
      expect(e.message).toContain(`UTF-16 (${be ? 'big' : 'little'}-endian) without a byte-order mark`);
    }
  });
  it('Latin-1 is INVALID_UTF8 naming Latin-1 and the place', () => {
    const latin1 = new Uint8Array([...enc('text,label\ncaf'), 0xe9, ...enc(',1\nb,0\n')]);
    const e = bad(parseBytes(latin1));
    expect(e.code).toBe('INVALID_UTF8');
    expect(e.line).toBe(2);
    expect(e.message).toContain('Latin-1');
  });
  it('a stray NUL in a text file (a label "0\\0") is text, left to the label warnings', () => {
    const bytes = enc('text,label\nthe first review,0\u0000\nthe second review,1\nthe third one,0\n');
    const t = ok(parseBytes(bytes));
    expect(rowArrays(t.rows, 2)[0]).toEqual(['the first review', '0\u0000']);
  });
  it('ZIP (xlsx), UTF-32 and binary files are refused by what they are', () => {
    const zip = new Uint8Array([0x50, 0x4b, 3, 4, ...enc('xl/workbook.xml....')]);
    expect(bad(parseBytes(zip)).message).toContain('ZIP archive');
    const utf32 = new Uint8Array([0xff, 0xfe, 0, 0, 0x74, 0, 0, 0]);
    expect(bad(parseBytes(utf32)).message).toContain('UTF-32');
    const binary = new Uint8Array(600).map((_, i) => (i % 3 === 0 ? 0 : 200 + (i % 50)));
    const e = bad(parseBytes(binary));
    expect(e.code).toBe('UNSUPPORTED_ENCODING');
    expect(e.message).toContain('binary');
  });
});

describe('JSON array files', () => {
  const records = [
    { text: 'good, "quoted" film', label: 1 },
    { label: 0, text: 'bad [film]' },
    { text: 'fine {ok}', label: 1 },
  ];
  it('one array of records is read element by element, on one line or pretty-printed, with a warning', async () => {
    for (const json of [JSON.stringify(records), JSON.stringify(records, null, 2)]) {
      const t = ok(await chunked(enc(json), { fileName: 'data.json' }, 4));
      expect(t.format).toBe('jsonl');
      expect(t.columns).toEqual(['text', 'label']);
      expect(rowArrays(t.rows, 2)).toEqual([
        ['good, "quoted" film', '1'],
        ['bad [film]', '0'],
        ['fine {ok}', '1'],
      ]);
      expect(t.warnings.map((w) => w.code)).toEqual(['JSON_ARRAY']);
    }
    // Pretty-printed: each row keeps the line its element starts on.
    expect(ok(parseText(JSON.stringify(records, null, 2), { fileName: 'd.json' })).lines).toEqual([2, 6, 10]);
    // Without a name too.
    expect(ok(parseText(JSON.stringify(records))).columns).toEqual(['text', 'label']);
  });
  it('a truncated array or a non-object element is INVALID_JSON with a reason', () => {
    const e = bad(parseText(JSON.stringify(records).slice(0, -1), { fileName: 'd.json' }));
    expect(e.code).toBe('INVALID_JSON');
    expect(e.message).toContain('closing "]"');
    expect(bad(parseText('[{"text":"a","label":1}, 3]', { fileName: 'd.json' })).message).toContain('not an object');
  });
});

describe('row and field limits', () => {
  it('a line over maxLineChars is LINE_TOO_LONG with its line and the limit, however it is chunked', async () => {
    const text = `text\tlabel\nshort\t1\n${'x'.repeat(5000)}\t0\nok\t1\n`;
    for (const r of [parseText(text, { maxLineChars: 1000 }), await chunked(enc(text), { maxLineChars: 1000 }, 333)]) {
      const e = bad(r);
      expect(e.code).toBe('LINE_TOO_LONG');
      expect(e.line).toBe(3);
      expect(e.message).toContain('Line 3 is longer than 1,000 characters');
    }
    expect(ok(parseText(text, { maxLineChars: 6000 })).rows.count).toBe(3);
  });
  it('input with no line break at all is refused once it passes the limit, not buffered', async () => {
    const chunks = Array.from({ length: 50 }, () => enc('y'.repeat(1000)));
    const e = bad(await parseChunks(chunks, { maxLineChars: 20_000 }));
    expect(e.code).toBe('LINE_TOO_LONG');
    expect(e.line).toBe(1);
  });
  it('a quoted field over the limit is FIELD_TOO_LONG (it used to be a ragged row)', async () => {
    const body = 'a line of a long e-mail\n'.repeat(200);
    const text = `text,label\nfirst,1\n"${body}",0\nlast,1\n`;
    for (const r of [parseText(text, { maxLineChars: 2000 }), await chunked(enc(text), { maxLineChars: 2000 }, 500)]) {
      const e = bad(r);
      expect(e.code).toBe('FIELD_TOO_LONG');
      expect(e.line).toBe(3);
      expect(e.message).toContain('quoted field that starts on line 3');
    }
    expect(rowArrays(ok(parseText(text, { maxLineChars: 10_000 })).rows, 2)[1][0]).toBe(body);
  });
  it('a JSON Lines line over the limit is LINE_TOO_LONG', () => {
    const text = `{"text":"a","label":1}\n{"text":"${'z'.repeat(3000)}","label":0}\n`;
    const e = bad(parseText(text, { fileName: 'd.jsonl', maxLineChars: 1000 }));
    expect(e.code).toBe('LINE_TOO_LONG');
    expect(e.line).toBe(2);
  });
});

describe('headers with empty or repeated names', () => {
  it('are detected as a header and renamed, with a warning naming the columns', () => {
    const t = ok(parseText('text,text,,label\nthe film was good,it was fine,x,1\nthe film was bad,it was not,y,0\nmeh,meh too,z,1\n'));
    expect(t.hasHeader).toBe(true);
    expect(t.columns).toEqual(['text', 'text (2)', 'column 3', 'label']);
    expect(t.warnings).toHaveLength(1);
    expect(t.warnings[0].code).toBe('RENAMED_COLUMNS');
    expect(t.warnings[0].message).toContain('"text" (column 2) → "text (2)"');
    expect(t.warnings[0].message).toContain('empty name (column 3) → "column 3"');
  });
});
