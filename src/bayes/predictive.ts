// Bayesian model averaging (docs/METHOD.md §4, §5): the CPU twin of shaders/mc_average.wgsl.
//
// Prediction choice: the label is argmax of the averaged probabilities p = (1/S) Σ_s softmax(z_s),
// the quantity NLL, ECE and Brier are computed from, so the accuracy and the calibration metrics
// describe the same predictive distribution. The reference code predicts argmax of the mean logits;
// `argmaxMeanLogits` reproduces that for comparisons (both coincide when S = 1).

export interface BayesAverage {
  S: number;
  N: number;
  C: number;
  /** p = (1/S) Σ_s p_s, [N, C]. */
  meanProbs: Float32Array;
  /** H(p_s) per sample and example, [S, N]. */
  sampleEntropy: Float32Array;
  /** Predictive entropy H(p), [N]. */
  predictiveEntropy: Float32Array;
  /** (1/S) Σ_s H(p_s), [N]. */
  expectedEntropy: Float32Array;
  /** Mutual information H(p) − (1/S) Σ_s H(p_s) ≥ 0 (round-off clipped at 0), [N]. */
  mutualInformation: Float32Array;
}

/** Softmax of one row (f64), with log-probabilities; stable for any logits. */
function logSoftmaxRow(z: ArrayLike<number>, base: number, C: number, logp: Float64Array): void {
  let mx = z[base];
  for (let c = 1; c < C; c++) mx = Math.max(mx, z[base + c]);
  let sum = 0;
  for (let c = 0; c < C; c++) sum += Math.exp(z[base + c] - mx);
  const ls = Math.log(sum);
  for (let c = 0; c < C; c++) logp[c] = z[base + c] - mx - ls;
}

/**
 * Average S per-sample outputs [S, N, C] (flat, sample-major), given as logits or probabilities.
 * Entropies use 0 log 0 = 0.
 */
export function bayesAverage(values: ArrayLike<number>, S: number, N: number, C: number, kind: 'logits' | 'probs'): BayesAverage {
  if (values.length !== S * N * C || S < 1) throw new Error(`bayesAverage: expected ${S}·${N}·${C} values, got ${values.length}`);
  const meanProbs = new Float64Array(N * C);
  const sampleEntropy = new Float32Array(S * N);
  const expected = new Float64Array(N);
  const logp = new Float64Array(C);
  for (let s = 0; s < S; s++) {
    for (let n = 0; n < N; n++) {
      const base = (s * N + n) * C;
      let h = 0;
      if (kind === 'logits') {
        logSoftmaxRow(values, base, C, logp);
        for (let c = 0; c < C; c++) {
          const p = Math.exp(logp[c]);
          h -= p * logp[c];
          meanProbs[n * C + c] += p / S;
        }
      } else {
        for (let c = 0; c < C; c++) {
          const p = values[base + c];
          if (p > 0) h -= p * Math.log(p);
          meanProbs[n * C + c] += p / S;
        }
      }
      sampleEntropy[s * N + n] = h;
      expected[n] += h / S;
    }
  }
  const predictiveEntropy = new Float32Array(N);
  const mutualInformation = new Float32Array(N);
  for (let n = 0; n < N; n++) {
    let h = 0;
    for (let c = 0; c < C; c++) {
      const p = meanProbs[n * C + c];
      if (p > 0) h -= p * Math.log(p);
    }
    predictiveEntropy[n] = h;
    mutualInformation[n] = Math.max(h - expected[n], 0);
  }
  return {
    S,
    N,
    C,
    meanProbs: Float32Array.from(meanProbs),
    sampleEntropy,
    predictiveEntropy,
    expectedEntropy: Float32Array.from(expected),
    mutualInformation,
  };
}

/** argmax over C of each row of [N, C] (first index on ties). */
export function argmaxRows(values: ArrayLike<number>, N: number, C: number): Int32Array {
  const out = new Int32Array(N);
  for (let n = 0; n < N; n++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (values[n * C + c] > values[n * C + best]) best = c;
    out[n] = best;
  }
  return out;
}

/** The project's prediction: argmax of the averaged probabilities. */
export function predictFromAverage(avg: BayesAverage): Int32Array {
  return argmaxRows(avg.meanProbs, avg.N, avg.C);
}

/** The reference code's prediction: argmax of the mean logits over samples ([S, N, C] logits). */
export function argmaxMeanLogits(logits: ArrayLike<number>, S: number, N: number, C: number): Int32Array {
  const mean = new Float64Array(N * C);
  for (let s = 0; s < S; s++) for (let j = 0; j < N * C; j++) mean[j] += logits[s * N * C + j] / S;
  return argmaxRows(mean, N, C);
}
