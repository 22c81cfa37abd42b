// The bad-and-tricky data corpus (tools/data/make_corpus.mjs writes the files and their documented
// outcomes): every file goes through the shared parser the page's worker and the CLI run, then,
// where documented, through the label mapping; it must give the documented rows, warnings and
// classes, or be refused with the documented code, naming the line or column where it has one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DataError } from './errors';
import { inferLabels, mapTable } from './mapping';
import { parseBytes } from './parse';
import { assembleDataset } from './splits';
import { columnValues, rowArrays } from './table_rows';
import type { ColumnMapping } from './types';

const DIR = join(__dirname, '__fixtures__', 'corpus');

interface Expectation {
  ok: boolean;
  rows?: number;
  columns?: string[];
  first?: string[];
  warnings?: string[];
  classes?: number;
  code?: string;
  line?: number;
  column?: string;
  mentions?: string;
  map?: ColumnMapping;
  maxLineChars?: number;
  /** Several files: this file is the validation split beside this training file of the corpus. */
  train?: string;
  /** The split the error names (errors found once the files are assembled). */
  split?: string;
}

const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as Record<string, Expectation>;

function outcome(
  name: string,
  e: Expectation,
): { error?: DataError; rows?: number; columns?: string[]; first?: string[]; warnings: string[]; classes?: number } {
  const read = (file: string) => parseBytes(new Uint8Array(readFileSync(join(DIR, file))), { fileName: file, maxLineChars: e.maxLineChars });
  const parsed = read(name);
  if (!parsed.ok) return { error: parsed.error, warnings: [] };
  if (e.train) {
    const train = read(e.train);
    if (!train.ok) throw new Error(`${e.train}: ${train.error.message}`);
    const mapping = e.map ?? { text: 'text', label: 'label' };
    const parts = [
      { table: train.value, mapping, split: 'train' as const },
      { table: parsed.value, mapping, split: 'validation' as const },
    ];
    const r = assembleDataset(parts, { id: 'corpus', name: 'corpus' });
    return { error: r.ok ? undefined : r.error, rows: parsed.value.rows.count, warnings: [] };
  }
  const t = parsed.value;
  const warnings = (t.warnings ?? []).map((w) => w.code);
  const base = { rows: t.rows.count, columns: t.columns, first: rowArrays(t.rows, t.columns.length, 1)[0], warnings };
  if (!e.map) return base;
  const mapped = mapTable(t, e.map);
  if (!mapped.ok) return { ...base, error: mapped.error };
  // Label warnings come from reading the label column, as data sets are assembled (splits.ts).
  const li = t.columns.indexOf(String(e.map.label));
  const labelWarnings = inferLabels(columnValues(t.rows, li), String(e.map.label)).warnings.map((w) => w.code);
  return { ...base, warnings: [...warnings, ...labelWarnings], classes: mapped.value.labels.values.length };
}

describe('data corpus', () => {
  it('has at least 100 files, each documented', () => {
    const files = readdirSync(DIR).filter((f) => f !== 'manifest.json');
    expect(files.length).toBeGreaterThanOrEqual(100);
    expect(files.sort()).toEqual(Object.keys(manifest).sort());
  });

  it.each(Object.entries(manifest))('%s', (name, e) => {
    const got = outcome(name, e);
    if (e.ok) {
      expect(got.error?.message, 'parses').toBeUndefined();
      if (e.rows !== undefined) expect(got.rows).toBe(e.rows);
      if (e.columns) expect(got.columns).toEqual(e.columns);
      if (e.first) expect(got.first).toEqual(e.first);
      expect(got.warnings.filter((w) => w !== 'JSON_ARRAY' || e.warnings?.includes('JSON_ARRAY')).sort()).toEqual([...new Set(e.warnings ?? [])].sort());
      if (e.classes !== undefined) expect(got.classes).toBe(e.classes);
      return;
    }
    expect(got.error, 'is refused').toBeDefined();
    const err = got.error!;
    expect(err.message.length).toBeGreaterThan(10);
    if (e.code) expect(err.code).toBe(e.code);
    if (e.line !== undefined) {
      expect(err.line).toBe(e.line);
      expect(err.message).toContain(String(e.line));
    }
    if (e.column) expect(err.column ?? err.message).toContain(e.column);
    if (e.mentions) expect(err.message).toContain(e.mentions);
    if (e.train) expect(err.file, 'names the file it is in').toBe(name);
    if (e.split) expect(err.split).toBe(e.split);
  });
});
