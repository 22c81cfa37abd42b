// Selective prediction (issue 26): abstain below a confidence threshold and see what it buys.
//
// Confidence is the top-label confidence max_k p_k of the (mean predictive) probabilities. The
// examples are ranked by confidence, highest first; the model answers the k most confident
// (coverage k/n) and its risk is the error rate of those k. Ties: examples of equal confidence
// cannot be told apart by the model, so no order among them is picked; at a coverage inside a tie
// group the risk is its mean over every order of the group, that is the group's errors counted
// pro rata: errors(k) = errors of the groups above + (k − k₀)·e_g/m_g for a group of m_g examples,
// e_g of them wrong, starting after k₀. Without ties this is torch-uncertainty's curve exactly.
//
// AURC is torch-uncertainty's (Geifman & El-Yaniv 2017): the trapezoid area under risk over the
// coverages k/n, k = 1..n, normalised by the span 1 − 1/n of its support:
//   AURC = [Σ_{k=1..n} r_k − (r_1 + r_n)/2] / (n − 1)      (NaN when n < 2).
// It differs from the plain mean (1/n) Σ r_k by O(1/n). Its 95 % interval is the percentile
// bootstrap over test examples with bootstrap_ci.ts's Philox draws (the same seed and stream).
// tools/stats/selective_ref.py recomputes all of this with numpy (src/metrics/selective.test.ts).
import { percentileSorted, resampleIndices, BOOTSTRAP_REPLICATES, BOOTSTRAP_SEED, type Interval } from './bootstrap_ci';
import { checkShapes, topLabel } from './top_label';

/** Confidence and 0/1 error per example, from row-major probabilities [N, C]. */
export function confidenceAndErrors(probs: Float32Array, nClasses: number, labels: Int32Array): { conf: Float64Array; err: Float64Array } {
  checkShapes(probs, nClasses, labels);
  const { pred, conf } = topLabel(probs, nClasses);
  const err = new Float64Array(pred.length);
  for (let i = 0; i < pred.length; i++) err[i] = pred[i] === labels[i] ? 0 : 1;
  return { conf, err };
}

/** Example indices by descending confidence and the tie groups: group g holds order[groups[g] .. groups[g+1]). */
export interface Ranking {
  order: Int32Array;
  groups: Int32Array;
}

export function rankByConfidence(conf: ArrayLike<number>): Ranking {
  const n = conf.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => conf[b] - conf[a] || a - b);
  const starts: number[] = [];
  for (let p = 0; p < n; p++) if (p === 0 || conf[order[p]] !== conf[order[p - 1]]) starts.push(p);
  starts.push(n);
  return { order, groups: Int32Array.from(starts) };
}

/**
 * Risk r_k at coverage k/n for k = 1..n (index k − 1). `weight` (a bootstrap replicate's
 * multiplicity of each example) defaults to 1 each; n is then Σ weight.
 */
export function riskCurve(rank: Ranking, err: ArrayLike<number>, weight?: ArrayLike<number>, out?: Float64Array): Float64Array {
  const { order, groups } = rank;
  let n = order.length;
  if (weight) {
    n = 0;
    for (let i = 0; i < weight.length; i++) n += weight[i];
  }
  const risk = out && out.length === n ? out : new Float64Array(n);
  let k0 = 0,
    errorsAbove = 0;
  for (let g = 0; g + 1 < groups.length; g++) {
    let m = 0,
      e = 0;
    for (let p = groups[g]; p < groups[g + 1]; p++) {
      const w = weight ? weight[order[p]] : 1;
      m += w;
      e += w * err[order[p]];
    }
    for (let j = 1; j <= m; j++) risk[k0 + j - 1] = (errorsAbove + (j * e) / m) / (k0 + j);
    k0 += m;
    errorsAbove += e;
  }
  return risk;
}

/** torch-uncertainty's AURC of a risk curve (see the header); NaN when n < 2. */
export function aurcOfCurve(risk: ArrayLike<number>): number {
  const n = risk.length;
  if (n < 2) return Number.NaN;
  let s = 0;
  for (let k = 0; k < n; k++) s += risk[k];
  return (s - (risk[0] + risk[n - 1]) / 2) / (n - 1);
}

export function aurc(conf: ArrayLike<number>, err: ArrayLike<number>): number {
  return aurcOfCurve(riskCurve(rankByConfidence(conf), err));
}

export interface AurcOptions {
  replicates?: number;
  level?: number;
  seed?: number;
}

/** Percentile bootstrap interval of AURC over the examples (bootstrap_ci.ts's draws); NaN bounds when n < 2. */
export function aurcInterval(conf: ArrayLike<number>, err: ArrayLike<number>, opts: AurcOptions = {}): Interval {
  const n = conf.length;
  const reps = opts.replicates ?? BOOTSTRAP_REPLICATES;
  const level = opts.level ?? 0.95;
  const seed = opts.seed ?? BOOTSTRAP_SEED;
  if (n < 2 || reps < 1) return { lo: Number.NaN, hi: Number.NaN };
  // A resample keeps the examples' confidences, so it keeps their ranking: only multiplicities change.
  const rank = rankByConfidence(conf);
  const u = new Float32Array(n),
    idx = new Int32Array(n),
    count = new Float64Array(n),
    risk = new Float64Array(n),
    draws = new Float64Array(reps);
  for (let r = 0; r < reps; r++) {
    resampleIndices(seed, r, n, u, idx);
    count.fill(0);
    for (let j = 0; j < n; j++) count[idx[j]] += 1;
    draws[r] = aurcOfCurve(riskCurve(rank, err, count, risk));
  }
  draws.sort();
  const q = (1 - level) / 2;
  return { lo: percentileSorted(draws, q), hi: percentileSorted(draws, 1 - q) };
}

export interface ThresholdResult {
  threshold: number;
  n: number;
  /** Examples with confidence ≥ threshold. */
  accepted: number;
  correct: number;
  coverage: number;
  /** Fraction correct among the accepted; NaN when none is accepted. */
  accuracy: number;
}

/** Coverage and accuracy when the model answers only where its confidence is at least `threshold`. */
export function atThreshold(conf: ArrayLike<number>, err: ArrayLike<number>, threshold: number): ThresholdResult {
  let accepted = 0,
    correct = 0;
  for (let i = 0; i < conf.length; i++) {
    if (conf[i] >= threshold) {
      accepted++;
      correct += 1 - err[i];
    }
  }
  const n = conf.length;
  return { threshold, n, accepted, correct, coverage: n ? accepted / n : Number.NaN, accuracy: accepted ? correct / accepted : Number.NaN };
}

/** At most `maxPoints` (coverage, risk) points of a curve for drawing: evenly spaced k, the last always kept. */
export function curvePoints(risk: Float64Array, maxPoints = 200): { coverage: number; risk: number }[] {
  const n = risk.length;
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const pts: { coverage: number; risk: number }[] = [];
  for (let k = step; k < n; k += step) pts.push({ coverage: k / n, risk: risk[k - 1] });
  if (n > 0) pts.push({ coverage: 1, risk: risk[n - 1] });
  return pts;
}
