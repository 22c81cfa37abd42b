// What the selective-prediction chart shows of one run: its risk–coverage curve (thinned for
// drawing), AURC and the 95 % bootstrap interval (1,000 resamples, about 20 ms for 1,000 examples),
// computed once per prediction array (keyed weakly, so a deleted run's entry goes), and its
// coverage and accuracy at the chosen confidence threshold.
import { aurcInterval, aurcOfCurve, atThreshold, confidenceAndErrors, curvePoints, rankByConfidence, riskCurve, type ThresholdResult } from '../../metrics';
import type { Interval } from '../../metrics';

export interface SelectiveRun {
  conf: Float64Array;
  err: Float64Array;
  points: { coverage: number; risk: number }[];
  aurc: number;
  interval: Interval;
}

const cache = new WeakMap<Float32Array, SelectiveRun>();

export function selectiveOf(probs: Float32Array, nClasses: number, labels: Int32Array): SelectiveRun {
  let s = cache.get(probs);
  if (!s) {
    const { conf, err } = confidenceAndErrors(probs, nClasses, labels);
    const risk = riskCurve(rankByConfidence(conf), err);
    s = { conf, err, points: curvePoints(risk), aurc: aurcOfCurve(risk), interval: aurcInterval(conf, err) };
    cache.set(probs, s);
  }
  return s;
}

/** Coverage and accuracy of a run at a threshold, and the risk there (the marker on its curve). */
export function thresholdOf(s: SelectiveRun, threshold: number): ThresholdResult {
  return atThreshold(s.conf, s.err, threshold);
}

/** The threshold slider's lower end: chance confidence 1/C of the run with the most classes. */
export function thresholdFloor(nClasses: readonly number[]): number {
  return nClasses.length ? 1 / Math.max(...nClasses) : 0.5;
}
