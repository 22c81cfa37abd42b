// Class-wise ECE (Kull et al. 2019, "Beyond temperature scaling"): for each class j, the binned ECE
// of the one-vs-rest problem, the probability p_j of every example against 1[y = j], over all N
// examples; then the mean over the C classes:
//   cwECE = (1/C) Σ_j Σ_b (n_bj / N) |mean_{i∈b} 1[y_i = j] − mean_{i∈b} p_ij|.
// The bins follow the same rule as the top-label ECE (binning.ts): equal width i/B, or equal mass
// over that class's own p_j. tools/stats/selective_ref.py recomputes it with numpy.
import { eceFromBins } from './calibration';
import { reliabilityFromConfidences, type BinOptions } from './reliability';
import { checkShapes } from './top_label';

export interface ClasswiseEce {
  /** Mean over classes. */
  value: number;
  /** One-vs-rest ECE of each class, in label-index order. */
  perClass: number[];
}

export function classwiseEce(probs: Float32Array, nClasses: number, labels: Int32Array, opts: BinOptions): ClasswiseEce {
  const n = checkShapes(probs, nClasses, labels);
  const p = new Float64Array(n),
    hit = new Float64Array(n);
  const perClass: number[] = [];
  for (let j = 0; j < nClasses; j++) {
    for (let i = 0; i < n; i++) {
      p[i] = probs[i * nClasses + j];
      hit[i] = labels[i] === j ? 1 : 0;
    }
    perClass.push(eceFromBins(reliabilityFromConfidences(p, hit, opts)));
  }
  return { value: perClass.reduce((a, b) => a + b, 0) / nClasses, perClass };
}
