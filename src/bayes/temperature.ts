// Temperature scaling (docs/METHOD.md §8): one scalar T, p = softmax(z / T), fitted by minimising the
// validation NLL. NLL is convex in β = 1/T (log-sum-exp of a linear function minus a linear term),
// hence unimodal in ln T, so golden-section search on ln T over [ln 0.05, ln 20] finds the minimum.

import { goldenSectionMin } from './laplace';

export interface TemperatureFit {
  temperature: number;
  /** Mean validation NLL at T = 1 and at the fitted T (nats per example). */
  nllBefore: number;
  nllAfter: number;
}

/** Mean −log softmax(z / T)_y over rows of logits [N, C] (exact log-softmax, f64). */
export function temperatureNll(logits: ArrayLike<number>, labels: ArrayLike<number>, C: number, T: number): number {
  const N = labels.length;
  let total = 0;
  for (let n = 0; n < N; n++) {
    const o = n * C;
    let mx = -Infinity;
    for (let c = 0; c < C; c++) mx = Math.max(mx, logits[o + c] / T);
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(logits[o + c] / T - mx);
    total += mx + Math.log(s) - logits[o + labels[n]] / T;
  }
  return total / N;
}

export function fitTemperature(logits: ArrayLike<number>, labels: ArrayLike<number>, C: number, range: [number, number] = [0.05, 20]): TemperatureFit {
  const N = labels.length;
  if (N === 0) throw new Error('fitTemperature: no examples');
  if (logits.length !== N * C) throw new Error(`fitTemperature: expected ${N}·${C} logits, got ${logits.length}`);
  const f = (t: number) => temperatureNll(logits, labels, C, Math.exp(t));
  const t = goldenSectionMin(f, Math.log(range[0]), Math.log(range[1]), 1e-7);
  const nllBefore = f(0);
  const nllAt = f(t);
  // Never return a T worse than no scaling (cannot happen for a convex NLL; guards round-off).
  return nllAt <= nllBefore ? { temperature: Math.exp(t), nllBefore, nllAfter: nllAt } : { temperature: 1, nllBefore, nllAfter: nllBefore };
}

/** softmax(z / T) of logits [N, C]. */
export function applyTemperature(logits: ArrayLike<number>, C: number, T: number): Float32Array {
  const N = logits.length / C;
  const out = new Float32Array(logits.length);
  for (let n = 0; n < N; n++) {
    const o = n * C;
    let mx = -Infinity;
    for (let c = 0; c < C; c++) mx = Math.max(mx, logits[o + c] / T);
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(logits[o + c] / T - mx);
    for (let c = 0; c < C; c++) out[o + c] = Math.exp(logits[o + c] / T - mx) / s;
  }
  return out;
}
