// Inverted dropout with a counter-based mask: element i is kept iff philoxUniform(seed, stream, i) ≥ p,
// and kept values are scaled by 1/(1 − p). The WGSL twin draws the same uniforms, so masks agree.
import { philoxUniform } from '../../rng/philox';
import type { DropoutSpec } from '../backend';

/** Multiplier per element: 0 (dropped) or 1/(1 − p) (kept). p = 0 gives all ones. */
export function dropoutScaleCpu(n: number, spec: DropoutSpec): Float32Array {
  const m = new Float32Array(n);
  if (spec.p <= 0) return m.fill(1);
  if (spec.p >= 1) return m; // everything dropped
  philoxUniform(spec.seed, spec.stream, m);
  const keep = 1 / (1 - spec.p);
  for (let i = 0; i < n; i++) m[i] = m[i] >= spec.p ? keep : 0;
  return m;
}

export function dropoutCpu(x: Float32Array, spec: DropoutSpec): Float32Array {
  const m = dropoutScaleCpu(x.length, spec);
  for (let i = 0; i < x.length; i++) m[i] *= x[i];
  return m;
}

/** Same mask as the forward, so the backward is the same map applied to dy. */
export function dropoutBackwardCpu(dy: Float32Array, spec: DropoutSpec): Float32Array {
  return dropoutCpu(dy, spec);
}
