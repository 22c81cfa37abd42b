import { describe, expect, it } from 'vitest';
import { NOT_RECORDED, filterOptions, filterRows, groupRows, separatedBest, shortModelName, type TableRow } from './compare_rows';

/** A row with accuracy and ECE, each with an interval of ± w. */
function row(runId: string, dataset: string | undefined, modelId: string | undefined, acc: number, ece: number, w = 0.01): TableRow {
  return {
    runId,
    method: runId,
    dataset,
    modelId,
    metrics: { acc, ece, mcc: acc },
    ci: { acc: { lo: acc - w, hi: acc + w }, ece: { lo: ece - w, hi: ece + w } },
  };
}

describe('comparison rows', () => {
  it('filters by data set and model, and an unknown choice counts as all', () => {
    const rows = [
      row('a', 'sst2', 'tiny', 0.8, 0.1),
      row('b', 'imdb', 'tiny', 0.7, 0.1),
      row('c', 'sst2', 'base', 0.9, 0.1),
      row('d', undefined, undefined, 0.5, 0.2),
    ];
    expect(filterOptions(rows)).toEqual({ datasets: ['sst2', 'imdb', NOT_RECORDED], models: ['tiny', 'base', NOT_RECORDED] });
    expect(filterRows(rows, { dataset: 'sst2', model: null }).map((r) => r.runId)).toEqual(['a', 'c']);
    expect(filterRows(rows, { dataset: 'sst2', model: 'tiny' }).map((r) => r.runId)).toEqual(['a']);
    expect(filterRows(rows, { dataset: null, model: 'tiny' }).map((r) => r.runId)).toEqual(['a', 'b']);
    expect(filterRows(rows, { dataset: NOT_RECORDED, model: null }).map((r) => r.runId)).toEqual(['d']);
    expect(filterRows(rows, { dataset: 'gone', model: null })).toHaveLength(4);
  });

  it('groups by data set and model in order of first appearance', () => {
    const g = groupRows([row('a', 'sst2', 'tiny', 0.8, 0.1), row('b', 'imdb', 'tiny', 0.7, 0.1), row('c', 'sst2', 'tiny', 0.9, 0.1)]);
    expect(g.map((x) => [x.dataset, x.model, x.rows.map((r) => r.runId)])).toEqual([
      ['sst2', 'tiny', ['a', 'c']],
      ['imdb', 'tiny', ['b']],
    ]);
  });

  it('marks the best only when its interval clears the runner-up, higher or lower being better', () => {
    // acc: 0.90 ± 0.01 against 0.85 ± 0.01 separates; ECE 0.10 vs 0.11 (± 0.01) overlaps.
    const marked = separatedBest(
      [row('a', 'sst2', 'tiny', 0.9, 0.11), row('b', 'sst2', 'tiny', 0.85, 0.1), row('c', 'sst2', 'tiny', 0.5, 0.3)],
      ['acc', 'ece'],
    );
    expect([...marked]).toEqual(['a:acc']);
    // Lower ECE separated from the runner-up (not only from the worst) is marked.
    expect([...separatedBest([row('a', 'x', 'm', 0.9, 0.05), row('b', 'x', 'm', 0.9, 0.2), row('c', 'x', 'm', 0.9, 0.3)], ['ece'])]).toEqual(['a:ece']);
    // Touching intervals overlap.
    expect(separatedBest([row('a', 'x', 'm', 0.9, 0.1, 0.025), row('b', 'x', 'm', 0.85, 0.1, 0.025)], ['acc']).size).toBe(0);
  });

  it('never compares across data sets or models', () => {
    // Far apart, but each group has a single run: nothing to compare, nothing marked.
    const rows = [row('a', 'sst2', 'tiny', 0.95, 0.01), row('b', 'imdb', 'tiny', 0.6, 0.3), row('c', 'sst2', 'base', 0.6, 0.3)];
    expect(separatedBest(rows, ['acc', 'ece']).size).toBe(0);
    // Two groups of two: each group marks its own best.
    const two = [...rows, row('d', 'imdb', 'tiny', 0.9, 0.35), row('e', 'sst2', 'tiny', 0.7, 0.2)];
    expect([...separatedBest(two, ['acc'])].sort()).toEqual(['a:acc', 'd:acc']);
  });

  it('marks nothing without intervals, on ties, or with a single value', () => {
    const a = row('a', 'x', 'm', 0.9, 0.1),
      b = row('b', 'x', 'm', 0.5, 0.5);
    expect(separatedBest([a, b], ['mcc']).size).toBe(0); // MCC has no interval
    expect(separatedBest([a, { ...b, ci: undefined }], ['acc']).size).toBe(0);
    expect(separatedBest([a, { ...a, runId: 'a2' }], ['acc']).size).toBe(0);
    expect(separatedBest([a], ['acc']).size).toBe(0);
    const nan = { ...b, metrics: { acc: Number.NaN } };
    expect(separatedBest([a, nan], ['acc']).size).toBe(0);
  });

  it('shows a model by the last part of its URL or path', () => {
    expect(shortModelName('http://127.0.0.1:4431/models/blora-tiny-uncased/')).toBe('blora-tiny-uncased');
    expect(shortModelName('prajjwal1/bert-tiny')).toBe('bert-tiny');
    expect(shortModelName('C:\\models\\mini')).toBe('mini');
    expect(shortModelName('blora-tiny-uncased')).toBe('blora-tiny-uncased');
  });
});
