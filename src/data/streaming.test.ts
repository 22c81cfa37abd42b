// The streaming parser must give exactly the one-shot result for any chunk boundaries: inside
// quotes, between CR and LF, inside multi-byte characters, inside the header.
import { describe, expect, it } from 'vitest';
import { rowArrays } from './table_rows';
import { parseBytes, parseChunks } from './parse';
import type { ParseOptions } from './types';

/** Small deterministic PRNG for cut points (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cut(bytes: Uint8Array, seed: number, maxChunk: number): Uint8Array[] {
  const r = rng(seed);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + Math.floor(r() * maxChunk);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

const enc = (s: string) => new TextEncoder().encode(s);

const CASES: [string, Uint8Array, ParseOptions][] = [
  [
    'csv with quotes, CRLF, BOM and UTF-8',
    new Uint8Array([0xef, 0xbb, 0xbf, ...enc('text,label\r\n"Crème brûlée, ""très"" bon\r\nvraiment",pos\r\nnaïve café 😀,neg\r\n"x",pos\r\nlast,neg')]),
    {},
  ],
  [
    'tsv with GLUE-style quotes and tabs in quotes',
    enc('index\tsentence1\tsentence2\tlabel\n0\t"Yes," he said.\t"a\tb"\tentailment\n1\tplain\t"multi\nline"\tnot_entailment\n'),
    {},
  ],
  ['header-less CoLA rows', enc("gj04\t1\t\tOur friends won't buy this.\ngj04\t0\t*\tThey drank the pub.\nbc01\t1\t\tThe more the merrier.\n"), {}],
  ['json lines', enc('{"text":"é","label":1}\r\n{"text":"b\\nc","label":0}\n\n{"text":"d","label":1}'), { fileName: 'a.jsonl' }],
  ['ragged row error', enc('text,label\na,1\nb,0,x\n'), {}],
  ['skipped ragged rows', enc('text,label\na,1\nb,0,x\nc,1\nd\n'), { skipBadRows: true }],
  ['invalid UTF-8 in the middle', new Uint8Array([...enc('text,label\nab,1\nc'), 0xe2, 0x28, 0xa1, ...enc(',0\n')]), {}],
  ['truncated UTF-8 at the end', new Uint8Array([...enc('text,label\nab,1\nc'), 0xf0, 0x9f, 0x98]), {}],
];

describe('streaming = one-shot', () => {
  for (const [name, bytes, opts] of CASES) {
    it(name, async () => {
      const whole = parseBytes(bytes, opts);
      for (let seed = 1; seed <= 40; seed++) {
        const chunks = cut(bytes, seed, seed % 4 === 0 ? 1 : 7);
        const streamed = await parseChunks(chunks, opts);
        expect(streamed, `seed ${seed}, ${chunks.length} chunks`).toEqual(whole);
      }
    });
  }

  it('large file: the sample window does not depend on chunking', async () => {
    const lines = ['sentence\tlabel'];
    for (let i = 0; i < 4000; i++) lines.push(`row ${i}, with "quotes" and ünïcödé ${'x'.repeat(i % 37)}\t${i % 3}`);
    const bytes = enc(lines.join('\r\n'));
    expect(bytes.length).toBeGreaterThan(128 * 1024);
    const whole = parseBytes(bytes);
    expect(whole.ok && whole.value.rows.count).toBe(4000);
    for (const [seed, max] of [
      [1, 5000],
      [2, 70000],
      [3, 333],
    ] as const) {
      const progress: number[] = [];
      const streamed = await parseChunks(cut(bytes, seed, max), {}, { onProgress: (p) => progress.push(p.bytesRead), totalBytes: bytes.length });
      expect(streamed).toEqual(whole);
      expect(progress.at(-1)).toBe(bytes.length);
      expect(progress.every((b, i) => i === 0 || b >= progress[i - 1])).toBe(true);
    }
  });

  it('rows longer than the first sample (long quoted e-mails) are still sniffed right', async () => {
    const body = (i: number) => `Dear friend ${i},\n` + 'we, the undersigned; offer | deals\t'.repeat(3000);
    const text = 'Subject line,Mail,Class\n' + Array.from({ length: 8 }, (_, i) => `hello ${i},"${body(i)}",${i % 2 ? 'spam' : 'ham'}`).join('\r\n');
    const bytes = enc(text);
    const whole = parseBytes(bytes);
    if (!whole.ok) throw new Error(whole.error.message);
    expect(whole.value.delimiter).toBe(',');
    expect(whole.value.hasHeader).toBe(true);
    expect(whole.value.rows.count).toBe(8);
    expect(rowArrays(whole.value.rows, whole.value.columns.length)[3][1]).toBe(body(3));
    for (const [seed, max] of [
      [4, 3000],
      [5, 100000],
    ] as const)
      expect(await parseChunks(cut(bytes, seed, max))).toEqual(whole);
  });

  it('a stream above the size limit is cut off', async () => {
    const bytes = enc('text,label\n' + 'abc,1\n'.repeat(1000));
    const r = await parseChunks(cut(bytes, 9, 100), { maxBytes: 1000 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('FILE_TOO_LARGE');
  });
});
