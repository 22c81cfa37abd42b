// Paired comparisons of two methods on the same test examples and seeds (issue 12): the mean over
// seeds of the per-seed difference Δ = metric(A) − metric(B) of NLL, ECE, ACE and Brier, with a 95 %
// percentile interval from a two-level bootstrap: each replicate redraws the seeds with
// replacement (training randomness) and, within each drawn seed, the test examples with
// replacement (test-set sampling), pairing A and B on the same draw. A difference whose interval
// holds 0 is unresolved. tools/stats/paired_bootstrap.py recomputes this with numpy on fixed inputs.
import { eceFromBins } from '../metrics/calibration';
import { NLL_EPS } from '../metrics/scores';
import { reliabilityFromConfidences } from '../metrics/reliability';

export const PAIRED_METRICS = ['nll', 'ece', 'ace', 'brier'] as const;
export type PairedMetric = (typeof PAIRED_METRICS)[number];

/** Below these the design cannot support a verdict: the result is reported as unresolved. */
export const MIN_SEEDS = 2;
export const MIN_TEST_EXAMPLES = 50;

/** One seed's test predictions of a method: probabilities N × C row-major. */
export interface SeedPredictions {
  seed: number;
  probs: ArrayLike<number>;
}

export interface PairedOptions {
  nBins: number;
  replicates: number;
  seed: number;
  level?: number;
}

export interface PairedDelta {
  metric: PairedMetric;
  /** Mean over seeds of metric(A) − metric(B) on the full test set. */
  delta: number;
  lo: number;
  hi: number;
  /** 'A better' / 'B better' only when the interval excludes 0 and the design supports a verdict. */
  verdict: 'A better' | 'B better' | 'unresolved';
}

export interface PairedResult {
  seeds: number[];
  n: number;
  deltas: PairedDelta[];
  reason?: string;
}

/** mulberry32: a tiny 32-bit generator the numpy check reimplements bit for bit. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** numpy's default ('linear') percentile of sorted values, q in [0, 1]. */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos),
    hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Per-example pieces of every paired metric (top-label confidence and correctness, NLL and Brier terms). */
interface Pieces {
  conf: Float64Array;
  correct: Float64Array;
  nll: Float64Array;
  brier: Float64Array;
}

function pieces(probs: ArrayLike<number>, labels: ArrayLike<number>, C: number): Pieces {
  const n = labels.length;
  const p: Pieces = { conf: new Float64Array(n), correct: new Float64Array(n), nll: new Float64Array(n), brier: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    // Top label as topLabel picks it: the first class with the largest probability.
    let b = 0;
    for (let k = 1; k < C; k++) if (probs[i * C + k] > probs[i * C + b]) b = k;
    for (let k = 0; k < C; k++) {
      const d = probs[i * C + k] - (k === labels[i] ? 1 : 0);
      p.brier[i] += d * d;
    }
    const best = probs[i * C + b];
    p.conf[i] = best;
    p.correct[i] = b === labels[i] ? 1 : 0;
    p.nll[i] = -Math.log(probs[i * C + labels[i]] + NLL_EPS);
  }
  return p;
}

function metricsOn(p: Pieces, idx: Int32Array | null, nBins: number): Record<PairedMetric, number> {
  const n = idx ? idx.length : p.conf.length;
  const conf = new Float64Array(n),
    correct = new Float64Array(n);
  let nll = 0,
    brier = 0;
  for (let j = 0; j < n; j++) {
    const i = idx ? idx[j] : j;
    conf[j] = p.conf[i];
    correct[j] = p.correct[i];
    nll += p.nll[i];
    brier += p.brier[i];
  }
  return {
    nll: nll / n,
    brier: brier / n,
    ece: eceFromBins(reliabilityFromConfidences(conf, correct, { nBins, binning: 'width' })),
    ace: eceFromBins(reliabilityFromConfidences(conf, correct, { nBins, binning: 'mass' })),
  };
}

/**
 * A against B over the seeds both have. Seeds are matched by value; labels are the test labels
 * (the same for every seed).
 */
export function pairedComparison(
  a: readonly SeedPredictions[],
  b: readonly SeedPredictions[],
  labels: ArrayLike<number>,
  C: number,
  opts: PairedOptions,
): PairedResult {
  const bBySeed = new Map(b.map((x) => [x.seed, x]));
  const pairs = a
    .filter((x) => bBySeed.has(x.seed))
    .sort((x, y) => x.seed - y.seed)
    .map((x) => ({ seed: x.seed, a: pieces(x.probs, labels, C), b: pieces(bBySeed.get(x.seed)!.probs, labels, C) }));
  const n = labels.length;
  const S = pairs.length;
  const point: Record<PairedMetric, number> = { nll: 0, ece: 0, ace: 0, brier: 0 };
  for (const pr of pairs) {
    const ma = metricsOn(pr.a, null, opts.nBins),
      mb = metricsOn(pr.b, null, opts.nBins);
    for (const k of PAIRED_METRICS) point[k] += (ma[k] - mb[k]) / Math.max(S, 1);
  }
  const reps: Record<PairedMetric, Float64Array> = {
    nll: new Float64Array(opts.replicates),
    ece: new Float64Array(opts.replicates),
    ace: new Float64Array(opts.replicates),
    brier: new Float64Array(opts.replicates),
  };
  const rand = mulberry32(opts.seed);
  const idx = new Int32Array(n);
  for (let r = 0; r < opts.replicates && S > 0; r++) {
    const drawn = Array.from({ length: S }, () => Math.floor(rand() * S));
    for (const s of drawn) {
      for (let j = 0; j < n; j++) idx[j] = Math.floor(rand() * n);
      const ma = metricsOn(pairs[s].a, idx, opts.nBins),
        mb = metricsOn(pairs[s].b, idx, opts.nBins);
      for (const k of PAIRED_METRICS) reps[k][r] += (ma[k] - mb[k]) / S;
    }
  }
  const reason =
    S < MIN_SEEDS
      ? `${S} paired seed${S === 1 ? '' : 's'} (at least ${MIN_SEEDS} are needed)`
      : n < MIN_TEST_EXAMPLES
        ? `${n} test examples (at least ${MIN_TEST_EXAMPLES} are needed)`
        : undefined;
  const level = opts.level ?? 0.95;
  const deltas = PAIRED_METRICS.map((metric): PairedDelta => {
    const sorted = reps[metric].slice().sort();
    const lo = S ? percentileSorted(sorted, (1 - level) / 2) : NaN,
      hi = S ? percentileSorted(sorted, 1 - (1 - level) / 2) : NaN;
    // Lower is better for every paired metric.
    const verdict = reason || !(lo > 0 || hi < 0) ? 'unresolved' : hi < 0 ? 'A better' : 'B better';
    return { metric, delta: point[metric], lo, hi, verdict };
  });
  return { seeds: pairs.map((p) => p.seed), n, deltas, reason };
}
