// Matthews correlation coefficient. For C classes this is Gorodkin's R_K on the confusion matrix
// (rows = true, columns = predicted), t_k = row sums, p_k = column sums, c = trace, s = N:
//   R_K = (c·s − Σ_k p_k t_k) / sqrt((s² − Σ_k p_k²)(s² − Σ_k t_k²)),
// which for C = 2 equals (TP·TN − FP·FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)).
// A zero denominator (a constant prediction or a single true class) gives 0, as scikit-learn does.

import { checkShapes, topLabel } from './top_label';

/** MCC of integer predictions against labels, both in [0, nClasses). */
export function mccFromPredictions(pred: Int32Array, labels: Int32Array, nClasses: number): number {
  const t = new Float64Array(nClasses);
  const p = new Float64Array(nClasses);
  let c = 0;
  for (let i = 0; i < labels.length; i++) {
    t[labels[i]] += 1;
    p[pred[i]] += 1;
    if (pred[i] === labels[i]) c += 1;
  }
  const s = labels.length;
  let pt = 0,
    pp = 0,
    tt = 0;
  for (let k = 0; k < nClasses; k++) {
    pt += p[k] * t[k];
    pp += p[k] * p[k];
    tt += t[k] * t[k];
  }
  const denom = Math.sqrt((s * s - pp) * (s * s - tt));
  return denom === 0 ? 0 : (c * s - pt) / denom;
}

/** MCC of argmax p against labels. */
export function mcc(probs: Float32Array, nClasses: number, labels: Int32Array): number {
  checkShapes(probs, nClasses, labels);
  return mccFromPredictions(topLabel(probs, nClasses).pred, labels, nClasses);
}
