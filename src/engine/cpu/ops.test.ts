import { describe, expect, it } from 'vitest';
import { philoxUniform } from '../../rng/philox';
import { adamwCpu } from './adamw';
import { attentionBackwardCpu, attentionCpu } from './attention';
import { dropoutBackwardCpu, dropoutCpu } from './dropout';
import { embeddingsBackwardCpu, embeddingsCpu } from './embeddings';
import { erf, geluBackwardCpu, geluCpu } from './gelu';
import { layerNormBackwardCpu, layerNormCpu } from './layernorm';
import { loraBackwardCpu, loraForwardCpu } from './lora';
import { loraXsBackwardCpu, loraXsForwardCpu } from './loraxs';
import { softmaxCrossEntropyCpu } from './softmax_ce';
import { reluBackwardCpu, reluCpu, tanhBackwardCpu, tanhCpu } from './elementwise';
import { dotF64, finiteDiff, randn, relErr } from './testing/test_helpers';

describe('layerNorm', () => {
  it('normalises a hand-computable row', () => {
    const { y, mean, rstd } = layerNormCpu(Float32Array.of(1, 2, 3, 4), Float32Array.of(1, 1, 2, 2), Float32Array.of(0, 0, 0, 1), 1, 4, 0);
    expect(mean[0]).toBe(2.5);
    expect(rstd[0]).toBeCloseTo(1 / Math.sqrt(1.25), 6);
    expect([...y].map((v) => +v.toFixed(5))).toEqual([-1.34164, -0.44721, 0.89443, 3.68328]);
  });
  it('backward matches central differences for x, gamma and beta', () => {
    const R = 3,
      C = 6,
      x = randn(R * C, 1),
      g = randn(C, 2, 0.5),
      b = randn(C, 3),
      w = randn(R * C, 4);
    const { mean, rstd } = layerNormCpu(x, g, b, R, C, 1e-5);
    const { dx, dGamma, dBeta } = layerNormBackwardCpu(w, x, mean, rstd, g, R, C);
    const f = () => dotF64(w, layerNormCpu(x, g, b, R, C, 1e-5).y);
    expect(relErr(dx, finiteDiff(f, x, 1e-2))).toBeLessThan(2e-3);
    expect(relErr(dGamma, finiteDiff(f, g, 1e-2))).toBeLessThan(2e-3);
    expect(relErr(dBeta, finiteDiff(f, b, 1e-2))).toBeLessThan(2e-3);
  });
});

describe('gelu / tanh / relu', () => {
  it('erf is accurate to ~1e-7 relative', () => {
    const ref: [number, number][] = [
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [-1.5, -0.9661051464753108],
      [0.01, 0.011283415555849618],
    ];
    for (const [x, e] of ref) expect(Math.abs(erf(x) - e) / Math.abs(e)).toBeLessThan(2e-7);
  });
  it('gelu matches x·Φ(x) and its backward matches finite differences', () => {
    expect(geluCpu(Float32Array.of(1))[0]).toBeCloseTo(0.8413447460685429, 6);
    expect(geluCpu(Float32Array.of(-3))[0]).toBeCloseTo(-3 * 0.0013498980316301, 7);
    const x = randn(20, 5, 2),
      w = randn(20, 6);
    const f = () => dotF64(w, geluCpu(x));
    expect(relErr(geluBackwardCpu(w, x), finiteDiff(f, x, 1e-2))).toBeLessThan(1e-3);
  });
  it('tanh backward matches finite differences', () => {
    const x = randn(10, 7),
      w = randn(10, 8);
    const f = () => dotF64(w, tanhCpu(x));
    expect(relErr(tanhBackwardCpu(w, tanhCpu(x)), finiteDiff(f, x, 1e-2))).toBeLessThan(1e-3);
  });
  it('relu is max(x, 0) with gradient 0 at 0 (torch), and its backward matches finite differences away from the kink', () => {
    expect([...reluCpu(Float32Array.of(-2, -0, 0, 1e-30, 3.5))]).toEqual([0, 0, 0, 1e-30, 3.5].map((v) => Math.fround(v)));
    expect([...reluBackwardCpu(Float32Array.of(5, 6, 7, 8), reluCpu(Float32Array.of(-1, 0, 2, 1e-30)))]).toEqual([0, 0, 7, 8]);
    const x = randn(20, 9).map((v) => (Math.abs(v) < 0.05 ? v + Math.sign(v || 1) * 0.1 : v)),
      w = randn(20, 10);
    const f = () => dotF64(w, reluCpu(x));
    expect(relErr(reluBackwardCpu(w, reluCpu(x)), finiteDiff(f, x, 1e-2))).toBeLessThan(1e-3);
  });
});

describe('attention', () => {
  const d = { batch: 2, seqLen: 4, heads: 2, headDim: 3 };
  const n = d.batch * d.seqLen * d.heads * d.headDim;
  const mask = Float32Array.of(1, 1, 1, 0, 1, 1, 0, 0);
  it('masked keys get zero probability and rows sum to 1', () => {
    const { probs } = attentionCpu(randn(n, 1), randn(n, 2), randn(n, 3), mask, d);
    for (let b = 0; b < 2; b++)
      for (let h = 0; h < 2; h++)
        for (let i = 0; i < 4; i++) {
          const o = ((b * 2 + h) * 4 + i) * 4;
          let s = 0;
          for (let j = 0; j < 4; j++) {
            s += probs[o + j];
            if (mask[b * 4 + j] === 0) expect(probs[o + j]).toBe(0);
          }
          expect(s).toBeCloseTo(1, 6);
        }
  });
  it('a single head with one key returns that value', () => {
    const one = { batch: 1, seqLen: 1, heads: 1, headDim: 2 };
    const { ctx } = attentionCpu(Float32Array.of(1, 2), Float32Array.of(3, 4), Float32Array.of(5, -6), Float32Array.of(1), one);
    expect([...ctx]).toEqual([5, -6]);
  });
  for (const drop of [undefined, { p: 0.3, seed: 9, stream: 2 }]) {
    it(`backward matches finite differences (dropout ${drop ? 'on' : 'off'})`, () => {
      const q = randn(n, 1),
        k = randn(n, 2),
        v = randn(n, 3),
        w = randn(n, 4);
      const fw = attentionCpu(q, k, v, mask, d, drop);
      const g = attentionBackwardCpu(w, q, k, v, fw.probs, fw.probsPreDropout, d, drop);
      const f = () => dotF64(w, attentionCpu(q, k, v, mask, d, drop).ctx);
      expect(relErr(g.dq, finiteDiff(f, q, 1e-2))).toBeLessThan(3e-3);
      expect(relErr(g.dk, finiteDiff(f, k, 1e-2))).toBeLessThan(3e-3);
      expect(relErr(g.dv, finiteDiff(f, v, 1e-2))).toBeLessThan(3e-3);
    });
  }
});

describe('dropout', () => {
  it('keeps element i iff philoxUniform(seed, stream, i) ≥ p and scales by 1/(1−p)', () => {
    const spec = { p: 0.25, seed: 11, stream: 3 };
    const x = Float32Array.from({ length: 4000 }, () => 2);
    const y = dropoutCpu(x, spec),
      u = philoxUniform(11, 3, new Float32Array(4000));
    let kept = 0;
    for (let i = 0; i < x.length; i++) {
      expect(y[i]).toBe(u[i] >= 0.25 ? Math.fround(2 / 0.75) : 0);
      if (y[i] !== 0) kept++;
    }
    expect(Math.abs(kept / 4000 - 0.75)).toBeLessThan(0.03);
    expect([...dropoutBackwardCpu(x, spec)]).toEqual([...y]);
    expect([...dropoutCpu(x, { p: 0, seed: 1, stream: 1 })]).toEqual([...x]);
  });
});

describe('embeddings', () => {
  it('sums word, position and type rows and scatters gradients back', () => {
    const H = 2,
      word = Float32Array.of(0, 0, 10, 20, 30, 40),
      pos = Float32Array.of(1, 1, 2, 2),
      type = Float32Array.of(0, 0, 100, 100);
    const ids = Int32Array.of(1, 2, 2, 0),
      tt = Int32Array.of(0, 1, 0, 0);
    expect([...embeddingsCpu(ids, tt, 2, word, pos, type, H)]).toEqual([11, 21, 132, 142, 31, 41, 2, 2]);
    const dW = new Float32Array(6),
      dP = new Float32Array(4),
      dT = new Float32Array(4);
    embeddingsBackwardCpu(Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8), ids, tt, 2, H, dW, dP, dT);
    expect([...dW]).toEqual([7, 8, 1, 2, 8, 10]);
    expect([...dP]).toEqual([6, 8, 10, 12]);
    expect([...dT]).toEqual([13, 16, 3, 4]);
    expect(() => embeddingsCpu(Int32Array.of(3), Int32Array.of(0), 1, word, pos, type, H)).toThrow(/vocabulary/);
  });
});

describe('softmax cross-entropy', () => {
  it('matches a hand computation', () => {
    const { loss, dLogits } = softmaxCrossEntropyCpu(Float32Array.of(0, 0, Math.log(2), 0), Int32Array.of(1, 0), 2, 2);
    // row 0: p = (1/2, 1/2), −log ½; row 1: p = (2/3, 1/3), −log ⅔.
    expect(loss).toBeCloseTo((Math.log(2) + Math.log(1.5)) / 2, 7);
    expect([...dLogits].map((v) => +v.toFixed(6))).toEqual([0.25, -0.25, -1 / 6, 1 / 6].map((v) => +v.toFixed(6)));
    expect(() => softmaxCrossEntropyCpu(Float32Array.of(0, 0), Int32Array.of(2), 1, 2)).toThrow(/label 2/);
  });
});

describe('adamw', () => {
  it('matches the closed-form PyTorch update over two steps', () => {
    const h = { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, step: 1 };
    const p = Float32Array.of(1),
      m = new Float32Array(1),
      v = new Float32Array(1);
    adamwCpu(p, Float32Array.of(0.5), m, v, h);
    // Step 1: p = 1·(1 − 0.001) = 0.999; m̂ = 0.5, v̂ = 0.25 → p −= 0.1·0.5/(0.5 + 1e-8).
    const p1 = 0.999 - (0.1 * 0.5) / (0.5 + 1e-8);
    expect(p[0]).toBeCloseTo(p1, 6);
    adamwCpu(p, Float32Array.of(-1), m, v, { ...h, step: 2 });
    const m2 = 0.9 * 0.05 - 0.1,
      v2 = 0.999 * 0.00025 + 0.001;
    const p2 = p1 * 0.999 - (0.1 * (m2 / (1 - 0.81))) / (Math.sqrt(v2 / (1 - 0.999 ** 2)) + 1e-8);
    expect(m[0]).toBeCloseTo(m2, 7);
    expect(v[0]).toBeCloseTo(v2, 7);
    expect(p[0]).toBeCloseTo(p2, 6);
  });
});

describe('adapted linears', () => {
  const d = { N: 5, inF: 6, outF: 7, r: 3 },
    s = 2;
  const x = randn(d.N * d.inF, 1),
    w = randn(d.outF * d.inF, 2),
    b = randn(d.outF, 3);
  const a = randn(d.r * d.inF, 4),
    bm = randn(d.outF * d.r, 5),
    wy = randn(d.N * d.outF, 7);
  it('LoRA-XS forward equals x Wᵀ + b + s B R A x and the backward matches finite differences', () => {
    const r = randn(d.r * d.r, 6);
    const { y, u } = loraXsForwardCpu(x, w, b, a, bm, r, s, d);
    // Direct evaluation for one element.
    const n = 2,
      o = 4;
    let want = b[o];
    for (let i = 0; i < d.inF; i++) want += x[n * d.inF + i] * w[o * d.inF + i];
    for (let p = 0; p < d.r; p++)
      for (let q = 0; q < d.r; q++) for (let i = 0; i < d.inF; i++) want += s * bm[o * d.r + p] * r[p * d.r + q] * a[q * d.inF + i] * x[n * d.inF + i];
    expect(y[n * d.outF + o]).toBeCloseTo(want, 4);
    const g = loraXsBackwardCpu(wy, u, w, a, bm, r, s, d, true);
    const f = () => dotF64(wy, loraXsForwardCpu(x, w, b, a, bm, r, s, d).y);
    expect(relErr(g.dR, finiteDiff(f, r, 1e-2))).toBeLessThan(1e-3);
    expect(relErr(g.dx!, finiteDiff(f, x, 1e-2))).toBeLessThan(1e-3);
    expect(loraXsBackwardCpu(wy, u, w, a, bm, r, s, d, false).dx).toBeNull();
  });
  it('LoRA backward matches finite differences for x, A and B', () => {
    const { u } = loraForwardCpu(x, w, b, a, bm, s, d);
    const g = loraBackwardCpu(wy, x, u, w, a, bm, s, d, true);
    const f = () => dotF64(wy, loraForwardCpu(x, w, b, a, bm, s, d).y);
    expect(relErr(g.dA, finiteDiff(f, a, 1e-2))).toBeLessThan(1e-3);
    expect(relErr(g.dB, finiteDiff(f, bm, 1e-2))).toBeLessThan(1e-3);
    expect(relErr(g.dx!, finiteDiff(f, x, 1e-2))).toBeLessThan(1e-3);
  });
});
