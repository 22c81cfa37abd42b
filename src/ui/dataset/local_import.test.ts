import { describe, expect, it } from 'vitest';
import { parseText } from '../../data/parse';
import type { ParsedTable } from '../../data/types';
import { buildLocalImport, initialRoles, previewImport, safeName } from './local_import';

function table(text: string, fileName: string): ParsedTable {
  const r = parseText(text, { fileName });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const rows = Array.from({ length: 40 }, (_, i) => `review number ${i},${i % 2}`).join('\n');

describe('local import', () => {
  it('names data sets so that a link can carry the name', () => {
    expect(safeName(['my data€.csv', 'test.csv'])).toBe('my data_.csv (and 1 more)');
    expect(safeName(['€€'])).toBe('_');
    expect(safeName(['x'.repeat(100)])).toHaveLength(64);
  });
  it('guesses split roles from file names', () => {
    const t = (n: string) => ({ fileName: n }) as ParsedTable;
    expect(initialRoles([t('a.csv')])).toEqual(['split']);
    expect(initialRoles([t('train.csv'), t('dev.tsv'), t('test.csv'), t('ood.jsonl')])).toEqual(['train', 'validation', 'test', 'ood']);
  });
  it('splits one file with a seed and previews its labels', () => {
    const t = table(`text,label\n${rows}\n`, 'reviews.csv');
    const preview = previewImport([t], ['split'], { text: 'text', label: 'label' });
    expect(preview.ok && preview.value.labels.values).toEqual(['0', '1']);
    const ia = buildLocalImport([t], ['split'], { text: 'text', label: 'label' }, { seed: 3, validation: 0.1, test: 0.2 }, ['neg', 'pos'], false, 'local-x');
    const ib = buildLocalImport([t], ['split'], { text: 'text', label: 'label' }, { seed: 3, validation: 0.1, test: 0.2 }, ['neg', 'pos'], false, 'local-x');
    expect(ia.ok && ib.ok).toBe(true);
    if (!ia.ok || !ib.ok) return;
    const a = { value: ia.value.dataset },
      b = { value: ib.value.dataset };
    expect(a.value.labelNames).toEqual(['neg', 'pos']);
    const n = a.value.splits.train.length + a.value.splits.validation!.length + a.value.splits.test!.length;
    expect(n).toBe(40);
    expect(a.value.splits.test!.length).toBeGreaterThan(4);
    expect(a.value.splits.train).toEqual(b.value.splits.train);
  });
  it('returns the data module’s error for a wrong label column', () => {
    const t = table(`text,label\n${rows}\n`, 'reviews.csv');
    const r = buildLocalImport([t], ['split'], { text: 'text', label: 'nope' }, { seed: 0, validation: 0.1, test: 0.1 }, undefined, false, 'id');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('MISSING_COLUMN');
  });
});
