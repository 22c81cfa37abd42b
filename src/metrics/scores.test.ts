// Hand-computed accuracy, NLL, Brier, MCC, entropy, MI and input checks.
import { describe, expect, it } from 'vitest';
import { accuracy, brier, entropy, mcc, mccFromPredictions, meanOverSamples, mutualInformation, nll, oodScores, summarize } from './index';

const probs = Float32Array.from([0.75, 0.25, 0.25, 0.75, 1, 0, 0.5, 0.5]);
const labels = Int32Array.from([0, 0, 0, 1]);

describe('proper scores by hand', () => {
  it('accuracy: predictions 0, 1, 0, 0 vs labels 0, 0, 0, 1 → 2/4', () => {
    expect(accuracy(probs, 2, labels)).toBe(0.5);
  });

  it('NLL = −(ln 0.75 + ln 0.25 + ln 1 + ln 0.5)/4 (+1e-9 inside the log)', () => {
    // 0.2876821 + 1.3862944 + 0 + 0.6931472 = 2.3671236 → / 4 = 0.5917809
    expect(nll(probs, 2, labels)).toBeCloseTo(0.5917809, 6);
  });

  it('NLL of p_y = 0 is finite: −ln(1e-9) ≈ 20.723', () => {
    expect(nll(Float32Array.from([1, 0]), 2, Int32Array.from([1]))).toBeCloseTo(20.7232658, 6);
  });

  it('Brier = mean of Σ_k (p_k − onehot)²', () => {
    // 0.0625+0.0625, 0.5625+0.5625, 0+0, 0.25+0.25 → (0.125 + 1.125 + 0 + 0.5)/4 = 0.4375
    expect(brier(probs, 2, labels)).toBeCloseTo(0.4375, 12);
  });
});

describe('MCC', () => {
  it('binary: TP 0, TN 2, FP 1, FN 1 → (0·2 − 1·1)/√(1·1·3·3) = −1/3', () => {
    expect(mcc(probs, 2, labels)).toBeCloseTo(-1 / 3, 12);
  });

  it('multiclass Gorodkin R_K', () => {
    // labels 0 1 2 0, preds 0 2 2 0: t = [2,1,1], p = [2,0,2], c = 3, s = 4
    // (3·4 − (4 + 0 + 2)) / √((16 − 8)(16 − 6)) = 6/√80
    expect(mccFromPredictions(Int32Array.from([0, 2, 2, 0]), Int32Array.from([0, 1, 2, 0]), 3)).toBeCloseTo(6 / Math.sqrt(80), 12);
  });

  it('perfect = 1, inverted binary = −1, constant prediction = 0', () => {
    const y = Int32Array.from([0, 1, 1, 0]);
    expect(mccFromPredictions(Int32Array.from([0, 1, 1, 0]), y, 2)).toBe(1);
    expect(mccFromPredictions(Int32Array.from([1, 0, 0, 1]), y, 2)).toBe(-1);
    expect(mccFromPredictions(Int32Array.from([1, 1, 1, 1]), y, 2)).toBe(0);
  });
});

describe('entropy and mutual information', () => {
  it('H([0.5, 0.5]) = ln 2, H([1, 0]) = 0, H(uniform over 4) = ln 4', () => {
    const h = entropy(Float32Array.from([0.5, 0.5, 1, 0]), 2);
    expect(h[0]).toBeCloseTo(Math.LN2, 12);
    expect(h[1]).toBe(0);
    expect(entropy(Float32Array.from([0.25, 0.25, 0.25, 0.25]), 4)[0]).toBeCloseTo(Math.log(4), 12);
  });

  it('MI of two confident, disagreeing samples = ln 2; of identical samples = 0', () => {
    // example 0: samples [1,0] and [0,1] → mean [.5,.5]: H = ln 2, mean H = 0
    // example 1: samples [.75,.25] twice → MI = 0
    const samples = Float32Array.from([1, 0, 0.75, 0.25, /* sample 2 */ 0, 1, 0.75, 0.25]);
    const mi = mutualInformation(samples, 2, 2);
    expect(mi[0]).toBeCloseTo(Math.LN2, 12);
    expect(mi[1]).toBe(0);
    expect(Array.from(meanOverSamples(samples, 2, 2))).toEqual([0.5, 0.5, 0.75, 0.25]);
  });

  it('OOD scores: higher = more likely OOD', () => {
    const p = Float32Array.from([0.875, 0.125, 0.5, 0.5]);
    const maxprob = oodScores(p, 2, 'maxprob');
    expect(Array.from(maxprob)).toEqual([0.125, 0.5]);
    const ent = oodScores(p, 2, 'entropy');
    expect(ent[1]).toBeGreaterThan(ent[0]);
    expect(Array.from(oodScores(p, 2, 'mi'))).toEqual([0, 0]); // no MI given: a deterministic method
    expect(Array.from(oodScores(p, 2, 'mi', [0.25, 0.5]))).toEqual([0.25, 0.5]);
  });
});

describe('input checks and summarize', () => {
  it('rejects ragged probabilities, bad labels and bad class counts', () => {
    expect(() => nll(Float32Array.from([0.5, 0.5, 1]), 2, Int32Array.from([0]))).toThrow(RangeError);
    expect(() => nll(probs, 2, Int32Array.from([0, 0, 0, 2]))).toThrow(RangeError);
    expect(() => nll(probs, 2, Int32Array.from([0, 0]))).toThrow(RangeError);
    expect(() => accuracy(probs, 0, labels)).toThrow(RangeError);
  });

  it('summarize returns every metric consistently with the single functions', () => {
    const s = summarize(probs, 2, labels, { nBins: 10, ood: { probs: Float32Array.from([0.5, 0.5, 0.5, 0.5]) }, oodScore: 'maxprob' });
    expect(s).toMatchObject({ n: 4, nClasses: 2, accuracy: 0.5, nBins: 10, binning: 'width' });
    expect(s.ece).toBeCloseTo(0.25, 12);
    expect(s.mce).toBeCloseTo(0.5, 12);
    expect(s.brier).toBeCloseTo(0.4375, 12);
    expect(s.mcc).toBeCloseTo(-1 / 3, 12);
    expect(s.reliability).toHaveLength(10);
    expect(s.histogram).toHaveLength(10);
    expect(s.meanMutualInfo).toBeUndefined();
    // in-dist maxprob scores 0.25, 0.25, 0, 0.5; OOD 0.5, 0.5:
    // pairs (ood > in): each OOD beats 3 and ties 1 → (3 + 0.5)·2 / 8 = 0.875
    expect(s.ood!.auroc).toBeCloseTo(0.875, 12);
  });
});
