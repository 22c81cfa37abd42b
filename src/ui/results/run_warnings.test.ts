import { describe, expect, it } from 'vitest';
import { summarize } from '../../metrics';
import { runWarnings } from './run_warnings';

const labels = Int32Array.from([0, 1, 0, 1, 1, 0, 1, 1]);
const probsOf = (p1: number[]) => Float32Array.from(p1.flatMap((p) => [1 - p, p]));

describe('runWarnings', () => {
  it('flags a run that predicts one class, and a sampled run whose samples agree', () => {
    const oneClass = summarize(probsOf([0.7, 0.8, 0.6, 0.9, 0.7, 0.6, 0.8, 0.9]), 2, labels, { mutualInfo: new Float32Array(8) });
    const w = runWarnings({ averaged: oneClass, meanModel: oneClass }, true);
    expect(w[0]).toMatch(/predicts a single class/);
    expect(w[1]).toMatch(/posterior samples barely disagree .* scores the same as its mean model/);
    expect(runWarnings({ averaged: oneClass, meanModel: null }, false)).toHaveLength(1);
    const learned = summarize(probsOf([0.2, 0.8, 0.3, 0.9, 0.7, 0.1, 0.8, 0.9]), 2, labels, { mutualInfo: new Float32Array(8).fill(0.01) });
    expect(runWarnings({ averaged: learned, meanModel: null }, true)).toEqual([]);
  });
});
