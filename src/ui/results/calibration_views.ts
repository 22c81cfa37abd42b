// The reliability panel's other views of one run's test predictions, computed once per prediction
// array (keyed weakly): class-wise ECE with each class's one-vs-rest bin table, and smooth ECE with
// its smoothed curve and bootstrap band (relplot's, about 0.1 s for 1,000 examples).
import { classwiseEce, confidenceAndErrors, reliabilityFromConfidences, smoothReliability, type ReliabilityBin, type SmoothReliability } from '../../metrics';
import type { BinOptions } from '../../metrics';

export type ReliabilityMode = 'binned' | 'classwise' | 'smooth';

export interface ClasswiseView {
  value: number;
  perClass: { ece: number; bins: ReliabilityBin[] }[];
}

const classwiseCache = new WeakMap<Float32Array, Map<string, ClasswiseView>>();
const smoothCache = new WeakMap<Float32Array, SmoothReliability>();

export function classwiseOf(probs: Float32Array, nClasses: number, labels: Int32Array, bins: BinOptions): ClasswiseView {
  const key = `${bins.nBins}|${bins.binning}`;
  let byBins = classwiseCache.get(probs);
  if (!byBins) classwiseCache.set(probs, (byBins = new Map()));
  let v = byBins.get(key);
  if (!v) {
    const cw = classwiseEce(probs, nClasses, labels, bins);
    const n = labels.length;
    const perClass = cw.perClass.map((ece, j) => {
      const p = Float64Array.from({ length: n }, (_, i) => probs[i * nClasses + j]);
      const hit = Float64Array.from(labels, (y) => (y === j ? 1 : 0));
      return { ece, bins: reliabilityFromConfidences(p, hit, bins) };
    });
    byBins.set(key, (v = { value: cw.value, perClass }));
  }
  return v;
}

export function smoothOf(probs: Float32Array, nClasses: number, labels: Int32Array): SmoothReliability {
  let s = smoothCache.get(probs);
  if (!s) {
    const { conf, err } = confidenceAndErrors(probs, nClasses, labels);
    smoothCache.set(
      probs,
      (s = smoothReliability(
        conf,
        Float64Array.from(err, (e) => 1 - e),
      )),
    );
  }
  return s;
}
