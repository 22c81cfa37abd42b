// Percentile bootstrap intervals of ACC, ECE, NLL and Brier of one run over its test examples
// (issue 13: a number in the results table is shown with its uncertainty). Each replicate redraws
// the N test examples with replacement and recomputes the metric; the interval is the (1 − level)/2
// and 1 − (1 − level)/2 percentiles of the replicates (numpy's 'linear' percentile). The draws come
// from Philox (src/rng/philox.ts), so the same run always gets the same interval:
// example j of replicate r is ⌊u·N⌋ with u = philoxUniform(seed, BOOTSTRAP_STREAM) at index r·N + j.
// tools/stats/bootstrap_ci.py recomputes this with numpy (src/metrics/__fixtures__/bootstrap_ci.json).
import { philoxUniform } from '../rng/philox';
import { binEdges, binIndex } from './binning';
import { eceFromBins } from './calibration';
import { reliabilityFromConfidences } from './reliability';
import { NLL_EPS } from './scores';
import { checkShapes, topLabel } from './top_label';
import type { Binning } from './types';

export const CI_METRICS = ['acc', 'ece', 'nll', 'brier'] as const;
export type CiMetric = (typeof CI_METRICS)[number];

export interface Interval {
  lo: number;
  hi: number;
}

export type MetricIntervals = Record<CiMetric, Interval>;

export interface BootstrapOptions {
  nBins: number;
  binning: Binning;
  /** Default 1,000. */
  replicates?: number;
  /** Default 0.95. */
  level?: number;
  /** Default BOOTSTRAP_SEED. */
  seed?: number;
}

export const BOOTSTRAP_REPLICATES = 1000;
export const BOOTSTRAP_SEED = 13;
/** The Philox stream of the test-set resampling (kept apart from the data, dropout and SWAG streams by its key). */
export const BOOTSTRAP_STREAM = 0xb007;

/** numpy's default ('linear') percentile of sorted values, q in [0, 1]. */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos),
    hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** The example indices of replicate r (exported for the numpy check and the tests). */
export function resampleIndices(
  seed: number,
  replicate: number,
  n: number,
  u: Float32Array = new Float32Array(n),
  out: Int32Array = new Int32Array(n),
): Int32Array {
  philoxUniform(seed, BOOTSTRAP_STREAM, u, replicate * n);
  for (let j = 0; j < n; j++) out[j] = Math.floor(u[j] * n);
  return out;
}

/** 95 % (or `level`) percentile bootstrap intervals of accuracy, ECE, NLL and Brier; NaN bounds when N = 0. */
export function bootstrapIntervals(probs: Float32Array, nClasses: number, labels: Int32Array, opts: BootstrapOptions): MetricIntervals {
  const n = checkShapes(probs, nClasses, labels);
  const reps = opts.replicates ?? BOOTSTRAP_REPLICATES;
  const level = opts.level ?? 0.95;
  const seed = opts.seed ?? BOOTSTRAP_SEED;
  if (n === 0 || reps < 1) {
    const none = { lo: Number.NaN, hi: Number.NaN };
    return { acc: none, ece: { ...none }, nll: { ...none }, brier: { ...none } };
  }
  // Per-example terms, computed once: every replicate is then sums over drawn indices.
  const { pred, conf } = topLabel(probs, nClasses);
  const correct = new Float64Array(n),
    nllTerm = new Float64Array(n),
    brierTerm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    correct[i] = pred[i] === labels[i] ? 1 : 0;
    nllTerm[i] = -Math.log(probs[i * nClasses + labels[i]] + NLL_EPS);
    let s = 0;
    for (let k = 0; k < nClasses; k++) {
      const d = probs[i * nClasses + k] - (k === labels[i] ? 1 : 0);
      s += d * d;
    }
    brierTerm[i] = s;
  }
  // Equal-width bins do not depend on the sample: bin each example once. Equal-mass edges move
  // with every resample, so those replicates rebuild the bin table.
  const widthBin = opts.binning === 'width' ? new Int32Array(n) : null;
  if (widthBin) {
    const edges = binEdges(conf, opts.nBins, 'width');
    for (let i = 0; i < n; i++) widthBin[i] = binIndex(edges, conf[i]);
  }
  const out: Record<CiMetric, Float64Array> = {
    acc: new Float64Array(reps),
    ece: new Float64Array(reps),
    nll: new Float64Array(reps),
    brier: new Float64Array(reps),
  };
  const u = new Float32Array(n),
    idx = new Int32Array(n);
  const sumAcc = new Float64Array(opts.nBins),
    sumConf = new Float64Array(opts.nBins);
  const drawnConf = widthBin ? null : new Float64Array(n),
    drawnCorrect = widthBin ? null : new Float64Array(n);
  for (let r = 0; r < reps; r++) {
    resampleIndices(seed, r, n, u, idx);
    let hits = 0,
      nll = 0,
      brier = 0;
    if (widthBin) {
      sumAcc.fill(0);
      sumConf.fill(0);
    }
    for (let j = 0; j < n; j++) {
      const i = idx[j];
      hits += correct[i];
      nll += nllTerm[i];
      brier += brierTerm[i];
      if (widthBin) {
        sumAcc[widthBin[i]] += correct[i];
        sumConf[widthBin[i]] += conf[i];
      } else {
        drawnConf![j] = conf[i];
        drawnCorrect![j] = correct[i];
      }
    }
    out.acc[r] = hits / n;
    out.nll[r] = nll / n;
    out.brier[r] = brier / n;
    if (widthBin) {
      // Σ_b (n_b/N)|acc_b − conf_b| = Σ_b |Σ correct − Σ conf| / N.
      let e = 0;
      for (let b = 0; b < opts.nBins; b++) e += Math.abs(sumAcc[b] - sumConf[b]);
      out.ece[r] = e / n;
    } else {
      out.ece[r] = eceFromBins(reliabilityFromConfidences(drawnConf!, drawnCorrect!, { nBins: opts.nBins, binning: opts.binning }));
    }
  }
  const q = (1 - level) / 2;
  const interval = (xs: Float64Array): Interval => {
    const sorted = xs.slice().sort();
    return { lo: percentileSorted(sorted, q), hi: percentileSorted(sorted, 1 - q) };
  };
  return { acc: interval(out.acc), ece: interval(out.ece), nll: interval(out.nll), brier: interval(out.brier) };
}
