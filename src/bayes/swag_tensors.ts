// SWAG state ↔ named tensors, for export as safetensors (tensor names swag.mean, swag.sq_mean,
// swag.deviations, swag.n). The deviation rows are written oldest first, so the file does not
// depend on the ring buffer's write position (as the reference's cov_mat_sqrt, which appends rows
// and drops the first). A round trip keeps the posterior but not the exact draws once the ring
// has wrapped: z₂[k] pairs with ring slot k, and loading renumbers the slots oldest first.

import { SwagState, type SwagDivisor } from './swag';

/** A tensor with its safetensors dtype (the SWAG count is stored as I64, as torch does). */
export interface DtypeTensor {
  dtype: 'F32' | 'I64';
  shape: number[];
  data: Float32Array | BigInt64Array;
}

/**
 * swag.mean F32 [P], swag.sq_mean F32 [P], swag.deviations F32 [rows, P] (oldest first),
 * swag.n I64 [] (number of collected models, as torch stores n_models).
 */
export function swagToTensors(s: SwagState): Record<string, DtypeTensor> {
  const dev = new Float32Array(s.rows * s.P);
  // Oldest row: the slot that will be overwritten next once the buffer is full; slot 0 before that.
  const oldest = s.rows === s.K ? s.writeIndex : 0;
  for (let r = 0; r < s.rows; r++) {
    const slot = (oldest + r) % Math.max(s.K, 1);
    dev.set(s.deviations.subarray(slot * s.P, (slot + 1) * s.P), r * s.P);
  }
  return {
    'swag.mean': { dtype: 'F32', shape: [s.P], data: Float32Array.from(s.mean) },
    'swag.sq_mean': { dtype: 'F32', shape: [s.P], data: Float32Array.from(s.sqMean) },
    'swag.deviations': { dtype: 'F32', shape: [s.rows, s.P], data: dev },
    'swag.n': { dtype: 'I64', shape: [], data: BigInt64Array.of(BigInt(s.n)) },
  };
}

/** Rebuild a state from swagToTensors' output; K is the ring size to continue collecting with (≥ stored rows). */
export function swagFromTensors(t: Record<string, DtypeTensor>, K: number, divisor?: SwagDivisor): SwagState {
  const mean = t['swag.mean'],
    sq = t['swag.sq_mean'],
    dev = t['swag.deviations'],
    n = t['swag.n'];
  if (!mean || !sq || !dev || !n) throw new Error('swagFromTensors: missing swag.* tensors');
  const P = mean.shape[0];
  const rows = dev.shape[0];
  if (sq.shape[0] !== P || dev.shape[1] !== P || rows > K) throw new Error('swagFromTensors: inconsistent shapes');
  const s = new SwagState({ P, K, divisor });
  s.mean.set(mean.data as Float32Array);
  s.sqMean.set(sq.data as Float32Array);
  s.deviations.set((dev.data as Float32Array).subarray(0, rows * P));
  s.n = Number((n.data as BigInt64Array)[0]);
  s.rows = rows;
  s.writeIndex = K > 0 ? rows % K : 0;
  return s;
}
