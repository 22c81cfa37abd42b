// The peak-memory bound of src/data/README.md (issue 22, item 11) against what can be checked
// without timing or measuring a process: the row store's typed arrays cost exactly what the
// README says, and every measurement in its table (tools/bench/data_rss.mjs) is within the
// stated bound, so the bound and the measurements cannot drift apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from './parse';

const README = readFileSync(join(__dirname, 'README.md'), 'utf8');
const MB = 2 ** 20;

describe('the peak-memory bound of src/data/README.md', () => {
  it('the row store keeps 4 × (columns + 1) bytes of cell boundaries a row (plus 4), as stated', () => {
    expect(README).toContain('4 × (columns + 1) bytes a row');
    for (const columns of [2, 10]) {
      const n = 2000;
      const header = Array.from({ length: columns }, (_, c) => (c === 1 ? 'label' : `col${c}`)).join('\t');
      const rows = Array.from({ length: n }, (_, r) => Array.from({ length: columns }, (_, c) => (c === 1 ? String(r % 2) : `v${r}.${c}`)).join('\t'));
      const parsed = parseText(`${header}\n${rows.join('\n')}\n`, { fileName: 'x.tsv' });
      if (!parsed.ok) throw new Error(parsed.error.message);
      const t = parsed.value.rows;
      expect(t.count).toBe(n);
      expect(t.starts.byteLength + t.ends.byteLength, `${columns} columns`).toBe(4 * n * (columns + 1) + 4);
    }
  });

  it('every measured row of the table is within the stated bound', () => {
    const bound = README.match(/peak RSS ≤ (\d+) MB \+ ([\d.]+) × \(file bytes \+ (\d+) bytes × rows\)/);
    expect(bound, 'the README states the bound').not.toBeNull();
    const [fixed, factor, perRow] = bound!.slice(1).map(Number);
    const measured = README.split('\n')
      .map((l) => l.match(/^\|[^|]*\|\s*(\d+) MB\s*\|\s*([\d,]+)\s*\|\s*(\d+) MB\s*\|/))
      .filter((m) => m !== null)
      .map((m) => ({ fileMB: Number(m[1]), rows: Number(m[2].replaceAll(',', '')), peakMB: Number(m[3]) }));
    expect(measured.length).toBeGreaterThanOrEqual(15);
    // The small files of short rows are the ones the bound before (70 MB + …) did not cover.
    expect(measured.some((m) => m.fileMB <= 7 && m.rows >= 400_000)).toBe(true);
    for (const m of measured) {
      // The file column is rounded to whole MB: take the smallest file it may stand for.
      const allowed = fixed + factor * (m.fileMB - 0.5 + (perRow * m.rows) / MB);
      expect(m.peakMB, `${m.fileMB} MB, ${m.rows} rows`).toBeLessThanOrEqual(allowed);
    }
  });
});
