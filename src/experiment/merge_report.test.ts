import { describe, expect, it } from 'vitest';
import type { ResultRow } from './aggregate';
import { describePart, mergeReport } from './merge_report';

const row = (seed: number, accuracy: number, extra: Partial<ResultRow> = {}): ResultRow => ({
  dataset: 'd',
  method: 'LoRA-XS',
  r: 2,
  seed,
  accuracy,
  ece: 0.1,
  nll: 0.5,
  brier: 0.3,
  trainableParams: 64,
  storedParams: 0,
  seconds: 1,
  ...extra,
});

describe('mergeReport', () => {
  it('pools the seeds of separate runs into one median ± std row', () => {
    const md = mergeReport(
      [
        { rows: [row(0, 0.8)], command: 'c0', stoppedAfter: 'seed 0' },
        { rows: [row(1, 0.9), row(2, 0.7)], command: 'c12', minutes: 30, machine: 'm' },
      ],
      ['a.json', 'b.json'],
    );
    expect(md).toContain('| d | LoRA-XS | 2 | — | — | 3 | 64 | 0 | 0.800 ± 0.100 |');
    expect(md).toContain('`npm run build:cli && c0` — stopped early after seed 0; 1 rows kept (seeds 0).');
    expect(md).toContain('`npm run build:cli && c12` — 30 minutes on m.');
  });

  it('refuses a row measured in two files', () => {
    expect(() => mergeReport([{ rows: [row(0, 0.8)] }, { rows: [row(0, 0.7)] }], ['a.json', 'b.json'])).toThrow(
      'b.json and a.json both hold the row d | LoRA-XS | r=2 | K=- | seed=0',
    );
  });

  it('keeps a row reproduced exactly by a later run once, and refuses one that differs in any test probability', () => {
    const probs = { testProbs: [0.2, 0.8, 0.6, 0.4] };
    const md = mergeReport([{ rows: [row(0, 0.8, probs)] }, { rows: [row(0, 0.8, probs), row(1, 0.6, probs)] }], ['a.json', 'b.json']);
    expect(md).toContain('| d | LoRA-XS | 2 | — | — | 2 | 64 | 0 | 0.700 ± 0.141 |');
    expect(md).toContain('1 rows were measured again by a later run with identical metrics');
    const moved = { testProbs: [0.2, 0.8, 0.6000001, 0.4] };
    expect(() => mergeReport([{ rows: [row(0, 0.8, probs)] }, { rows: [row(0, 0.8, moved)] }], ['a.json', 'b.json'])).toThrow('both hold the row');
  });

  it('leaves out the seed a stopped run cut short, so every cell pools the same seeds', () => {
    const xs = (seed: number) => [row(seed, 0.8), row(seed, 0.7, { method: 'B-LoRA-XS', K: 2, c: 2 })];
    const md = mergeReport([{ rows: [...xs(0), ...xs(1), row(2, 0.1)], partial: true, command: 'c' }], ['a.json']);
    expect(md).toContain('The rows of seed 2 (1), cut short when the run was stopped, are left out.');
    expect(md).toContain('| d | LoRA-XS | 2 | — | — | 2 | 64 | 0 | 0.800 ± 0.000 |');
    // A finished run keeps every row, even when its seeds differ in cells.
    expect(mergeReport([{ rows: [...xs(0), row(1, 0.6)], minutes: 1 }], ['b.json'])).toContain('| d | LoRA-XS | 2 | — | — | 2 | 64 | 0 | 0.700 ± 0.141 |');
  });

  it('names a partial file by its path when it has no command', () => {
    expect(describePart({ rows: [row(1, 0.5), row(0, 0.5)], partial: true }, 'p.json')).toBe('`p.json` — stopped early; 2 rows kept (seeds 0, 1).');
  });
});
