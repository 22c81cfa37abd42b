// Linear layers with PyTorch's weight layout W [out, in]: y = x Wᵀ + b.
import { matmulCpu } from './matmul';

/** y [N, out] = x [N, in] · Wᵀ + b. */
export function linearCpu(x: Float32Array, w: Float32Array, b: Float32Array | null, N: number, inF: number, outF: number): Float32Array {
  return matmulCpu(x, w, N, inF, outF, { transB: true, bias: b });
}

/** dW [out, in] (+)= dyᵀ x; db [out] (+)= Σ_rows dy. */
export function linearBackwardParamsCpu(
  dy: Float32Array,
  x: Float32Array,
  N: number,
  inF: number,
  outF: number,
  dW: Float32Array,
  db: Float32Array | null,
  accumulate: boolean,
): void {
  matmulCpu(dy, x, outF, N, inF, { transA: true, out: dW, accumulate });
  if (db) columnSumsInto(dy, N, outF, db, accumulate);
}

/** db [cols] (+)= Σ_rows m, summed in f64. */
export function columnSumsInto(m: Float32Array, rows: number, cols: number, db: Float32Array, accumulate: boolean): void {
  const s = new Float64Array(cols);
  for (let n = 0; n < rows; n++) for (let o = 0; o < cols; o++) s[o] += m[n * cols + o];
  for (let o = 0; o < cols; o++) db[o] = (accumulate ? db[o] : 0) + s[o];
}
