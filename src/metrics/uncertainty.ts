// Predictive uncertainty per example, in nats (natural log), with 0·log 0 = 0.
// Entropy H(p) = −Σ_k p_k log p_k of the (averaged) predictive.
// Mutual information (epistemic part) from S posterior samples laid out [S, N, C]:
//   MI = H(mean_s p_s) − mean_s H(p_s), clamped at 0 (it is ≥ 0 by Jensen; rounding can dip below).

import { checkShapes } from './top_label';
import type { OodScoreKind } from './types';

function rowEntropy(p: ArrayLike<number>, offset: number, nClasses: number): number {
  let h = 0;
  for (let k = 0; k < nClasses; k++) {
    const v = p[offset + k];
    if (v > 0) h -= v * Math.log(v);
  }
  return h;
}

/** Entropy of every row of probs [N, C]. */
export function entropy(probs: Float32Array, nClasses: number): Float64Array {
  const n = checkShapes(probs, nClasses);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rowEntropy(probs, i * nClasses, nClasses);
  return out;
}

/** Mean over the S samples: [S, N, C] → [N, C] (the Bayesian model average of docs/METHOD.md §4). */
export function meanOverSamples(sampleProbs: Float32Array, nSamples: number, nClasses: number): Float32Array {
  const nc = checkSampleShape(sampleProbs, nSamples, nClasses);
  const sum = new Float64Array(nc);
  for (let s = 0; s < nSamples; s++) for (let j = 0; j < nc; j++) sum[j] += sampleProbs[s * nc + j];
  const out = new Float32Array(nc);
  for (let j = 0; j < nc; j++) out[j] = sum[j] / nSamples;
  return out;
}

/** Per-example mutual information from sample probabilities [S, N, C]. */
export function mutualInformation(sampleProbs: Float32Array, nSamples: number, nClasses: number): Float64Array {
  const nc = checkSampleShape(sampleProbs, nSamples, nClasses);
  const n = nc / nClasses;
  // The mean is kept in f64 so MI is not perturbed by rounding the average to f32.
  const mean = new Float64Array(nc);
  for (let s = 0; s < nSamples; s++) for (let j = 0; j < nc; j++) mean[j] += sampleProbs[s * nc + j] / nSamples;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let expected = 0;
    for (let s = 0; s < nSamples; s++) expected += rowEntropy(sampleProbs, s * nc + i * nClasses, nClasses);
    out[i] = Math.max(0, rowEntropy(mean, i * nClasses, nClasses) - expected / nSamples);
  }
  return out;
}

/**
 * OOD score per example; HIGHER = MORE LIKELY OUT OF DISTRIBUTION for every kind:
 * 'entropy' → H(p); 'mi' → mutual information (pass it, e.g. SplitPredictions.mutualInfo; a
 * deterministic method has none and scores 0 everywhere); 'maxprob' → 1 − max_k p_k.
 */
export function oodScores(probs: Float32Array, nClasses: number, kind: OodScoreKind, mutualInfo?: ArrayLike<number>): Float64Array {
  const n = checkShapes(probs, nClasses);
  if (kind === 'entropy') return entropy(probs, nClasses);
  const out = new Float64Array(n);
  if (kind === 'mi') {
    if (mutualInfo) {
      if (mutualInfo.length !== n) throw new RangeError(`mutualInfo length ${mutualInfo.length} does not match N = ${n}`);
      for (let i = 0; i < n; i++) out[i] = mutualInfo[i];
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    let m = probs[i * nClasses];
    for (let k = 1; k < nClasses; k++) m = Math.max(m, probs[i * nClasses + k]);
    out[i] = 1 - m;
  }
  return out;
}

function checkSampleShape(sampleProbs: Float32Array, nSamples: number, nClasses: number): number {
  if (!Number.isInteger(nSamples) || nSamples < 1) throw new RangeError(`nSamples must be a positive integer, got ${nSamples}`);
  if (sampleProbs.length % nSamples !== 0) throw new RangeError(`sample probs length ${sampleProbs.length} is not a multiple of S = ${nSamples}`);
  const nc = sampleProbs.length / nSamples;
  checkShapes(sampleProbs.subarray(0, nc), nClasses);
  return nc;
}
