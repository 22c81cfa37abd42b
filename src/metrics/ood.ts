// Separating in-distribution from out-of-distribution examples by a score where HIGHER = MORE
// LIKELY OOD (see oodScores). OOD is the positive class.
// AUROC is the area under the ROC curve swept over distinct score thresholds, ties contributing a
// diagonal segment — equal to P(s_ood > s_in) + ½ P(s_ood = s_in), the Mann–Whitney U with
// midranks. AUPR is average precision as scikit-learn defines it: Σ_n (R_n − R_{n−1}) P_n over
// distinct thresholds (no interpolation). Either is NaN when one of the two groups is empty.

export interface RocPoint {
  fpr: number;
  tpr: number;
  threshold: number;
}

/** ROC curve from (0, 0) to (1, 1), one point per distinct score, descending thresholds. */
export function rocCurve(inScores: ArrayLike<number>, oodScores: ArrayLike<number>): RocPoint[] {
  const { scores, isOod } = pooled(inScores, oodScores);
  const nPos = oodScores.length,
    nNeg = inScores.length;
  const points: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: Infinity }];
  let tp = 0,
    fp = 0;
  forEachTieGroup(scores, isOod, (threshold, pos, neg) => {
    tp += pos;
    fp += neg;
    points.push({ fpr: fp / nNeg, tpr: tp / nPos, threshold });
  });
  return points;
}

export function auroc(inScores: ArrayLike<number>, oodScores: ArrayLike<number>): number {
  if (inScores.length === 0 || oodScores.length === 0) return NaN;
  const pts = rocCurve(inScores, oodScores);
  let area = 0;
  for (let i = 1; i < pts.length; i++) area += ((pts[i].fpr - pts[i - 1].fpr) * (pts[i].tpr + pts[i - 1].tpr)) / 2;
  return area;
}

/** Average precision with OOD as the positive class. */
export function aupr(inScores: ArrayLike<number>, oodScores: ArrayLike<number>): number {
  if (inScores.length === 0 || oodScores.length === 0) return NaN;
  const { scores, isOod } = pooled(inScores, oodScores);
  const nPos = oodScores.length;
  let tp = 0,
    fp = 0,
    prevRecall = 0,
    ap = 0;
  forEachTieGroup(scores, isOod, (_t, pos, neg) => {
    tp += pos;
    fp += neg;
    const recall = tp / nPos;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
  });
  return ap;
}

/** Scores of both groups sorted by descending score. */
function pooled(inScores: ArrayLike<number>, oodScores: ArrayLike<number>): { scores: Float64Array; isOod: Uint8Array } {
  const n = inScores.length + oodScores.length;
  const all = new Float64Array(n);
  const flag = new Uint8Array(n);
  for (let i = 0; i < inScores.length; i++) all[i] = checkFinite(inScores[i]);
  for (let i = 0; i < oodScores.length; i++) {
    all[inScores.length + i] = checkFinite(oodScores[i]);
    flag[inScores.length + i] = 1;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => all[b] - all[a]);
  return { scores: Float64Array.from(order, (i) => all[i]), isOod: Uint8Array.from(order, (i) => flag[i]) };
}

/** Calls fn once per run of equal scores with the number of OOD (pos) and in-distribution (neg) members. */
function forEachTieGroup(scores: Float64Array, isOod: Uint8Array, fn: (threshold: number, pos: number, neg: number) => void): void {
  let i = 0;
  while (i < scores.length) {
    let pos = 0,
      neg = 0;
    const t = scores[i];
    while (i < scores.length && scores[i] === t) {
      if (isOod[i]) pos++;
      else neg++;
      i++;
    }
    fn(t, pos, neg);
  }
}

function checkFinite(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`OOD scores must be finite, got ${x}`);
  return x;
}
