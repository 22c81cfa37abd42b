// Real GLUE / AG News files from the shared folder (never copied into the repo). These tests fail,
// not skip, when the folder is missing.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rowArrays } from './table_rows';
import { mapTable } from './mapping';
import { parseFilePath } from './node_file';
import { parseBytes } from './parse';
import type { ParsedTable } from './types';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GLUE = join(REPO, '../shared/datasets/glue');

function load(rel: string): ParsedTable {
  const path = join(GLUE, rel);
  expect(existsSync(path), `missing ${path}: the shared GLUE files are required`).toBe(true);
  const r = parseBytes(new Uint8Array(readFileSync(path)), { fileName: rel.split('/').pop() });
  if (!r.ok) throw new Error(`${rel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

function countLines(rel: string): number {
  return readFileSync(join(GLUE, rel), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0).length;
}

describe('GLUE files in ../shared/datasets/glue', () => {
  it('the folder exists', () => {
    expect(existsSync(GLUE), `${GLUE} is missing`).toBe(true);
  });

  it('SST-2: header, two columns, binary integer labels', () => {
    const t = load('SST-2/test.tsv');
    expect(t.delimiter).toBe('\t');
    expect(t.hasHeader).toBe(true);
    expect(t.columns).toEqual(['sentence', 'label']);
    expect(t.rows.count).toBe(countLines('SST-2/test.tsv') - 1);
    expect(t.skipped.count).toBe(0);
    const m = mapTable(t, { text: 'sentence', label: 'label' });
    if (!m.ok) throw new Error(m.error.message);
    expect(m.value.labels.labelNames).toEqual(['0', '1']);
    expect(m.value.examples[0]).toEqual({ text: "it 's a charming and often affecting journey .", label: 1 });
  });

  it('SST-2 train via the Node file stream gives the same table as one-shot parsing', async () => {
    const path = join(GLUE, 'SST-2/train.tsv');
    const streamed = await parseFilePath(path, {}, { chunkSize: 50_000 });
    if (!streamed.ok) throw new Error(streamed.error.message);
    const whole = load('SST-2/train.tsv');
    expect(streamed.value.rows.count).toBe(whole.rows.count);
    expect(rowArrays(streamed.value.rows, streamed.value.columns.length)).toEqual(rowArrays(whole.rows, whole.columns.length));
    expect(streamed.value.bytes).toBe(readFileSync(path).length);
  });

  it('RTE train: sentence pairs, header on line 1 only, index restarting later on', () => {
    const t = load('RTE/train.tsv');
    expect(t.hasHeader).toBe(true);
    expect(t.columns).toEqual(['index', 'sentence1', 'sentence2', 'label']);
    expect(t.rows.count).toBe(countLines('RTE/train.tsv') - 1);
    expect(t.skipped.count).toBe(0);
    // Fields starting with a quote stay literal (GLUE does not quote).
    const rows = rowArrays(t.rows, t.columns.length);
    const quoted = rows.find((r) => r[1].startsWith('"Instead of action on crime'));
    expect(quoted).toBeDefined();
    // The index column restarts after line 2128: a robust reader keeps reading rows.
    const restart = rows.findIndex((r, i) => i > 0 && Number(r[0]) < Number(rows[i - 1][0]));
    expect(restart).toBeGreaterThan(0);
    expect(t.lines[restart]).toBe(2129);
    const m = mapTable(t, { text: 'sentence1', textPair: 'sentence2', label: 'label' });
    if (!m.ok) throw new Error(m.error.message);
    expect(m.value.labels.labelNames).toEqual(['entailment', 'not_entailment']);
    expect(m.value.examples.every((e) => e.textPair && e.text && (e.label === 0 || e.label === 1))).toBe(true);
  });

  it('AG News: no header, four string labels, RFC quotes inside TSV', () => {
    const t = load('AGNews/test.tsv');
    expect(t.hasHeader).toBe(false);
    expect(t.columns).toEqual(['column 1', 'column 2']);
    expect(t.rows.count).toBe(7600);
    const m = mapTable(t, { text: 0, label: 1 });
    if (!m.ok) throw new Error(m.error.message);
    expect(m.value.labels.labelNames).toEqual(['Business', 'Sci/Tech', 'Sports', 'World']);
    // "Wiltshire Police warns about ""phishing"" …" is RFC-quoted: the escapes are undone.
    expect(rowArrays(t.rows, t.columns.length).some((r) => r[0].startsWith('Wiltshire Police warns about "phishing"'))).toBe(true);
    expect(rowArrays(t.rows, t.columns.length).every((r) => !r[0].includes('""phishing""'))).toBe(true);
  });
});
