// Label values that used to slip through silently, and mapping mistakes caught before labels are
// read. Real text through parseText → assembleDataset (the path of the page and the CLI).
import { describe, expect, it } from 'vitest';
import { canonicalLabel } from './label_values';
import { inferLabels, mapTable } from './mapping';
import { parseText } from './parse';
import { assembleDataset } from './splits';
import type { ColumnMapping, ParsedTable } from './types';

function table(text: string, o = {}): ParsedTable {
  const r = parseText(text, o);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
function assemble(text: string, mapping: ColumnMapping = { text: 'text', label: 'label' }, o = {}) {
  return assembleDataset([{ table: table(text, o), mapping, split: 'train' }], { id: 'x', name: 'x', carveMissing: false });
}

describe('integer labels are compared as strings', () => {
  it('integers beyond 2^53 stay distinct classes (Number() would merge them)', () => {
    const r = assemble('text,label\na,9007199254740993\nb,9007199254740992\nc,9007199254740993\n');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.dataset.labelNames).toEqual(['9007199254740992', '9007199254740993']);
    expect(r.value.dataset.splits.train.map((e) => e.label).sort()).toEqual([0, 1, 1]);
  });
  it('canonical forms: sign and leading zeros dropped, decimals only when exact', () => {
    expect(['+007', '7', '7.0', '-0', '0', '123456789012345678901234567890'].map(canonicalLabel)).toEqual([
      '7',
      '7',
      '7',
      '0',
      '0',
      '123456789012345678901234567890',
    ]);
    expect(canonicalLabel('1.50')).toBe('1.5');
    expect(canonicalLabel('0.30000000000000001')).toBe('0.30000000000000001');
    // Order by value, also past 2^53 and for negatives.
    const { labels } = inferLabels(['10', '-3', '99999999999999999999', '2', '99999999999999999998']);
    expect(labels.values).toEqual(['-3', '2', '10', '99999999999999999998', '99999999999999999999']);
  });
});

describe('suspicious label values are warned about, with counts', () => {
  it('NaN, a header row read as data, control characters and invisible-only values', () => {
    const rows = ['a,0', 'b,1', 'c,NaN', 'd,NaN', 'e,label', 'f,"0\u0000"', 'g,\u200b', 'h,1'];
    const r = assemble(`text,label\n${rows.join('\n')}\n`);
    if (!r.ok) throw new Error(r.error.message);
    const w = r.value.report.warnings;
    expect(w.every((x) => x.code === 'SUSPICIOUS_LABEL')).toBe(true);
    const about = (v: string) => w.find((x) => x.message.startsWith(`The label ${JSON.stringify(v)} `));
    expect(about('NaN')?.count).toBe(2);
    expect(about('NaN')?.message).toContain('missing value');
    expect(about('label')?.message).toContain('header row read as data');
    expect(about('0\u0000')?.message).toContain('control characters');
    expect(about('\u200b')?.message).toContain('looks empty');
    expect(w).toHaveLength(4);
  });
  it('a header-less file whose header row was forced into the data', () => {
    const r = assemble('sentence\tlabel\nthe film was good\t1\nthe film was bad\t0\n', { text: 0, label: 1 }, { header: false });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.report.warnings.map((x) => x.count)).toEqual([1]);
  });
  it('plain labels give no warning', () => {
    const r = assemble('text,label\na,pos\nb,neg\nc,pos\n');
    expect(r.ok && r.value.report.warnings).toEqual([]);
  });
  it('renamed header names reach the report, named by file', () => {
    const r = assemble('text,label,label\na,1,x\nb,0,y\nc,1,z\n', { text: 'text', label: 'label' }, { fileName: 'f.csv' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.report.warnings.map((x) => x.code)).toEqual(['RENAMED_COLUMNS']);
    expect(r.value.report.warnings[0].message).toMatch(/^f\.csv: .*"label" \(column 3\) → "label \(2\)"/);
  });
});

describe('one column in two roles', () => {
  // 150 distinct texts: without the early check this was TOO_MANY_CLASSES, a misleading message.
  const text = `text,label\n${Array.from({ length: 150 }, (_, i) => `sentence ${i},${i % 2}`).join('\n')}\n`;
  it('is refused at mapping time with a message naming the column and both roles', () => {
    for (const r of [assemble(text, { text: 'text', label: 'text' }), mapTable(table(text), { text: 'label', label: 1 })]) {
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('MISSING_COLUMN');
      expect(r.error.message).toMatch(/is chosen as both the text and the label/);
    }
    const pair = assemble(text, { text: 'text', textPair: 0, label: 'label' });
    expect(!pair.ok && pair.error.message).toContain('both the text and the second text');
  });
});
