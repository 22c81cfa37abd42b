// Damaged gzip files are refused by name (issue 22, item 6): the CRC-32 and the length (ISIZE) of
// every member are checked, and a stream that ends inside a member is truncated. A stored
// (uncompressed) deflate block inflates whatever bytes it holds, so a changed label byte there
// still decompresses: only the checksum can tell.
import { crc32 as nodeCrc32 } from 'node:zlib';
import { gunzipSync as gunzipUnchecked, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadBuiltinDataset, type BuiltinSource } from './builtin';
import { crc32 } from './crc32';
import type { DataError } from './errors';
import { CheckedGunzip } from './gunzip_checked';
import { parseBytes, parseChunks } from './parse';
import { cellAt, rowArrays } from './table_rows';

const enc = (s: string) => new TextEncoder().encode(s);
const CSV = `text,label\n${Array.from({ length: 40 }, (_, i) => `review number ${i},${i % 2}`).join('\n')}\n`;
/** level 0: stored blocks, the raw text inside the deflate data. */
const stored = (s: string) => gzipSync(enc(s), { level: 0 });

function refusal(r: { ok: boolean; error?: DataError }): DataError {
  if (r.ok) throw new Error('expected the file to be refused');
  return r.error!;
}

/** The bytes with the label of line `line` (1-based) flipped 0 ↔ 1 inside the stored block. */
function flipLabel(gz: Uint8Array, text: string, line: number): Uint8Array {
  const lines = text.split('\n');
  const at = lines.slice(0, line - 1).join('\n').length + 1 + lines[line - 1].length - 1; // the label's offset in the text
  const plain = enc(text);
  const offset = gz.findIndex((_, i) => i + plain.length <= gz.length && gz.subarray(i, i + 40).every((b, k) => b === plain[k]));
  const out = gz.slice();
  out[offset + at] ^= 1; // '0' (0x30) ↔ '1' (0x31)
  return out;
}

function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return parts;
}

describe('crc32', () => {
  it('matches zlib.crc32, whole and continued chunk by chunk', () => {
    const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 2654435761) >>> 24);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(enc('123456789'))).toBe(0xcbf43926);
    expect(crc32(bytes)).toBe(nodeCrc32(bytes));
    let c = 0;
    for (const part of chunks(bytes, 777)) c = crc32(part, c);
    expect(c).toBe(nodeCrc32(bytes));
  });
});

describe('gzip checks', () => {
  const gz = stored(CSV);

  it('a valid gzip parses, one member or several, in any chunking', async () => {
    const plain = rowArrays(parseBytesOk(enc(CSV)).rows, 2);
    expect(rowArrays(parseBytesOk(gz).rows, 2)).toEqual(plain);
    const half = CSV.indexOf('\nreview number 20') + 1;
    const twoMembers = new Uint8Array([...gzipSync(enc(CSV.slice(0, half))), ...stored(CSV.slice(half))]);
    for (const size of [1, 3, 8, 11, 4096]) {
      const r = await parseChunks(chunks(twoMembers, size), { fileName: 'two.csv.gz' });
      if (!r.ok) throw new Error(r.error.message);
      expect(rowArrays(r.value.rows, 2)).toEqual(plain);
    }
    // Zero padding after the last member is allowed (gzip and Python's gzip allow it too).
    expect(parseBytesOk(new Uint8Array([...gz, 0, 0, 0, 0])).rows.count).toBe(40);
  });

  it('a changed label byte that still inflates is refused by its CRC-32, naming the file', () => {
    const damaged = flipLabel(gz, CSV, 5);
    // It inflates: without the checksum, line 5 would read with the other label.
    const text = new TextDecoder().decode(gunzipUnchecked(damaged));
    expect(text.split('\n')[4]).toBe('review number 3,0');
    expect(cellAt(parseBytesOk(gz).rows, 3, 1)).toBe('1');
    const e = refusal(parseBytes(damaged, { fileName: 'train.csv.gz' }));
    expect(e.code).toBe('READ_FAILED');
    expect(e.file).toBe('train.csv.gz');
    expect(e.message).toMatch(
      /^"train\.csv\.gz": its gzip checksum \(CRC-32\) does not match: the file is damaged \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)/,
    );
  });

  it('a wrong length (ISIZE) is refused', () => {
    const bad = gz.slice();
    bad[bad.length - 4] ^= 0x10;
    const e = refusal(parseBytes(bad, { fileName: 'train.csv.gz' }));
    expect(e.message).toContain('"train.csv.gz": its gzip length (ISIZE) does not match: the file is damaged');
  });

  it('a stream that ends inside the trailer or the compressed data is truncated', () => {
    for (const cut of [3, 8, 200]) {
      const e = refusal(parseBytes(gz.subarray(0, gz.length - cut), { fileName: 'train.csv.gz' }));
      expect(e.message, `cut ${cut}`).toContain('"train.csv.gz": its gzip stream is truncated: the file is damaged');
    }
  });

  it('the second member of a multi-member file is checked too', () => {
    const tail = 'review number 99,1\n';
    const second = flipLabel(stored(tail), tail, 1);
    const e = refusal(parseBytes(new Uint8Array([...gzipSync(enc(CSV)), ...second]), { fileName: 'two.csv.gz' }));
    expect(e.message).toContain('its gzip checksum (CRC-32) does not match');
    expect(e.message).toContain('in member 2');
    const garbage = refusal(parseBytes(new Uint8Array([...gzipSync(enc(CSV)), 0x41, 0x42]), { fileName: 'two.csv.gz' }));
    expect(garbage.message).toContain('that are not gzip: the file is damaged');
  });

  it('checks as it streams: every output chunk is handed on, the final one after the last check', () => {
    const seen: number[] = [];
    const g = new CheckedGunzip((data, final) => seen.push(final ? -1 : data.length));
    for (const part of chunks(gzipSync(enc(CSV.repeat(200))), 1000)) g.push(part);
    g.push(new Uint8Array(0), true);
    expect(seen.at(-1)).toBe(-1);
    expect(seen.slice(0, -1).reduce((a, b) => a + b, 0)).toBe(CSV.length * 200);
    expect(g.members).toBe(1);
  });

  it('a built-in split whose gzip is damaged is refused, naming the file', async () => {
    // A tiny built-in data set in the shipped layout (dataset.json + .jsonl.gz splits).
    const jsonl = (from: number) => Array.from({ length: 6 }, (_, i) => JSON.stringify({ text: `row ${from + i}`, label: (from + i) % 2 })).join('\n');
    const split = (file: string) => ({ file, rows: 6, bytes: 0, sha256: '', labelCounts: {} });
    const files: Record<string, Uint8Array> = {
      'tiny/dataset.json': enc(
        JSON.stringify({
          id: 'tiny',
          name: 'tiny',
          labelNames: ['0', '1'],
          labelField: 'label',
          textFields: ['text'],
          splits: { train: split('train.jsonl.gz'), validation: split('validation.jsonl.gz') },
        }),
      ),
      'tiny/train.jsonl.gz': gzipSync(enc(jsonl(0))),
      'tiny/validation.jsonl.gz': gzipSync(enc(jsonl(100))),
    };
    const source: BuiltinSource = { describe: 'test', read: async (path) => files[path] };
    const fine = await loadBuiltinDataset('tiny', source);
    expect(fine.ok && fine.value.splits.validation!.length).toBe(6);
    const damaged = files['tiny/validation.jsonl.gz'].slice();
    damaged[damaged.length - 6] ^= 0xff; // inside the CRC-32
    files['tiny/validation.jsonl.gz'] = damaged;
    const e = refusal(await loadBuiltinDataset('tiny', source));
    expect(e.message).toMatch(/^"validation\.jsonl\.gz": its gzip checksum \(CRC-32\) does not match: the file is damaged/);
  });
});

function parseBytesOk(bytes: Uint8Array) {
  const r = parseBytes(bytes, { fileName: 'train.csv.gz' });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
