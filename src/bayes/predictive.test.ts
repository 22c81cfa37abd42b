import { describe, expect, it } from 'vitest';
import { argmaxMeanLogits, bayesAverage, predictFromAverage } from './predictive';

describe('bayesAverage', () => {
  it('averages probabilities and splits entropy into expected entropy + mutual information', () => {
    // Two confident samples that disagree: p = (½, ½), H(p) = ln 2, each H(p_s) = 0, MI = ln 2.
    const a = bayesAverage([1, 0, 0, 1], 2, 1, 2, 'probs');
    expect([...a.meanProbs]).toEqual([0.5, 0.5]);
    expect(a.predictiveEntropy[0]).toBeCloseTo(Math.LN2, 6);
    expect(a.expectedEntropy[0]).toBe(0);
    expect(a.mutualInformation[0]).toBeCloseTo(Math.LN2, 6);
  });

  it('has zero mutual information when all samples agree', () => {
    const p = [0.2, 0.3, 0.5];
    const a = bayesAverage([...p, ...p, ...p], 3, 1, 3, 'probs');
    const h = -p.reduce((s, q) => s + q * Math.log(q), 0);
    expect(a.predictiveEntropy[0]).toBeCloseTo(h, 6);
    expect(a.expectedEntropy[0]).toBeCloseTo(h, 6);
    expect(a.mutualInformation[0]).toBeLessThan(1e-6);
    expect([...a.sampleEntropy].every((v) => Math.abs(v - h) < 1e-6)).toBe(true);
  });

  it('gives the same result from logits as from their softmax, even for huge logits', () => {
    const logits = [1000, 999, -5, 2, 0.5, 3, -1, 0, 700];
    const S = 3,
      N = 1,
      C = 3;
    const probs: number[] = [];
    for (let s = 0; s < S; s++) {
      const z = logits.slice(s * C, s * C + C);
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const t = e.reduce((x, y) => x + y, 0);
      probs.push(...e.map((v) => v / t));
    }
    const a = bayesAverage(logits, S, N, C, 'logits');
    const b = bayesAverage(probs, S, N, C, 'probs');
    for (let c = 0; c < C; c++) expect(a.meanProbs[c]).toBeCloseTo(b.meanProbs[c], 6);
    expect(a.mutualInformation[0]).toBeCloseTo(b.mutualInformation[0], 5);
    expect(Number.isFinite(a.predictiveEntropy[0])).toBe(true);
  });

  it('predicts by argmax p, which can differ from the reference argmax of mean logits', () => {
    // Two samples fairly sure of class 0 (logits (3, 0): p₀ = 0.953), one extremely sure of class 1
    // (logits (0, 100)): mean logits (2, 33.3) pick class 1, mean p₀ = 0.635 picks class 0.
    const z = [3, 0, 3, 0, 0, 100];
    const avg = bayesAverage(z, 3, 1, 2, 'logits');
    expect(avg.meanProbs[0]).toBeCloseTo(2 / (1 + Math.exp(-3)) / 3, 6);
    expect(predictFromAverage(avg)[0]).toBe(0);
    expect(argmaxMeanLogits(z, 3, 1, 2)[0]).toBe(1);
  });

  it('rejects a wrong number of values', () => {
    expect(() => bayesAverage([1, 2, 3], 2, 1, 2, 'logits')).toThrow();
  });
});
