// Cutting a collected SWAG posterior down to a smaller deviation buffer (K sweeps, the results grid).
import { SwagState } from './swag';

/**
 * The posterior a run with a smaller buffer K would have had: the same moments and the last K
 * deviations (oldest first). Lets one trajectory serve a sweep over K exactly.
 */
export function restrictSwag(s: SwagState, K: number): SwagState {
  if (K > s.K) throw new Error(`restrictSwag: K = ${K} exceeds the collected buffer (${s.K})`);
  const out = new SwagState({ P: s.P, K, divisor: s.divisor });
  out.n = s.n;
  out.mean.set(s.mean);
  out.sqMean.set(s.sqMean);
  const keep = Math.min(K, s.rows);
  const oldest = s.rows === s.K ? s.writeIndex : 0;
  for (let r = 0; r < keep; r++) {
    const slot = (oldest + s.rows - keep + r) % Math.max(s.K, 1);
    out.deviations.set(s.deviations.subarray(slot * s.P, (slot + 1) * s.P), r * s.P);
  }
  out.rows = keep;
  out.writeIndex = K > 0 ? keep % K : 0;
  return out;
}
