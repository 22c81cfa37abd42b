import { describe, expect, it } from 'vitest';
import { inferLabelMapping, mapTable, suggestMapping } from './mapping';
import { parseText } from './parse';
import { assembleDataset, seededShuffle, stratifiedSplit } from './splits';
import type { Example, ParsedTable } from './types';
import { DataErrorException } from './errors';

function table(text: string, fileName?: string): ParsedTable {
  const r = parseText(text, { fileName });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof DataErrorException) return e.error.code;
    throw e;
  }
  return 'none';
}

describe('label mapping', () => {
  it('integers sort numerically and canonicalize', () => {
    expect(inferLabelMapping(['10', '2', ' 2 ', '2.0', '1'])).toEqual({ values: ['1', '2', '10'], labelNames: ['1', '2', '10'] });
  });

  it('strings sort by code point; label names can fix the order or name integer classes', () => {
    expect(inferLabelMapping(['spam', 'ham', 'spam']).values).toEqual(['ham', 'spam']);
    expect(inferLabelMapping(['great', 'other'], 'score', ['other', 'great']).values).toEqual(['other', 'great']);
    expect(inferLabelMapping(['0', '1', '1'], 'label', ['negative', 'positive'])).toEqual({ values: ['0', '1'], labelNames: ['negative', 'positive'] });
  });

  it('one class and more than 100 classes are errors', () => {
    expect(codeOf(() => inferLabelMapping(['a', 'a', ' a']))).toBe('ONE_CLASS');
    expect(codeOf(() => inferLabelMapping(Array.from({ length: 101 }, (_, i) => `c${i}`)))).toBe('TOO_MANY_CLASSES');
    expect(codeOf(() => inferLabelMapping(Array.from({ length: 100 }, (_, i) => `c${i}`)))).toBe('none');
  });
});

describe('mapTable', () => {
  const t = table('id,review,stars\n1,good stuff,pos\n2,bad stuff,neg\n3,meh,neg\n');

  it('maps by name and by index, keeps labels', () => {
    const a = mapTable(t, { text: 'review', label: 'stars' });
    const b = mapTable(t, { text: 1, label: 2 });
    expect(a).toEqual(b);
    expect(a.ok && a.value.examples).toEqual([
      { text: 'good stuff', label: 1 },
      { text: 'bad stuff', label: 0 },
      { text: 'meh', label: 0 },
    ]);
    expect(a.ok && a.value.labels.labelNames).toEqual(['neg', 'pos']);
  });

  it('a missing column is named, with the available ones', () => {
    const r = mapTable(t, { text: 'sentence', label: 'stars' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('MISSING_COLUMN');
    expect(r.error.message).toContain('"sentence"');
    expect(r.error.available).toEqual(['id', 'review', 'stars']);
  });

  it('one class in the label column', () => {
    const r = mapTable(table('text,label\na,x\nb,x\n'), { text: 'text', label: 'label' });
    expect(!r.ok && r.error.code).toBe('ONE_CLASS');
  });

  it('more than 100 classes (e.g. the text column chosen as label)', () => {
    const rows = Array.from({ length: 150 }, (_, i) => `sentence number ${i},${i % 2}`);
    const r = mapTable(table('text,label\n' + rows.join('\n')), { text: 'label', label: 'text' });
    expect(!r.ok && r.error.code).toBe('TOO_MANY_CLASSES');
  });

  it('empty text and unknown labels: errors with line numbers, or skipped', () => {
    const tt = table('text,label\na,x\n  ,y\nc,z\nd,y\n');
    const labels = { values: ['x', 'y'], labelNames: ['x', 'y'] };
    const e1 = mapTable(tt, { text: 'text', label: 'label' }, { labels });
    expect(!e1.ok && [e1.error.code, e1.error.line]).toEqual(['MISSING_TEXT', 3]);
    const skip = mapTable(tt, { text: 'text', label: 'label' }, { labels, skipBadRows: true });
    expect(skip.ok && skip.value.skipped).toEqual({
      count: 2,
      firstLines: [3, 4],
      reasons: [expect.stringContaining('empty text'), expect.stringContaining('"z"')],
    });
    const ood = mapTable(tt, { text: 'text', label: 'label' }, { labels, unlabelled: true, skipBadRows: true });
    expect(ood.ok && ood.value.examples.map((e) => e.label)).toEqual([0, -1, 1]);
  });

  it('suggests mappings for headed, pair and header-less files', () => {
    expect(suggestMapping(t)).toEqual({ text: 'review', label: 'stars' });
    expect(
      suggestMapping(
        table('index\tsentence1\tsentence2\tlabel\n0\tA long premise here.\tA hypothesis.\tentailment\n1\tAnother premise.\tMore.\tnot_entailment\n'),
      ),
    ).toEqual({ text: 'sentence1', textPair: 'sentence2', label: 'label' });
    const cola = table(
      "gj04\t1\t\tOur friends won't buy this analysis, let alone the next one.\ngj04\t0\t*\tThey drank the pub dry and then some more.\ngj04\t1\t\tThe more you eat, the fatter you get, they say.\n",
    );
    expect(suggestMapping(cola)).toEqual({ text: 3, label: 1 });
  });
});

describe('splits', () => {
  const examples: Example[] = Array.from({ length: 1000 }, (_, i) => ({ text: `t${i}`, label: i < 700 ? 0 : 1 }));

  it('seeded shuffle is a deterministic permutation', () => {
    const a = seededShuffle(examples, 7),
      b = seededShuffle(examples, 7),
      c = seededShuffle(examples, 8);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a.map((e) => e.text)).size).toBe(1000);
  });

  it('stratified split keeps class balance, covers every example once', () => {
    const s = stratifiedSplit(examples, { validation: 0.1, test: 0.2 }, 3);
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([700, 100, 200]);
    expect(s.validation.filter((e) => e.label === 1).length).toBe(30);
    expect(s.test.filter((e) => e.label === 1).length).toBe(60);
    const all = new Set([...s.train, ...s.validation, ...s.test].map((e) => e.text));
    expect(all.size).toBe(1000);
    expect(stratifiedSplit(examples, { validation: 0.1, test: 0.2 }, 3)).toEqual(s);
  });

  it('assembles files assigned to splits with one label mapping; ood labels may be unknown', () => {
    const train = table('text,label\n' + Array.from({ length: 40 }, (_, i) => `a${i},${i % 2 ? 'pos' : 'neg'}`).join('\n'));
    const test = table('text,label\nx,pos\ny,neg\n');
    const ood = table('text,topic\nnews,World\nball,Sports\n');
    const before = JSON.stringify([train, test, ood]);
    const r = assembleDataset(
      [
        { table: train, mapping: { text: 'text', label: 'label' }, split: 'train' },
        { table: test, mapping: { text: 'text', label: 'label' }, split: 'test' },
        { table: ood, mapping: { text: 'text', label: 'topic' }, split: 'ood' },
      ],
      { id: 'u', name: 'upload', seed: 1 },
    );
    if (!r.ok) throw new Error(r.error.message);
    const d = r.value.dataset;
    expect(d.labelNames).toEqual(['neg', 'pos']);
    expect(d.splits.test).toEqual([
      { text: 'x', label: 1 },
      { text: 'y', label: 0 },
    ]);
    expect(d.splits.ood!.map((e) => e.label)).toEqual([-1, -1]);
    expect(d.splits.validation!.length).toBe(4); // carved from train
    expect(d.splits.train.length).toBe(36);
    expect(JSON.stringify([train, test, ood])).toBe(before); // inputs untouched
  });

  it('one file split three ways; errors for a bad file leave nothing half-built', () => {
    const one = table('text,label\n' + Array.from({ length: 50 }, (_, i) => `s${i},${i % 5}`).join('\n'));
    const r = assembleDataset([{ table: one, mapping: { text: 'text', label: 'label' }, split: 'split' }], { id: 'x', name: 'x', seed: 2 });
    expect(r.ok && [r.value.dataset.splits.train.length, r.value.dataset.splits.validation!.length, r.value.dataset.splits.test!.length]).toEqual([40, 5, 5]);
    const bad = assembleDataset([{ table: one, mapping: { text: 'text', label: 'nope' }, split: 'split' }], { id: 'x', name: 'x' });
    expect(!bad.ok && bad.error.code).toBe('MISSING_COLUMN');
    const noTrain = assembleDataset([{ table: one, mapping: { text: 'text', label: 'label' }, split: 'test' }], { id: 'x', name: 'x' });
    expect(!noTrain.ok && noTrain.error.code).toBe('EMPTY_SPLIT');
  });
});

describe('labels come from the training data', () => {
  it('a label only the test file has is UNKNOWN_LABEL with its line, not a new class', () => {
    const train = table('text,label\na,pos\nb,neg\nc,pos\n', 'train.csv');
    const test = table('text,label\nx,pos\ny,maybe\n', 'test.csv');
    const r = assembleDataset(
      [
        { table: train, mapping: { text: 'text', label: 'label' }, split: 'train' },
        { table: test, mapping: { text: 'text', label: 'label' }, split: 'test' },
      ],
      { id: 'u', name: 'upload', seed: 1 },
    );
    expect(!r.ok && r.error.code).toBe('UNKNOWN_LABEL');
    expect(!r.ok && r.error.message).toMatch(/Line 3 has the label "maybe", which is not one of "neg", "pos"/);
  });
});
