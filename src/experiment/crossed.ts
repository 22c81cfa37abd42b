// Paired comparisons of two methods on the same test examples and seeds (issue 25): for ACC, NLL,
// ECE, ACE and Brier, the mean over seeds of the per-seed difference Δ = metric(A) − metric(B),
// with two intervals a verdict needs both of:
// - a crossed bootstrap: each replicate redraws the seeds with replacement (training randomness)
//   and, once, the test examples with replacement, shared by every drawn seed and both arms (all
//   seeds are scored on one test set, so its sampling is common to them). The interval is the basic
//   (pivotal) one, [2Δ − q(1 − α/2), 2Δ − q(α/2)]: resampling with duplicates inflates each arm's
//   ECE/ACE, so the replicates centre on Δ + b; the percentile interval keeps that shift, the basic
//   interval reflects the replicates about Δ and centres near Δ − b, the bias-corrected estimate.
// - a t(n − 1) interval over the per-seed differences (the test set held fixed), with its two-sided p.
// Equivalence (TOST at the margin of each metric) holds when both 90 % intervals lie inside ±margin.
// tools/stats/crossed_bootstrap.py recomputes all of it with numpy on fixed inputs.
import { binIndex, equalWidthEdges } from '../metrics/binning';
import { NLL_EPS } from '../metrics/scores';
import { tCdf, tQuantile } from './t_dist';

export const PAIRED_METRICS = ['accuracy', 'nll', 'ece', 'ace', 'brier'] as const;
export type PairedMetric = (typeof PAIRED_METRICS)[number];
/** Accuracy is the one paired metric where higher is better. */
export const HIGHER_IS_BETTER: Record<PairedMetric, boolean> = { accuracy: true, nll: false, ece: false, ace: false, brier: false };

/** Below these the design cannot support a verdict: the result is reported as unresolved. */
export const MIN_SEEDS = 2;
export const MIN_TEST_EXAMPLES = 50;

/** One seed's test predictions of a method: probabilities N × C row-major. */
export interface SeedPredictions {
  seed: number;
  probs: ArrayLike<number>;
}

export interface CrossedOptions {
  nBins: number;
  replicates: number;
  seed: number;
  /** Two-sided level of the difference intervals (default 0.95); TOST uses 1 − 2(1 − level). */
  level?: number;
  /** Equivalence margin per metric (|Δ| below it is negligible), declared before the results are read. */
  margins: Record<PairedMetric, number>;
}

export interface Interval {
  lo: number;
  hi: number;
}

export interface PairedDelta {
  metric: PairedMetric;
  /** Mean over seeds of metric(A) − metric(B) on the full test set. */
  delta: number;
  /** The crossed bootstrap's basic interval at `level`. */
  boot: Interval;
  /** The t(n − 1) interval over the per-seed differences at `level`, and its two-sided p (H0: Δ = 0). */
  t: Interval;
  tP: number;
  /** Both intervals exclude 0 and the design supports a verdict. */
  resolved: boolean;
  /** TOST: both (1 − 2α) intervals lie inside ±margin; tEquivP is the t test's TOST p. */
  bootEquiv: Interval;
  tEquiv: Interval;
  tEquivP: number;
  equivalent: boolean;
  /** Direction when resolved: A better or worse than B (accuracy: higher is better; the rest: lower). */
  direction: 'A better' | 'B better' | undefined;
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

/**
 * Per-example pieces of one seed of one method, stored in ascending order of top-label confidence
 * (`order[j]` is the test example at position j): confidence, correctness, NLL and Brier terms, and
 * the equal-width bin.
 */
interface Pieces {
  conf: Float64Array;
  correct: Float64Array;
  nll: Float64Array;
  brier: Float64Array;
  widthBin: Int32Array;
  order: Int32Array;
}

function pieces(probs: ArrayLike<number>, labels: ArrayLike<number>, C: number, nBins: number): Pieces {
  const n = labels.length;
  const conf = new Float64Array(n),
    correct = new Float64Array(n),
    nll = new Float64Array(n),
    brier = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Top label as topLabel picks it: the first class with the largest probability.
    let b = 0;
    for (let k = 1; k < C; k++) if (probs[i * C + k] > probs[i * C + b]) b = k;
    for (let k = 0; k < C; k++) {
      const d = probs[i * C + k] - (k === labels[i] ? 1 : 0);
      brier[i] += d * d;
    }
    conf[i] = probs[i * C + b];
    correct[i] = b === labels[i] ? 1 : 0;
    nll[i] = -Math.log(probs[i * C + labels[i]] + NLL_EPS);
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((x, y) => conf[x] - conf[y]);
  const edges = equalWidthEdges(nBins);
  const p: Pieces = {
    conf: new Float64Array(n),
    correct: new Float64Array(n),
    nll: new Float64Array(n),
    brier: new Float64Array(n),
    widthBin: new Int32Array(n),
    order,
  };
  order.forEach((i, j) => {
    p.conf[j] = conf[i];
    p.correct[j] = correct[i];
    p.nll[j] = nll[i];
    p.brier[j] = brier[i];
    p.widthBin[j] = binIndex(edges, conf[i]);
  });
  return p;
}

/**
 * Every paired metric on a resample given by its counts (test example i drawn w[i] times, Σw = n),
 * as src/metrics computes them on the resampled arrays: ECE on (lo, hi] equal-width bins, ACE on
 * equal-mass edges taken from the resample's sorted confidences (metrics/binning.ts: edge b is the
 * ⌈b·n/B⌉-th smallest). One pass in confidence order: an edge is known once that many resampled
 * values are seen, and a value goes to the first bin whose known upper edge it does not exceed
 * (an edge not yet known is at least the current value).
 */
function metricsOnCounts(p: Pieces, w: Uint16Array, nBins: number, out: Float64Array, scratch: Float64Array): void {
  const { conf, correct, nll: nllOf, brier: brierOf, widthBin, order } = p;
  const n = conf.length;
  const wConf = scratch.subarray(0, nBins),
    wCorrect = scratch.subarray(nBins, 2 * nBins),
    mConf = scratch.subarray(2 * nBins, 3 * nBins),
    mCorrect = scratch.subarray(3 * nBins, 4 * nBins),
    edges = scratch.subarray(4 * nBins, 5 * nBins + 1);
  scratch.fill(0);
  let acc = 0,
    nll = 0,
    brier = 0,
    seen = 0,
    bin = 0,
    known = 1, // edges 1 … known − 1 are set
    nextTake = Math.ceil(n / nBins),
    binEdge = Number.POSITIVE_INFINITY; // edges[bin + 1] once known
  for (let j = 0; j < n; j++) {
    const k = w[order[j]];
    if (k === 0) continue;
    const c = conf[j],
      y = correct[j];
    acc += k * y;
    nll += k * nllOf[j];
    brier += k * brierOf[j];
    const wb = widthBin[j];
    wConf[wb] += k * c;
    wCorrect[wb] += k * y;
    while (c > binEdge) {
      bin++;
      binEdge = bin + 1 < known ? edges[bin + 1] : Number.POSITIVE_INFINITY;
    }
    mConf[bin] += k * c;
    mCorrect[bin] += k * y;
    seen += k;
    while (known < nBins && seen >= nextTake) {
      edges[known] = c;
      if (known === bin + 1) binEdge = c;
      known++;
      nextTake = Math.ceil((known * n) / nBins);
    }
  }
  let ece = 0,
    ace = 0;
  for (let b = 0; b < nBins; b++) {
    ece += Math.abs(wCorrect[b] - wConf[b]);
    ace += Math.abs(mCorrect[b] - mConf[b]);
  }
  out[0] = acc / n;
  out[1] = nll / n;
  out[2] = ece / n;
  out[3] = ace / n;
  out[4] = brier / n;
}

/** The replicates' draws: per replicate S seed indices, then n example indices (as counts), in that order from one mulberry32 stream. */
interface Draws {
  seedIdx: Int32Array;
  counts: Uint16Array;
}

function draws(S: number, n: number, B: number, seed: number): Draws {
  const rand = mulberry32(seed);
  const seedIdx = new Int32Array(B * S),
    counts = new Uint16Array(B * n);
  for (let r = 0; r < B; r++) {
    for (let s = 0; s < S; s++) seedIdx[r * S + s] = Math.floor(rand() * S);
    for (let j = 0; j < n; j++) counts[r * n + Math.floor(rand() * n)]++;
  }
  return { seedIdx, counts };
}

/**
 * Memo of the work shared across comparisons on one test set: the draws (the same for every pair
 * with the same seed count) and each arm's metrics on every replicate, keyed by the caller's id of
 * the arm (a cell) and the seed.
 */
export class CrossedCache {
  private readonly drawMemo = new Map<string, Draws>();
  private readonly armMemo = new Map<string, { full: Float64Array; reps: Float64Array }>();

  draws(S: number, n: number, B: number, seed: number): Draws {
    const key = `${S}|${n}|${B}|${seed}`;
    let d = this.drawMemo.get(key);
    if (!d) this.drawMemo.set(key, (d = draws(S, n, B, seed)));
    return d;
  }

  /** Metrics on the full test set and on each replicate (replicate-major, 5 per replicate). */
  arm(key: string | undefined, probs: ArrayLike<number>, labels: ArrayLike<number>, C: number, nBins: number, d: Draws, B: number) {
    const memoKey = key === undefined ? undefined : `${key}|${B}|${d.counts.length}|${nBins}`;
    const hit = memoKey === undefined ? undefined : this.armMemo.get(memoKey);
    if (hit) return hit;
    const n = labels.length;
    const p = pieces(probs, labels, C, nBins);
    const full = new Float64Array(5),
      scratch = new Float64Array(5 * nBins + 1);
    metricsOnCounts(p, new Uint16Array(n).fill(1), nBins, full, scratch);
    const reps = new Float64Array(B * 5);
    for (let r = 0; r < B; r++) metricsOnCounts(p, d.counts.subarray(r * n, (r + 1) * n), nBins, reps.subarray(r * 5, r * 5 + 5), scratch);
    const res = { full, reps };
    if (memoKey !== undefined) this.armMemo.set(memoKey, res);
    return res;
  }
}

/** Two-sided t interval and p over per-seed differences; TOST against ±margin. */
function tStats(ds: readonly number[], level: number, margin: number) {
  const S = ds.length;
  const mean = ds.reduce((a, b) => a + b, 0) / S;
  const sd = S > 1 ? Math.sqrt(ds.reduce((a, b) => a + (b - mean) ** 2, 0) / (S - 1)) : NaN;
  const se = sd / Math.sqrt(S);
  if (!(S > 1)) return { t: { lo: NaN, hi: NaN }, p: NaN, tEquiv: { lo: NaN, hi: NaN }, equivP: NaN };
  const df = S - 1;
  const q = tQuantile(1 - (1 - level) / 2, df),
    qe = tQuantile(level, df);
  // A zero spread: the differences are all equal; exact 0 is no evidence, anything else is certain.
  const p = se === 0 ? (mean === 0 ? 1 : 0) : 2 * tCdf(-Math.abs(mean / se), df);
  const equivP = se === 0 ? (Math.abs(mean) < margin ? 0 : 1) : Math.max(tCdf((mean - margin) / se, df), 1 - tCdf((mean + margin) / se, df));
  return { t: { lo: mean - q * se, hi: mean + q * se }, p, tEquiv: { lo: mean - qe * se, hi: mean + qe * se }, equivP };
}

/** The basic bootstrap interval at a two-sided level from sorted replicates. */
function basic(sorted: Float64Array, delta: number, level: number): Interval {
  const a = (1 - level) / 2;
  return { lo: 2 * delta - percentileSorted(sorted, 1 - a), hi: 2 * delta - percentileSorted(sorted, a) };
}

/**
 * A against B over the seeds both have. Seeds are matched by value; labels are the test labels
 * (the same for every seed). `cache` with `ids` (one per arm, e.g. the cell) shares draws and arm
 * replicates across the comparisons of one test set; results do not depend on it.
 */
export function crossedComparison(
  a: readonly SeedPredictions[],
  b: readonly SeedPredictions[],
  labels: ArrayLike<number>,
  C: number,
  opts: CrossedOptions,
  cache: CrossedCache = new CrossedCache(),
  ids?: { a: string; b: string },
): PairedResult {
  const bBySeed = new Map(b.map((x) => [x.seed, x]));
  const pairs = a
    .filter((x) => bBySeed.has(x.seed))
    .sort((x, y) => x.seed - y.seed)
    .map((x) => ({ seed: x.seed, a: x.probs, b: bBySeed.get(x.seed)!.probs }));
  const n = labels.length;
  const S = pairs.length;
  const B = opts.replicates;
  const level = opts.level ?? 0.95;
  const d = cache.draws(S, n, B, opts.seed);
  const arms = pairs.map((pr) => ({
    a: cache.arm(ids && `${ids.a}|${pr.seed}`, pr.a, labels, C, opts.nBins, d, B),
    b: cache.arm(ids && `${ids.b}|${pr.seed}`, pr.b, labels, C, opts.nBins, d, B),
  }));
  const reason =
    S < MIN_SEEDS
      ? `${S} paired seed${S === 1 ? '' : 's'} (at least ${MIN_SEEDS} are needed)`
      : n < MIN_TEST_EXAMPLES
        ? `${n} test examples (at least ${MIN_TEST_EXAMPLES} are needed)`
        : undefined;
  const deltas = PAIRED_METRICS.map((metric, m): PairedDelta => {
    const perSeed = arms.map((x) => x.a.full[m] - x.b.full[m]);
    const delta = S ? perSeed.reduce((s, x) => s + x, 0) / S : NaN;
    const reps = new Float64Array(B);
    for (let r = 0; r < B && S > 0; r++) {
      let sum = 0;
      for (let s = 0; s < S; s++) {
        const k = d.seedIdx[r * S + s];
        sum += arms[k].a.reps[r * 5 + m] - arms[k].b.reps[r * 5 + m];
      }
      reps[r] = sum / S;
    }
    const sorted = reps.sort();
    const boot = S ? basic(sorted, delta, level) : { lo: NaN, hi: NaN };
    const bootEquiv = S ? basic(sorted, delta, 1 - 2 * (1 - level)) : { lo: NaN, hi: NaN };
    const margin = opts.margins[metric];
    const ts = tStats(perSeed, level, margin);
    const excludes = (i: Interval) => i.lo > 0 || i.hi < 0;
    const resolved = !reason && excludes(boot) && excludes(ts.t) && Math.sign(boot.lo) === Math.sign(ts.t.lo);
    const inside = (i: Interval) => i.lo > -margin && i.hi < margin;
    const equivalent = !reason && inside(bootEquiv) && inside(ts.tEquiv);
    const up = delta > 0;
    const direction = resolved ? (up === HIGHER_IS_BETTER[metric] ? 'A better' : 'B better') : undefined;
    return { metric, delta, boot, t: ts.t, tP: ts.p, resolved, bootEquiv, tEquiv: ts.tEquiv, tEquivP: ts.equivP, equivalent, direction };
  });
  return { seeds: pairs.map((p) => p.seed), n, deltas, reason };
}
