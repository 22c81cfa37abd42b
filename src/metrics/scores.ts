// Proper scores and accuracy on row-major probabilities [N, C] (docs/METHOD.md §5). Means are per
// example; N = 0 gives NaN (there is nothing to average).

import { checkShapes, topLabel } from './top_label';

/** Added inside the log so p_y = 0 gives a large finite NLL, as the reference code does. */
export const NLL_EPS = 1e-9;

export function accuracy(probs: Float32Array, nClasses: number, labels: Int32Array): number {
  const n = checkShapes(probs, nClasses, labels);
  const { pred } = topLabel(probs, nClasses);
  let hits = 0;
  for (let i = 0; i < n; i++) if (pred[i] === labels[i]) hits++;
  return hits / n;
}

/** −(1/N) Σ_i log(p_{i,y_i} + 1e-9). */
export function nll(probs: Float32Array, nClasses: number, labels: Int32Array): number {
  const n = checkShapes(probs, nClasses, labels);
  let sum = 0;
  for (let i = 0; i < n; i++) sum -= Math.log(probs[i * nClasses + labels[i]] + NLL_EPS);
  return sum / n;
}

/** (1/N) Σ_i Σ_k (p_{i,k} − [k = y_i])². */
export function brier(probs: Float32Array, nClasses: number, labels: Int32Array): number {
  const n = checkShapes(probs, nClasses, labels);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < nClasses; k++) {
      const d = probs[i * nClasses + k] - (k === labels[i] ? 1 : 0);
      sum += d * d;
    }
  }
  return sum / n;
}
