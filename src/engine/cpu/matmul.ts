// Dense matmul for the CPU backend: C = alpha · op(A) op(B) (+ bias per column) (+ C).
// A cache-blocked, register-tiled kernel with reused packing buffers; sums are accumulated in
// f64 (JS numbers), which keeps results close to an f64 reference.

export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
  alpha?: number;
  /** Added to every row of the result (length N). */
  bias?: Float32Array | null;
  /** Write into this array instead of allocating (length M·N). */
  out?: Float32Array;
  /** Add the product into `out` instead of overwriting it. */
  accumulate?: boolean;
}

// Scratch buffers, grown on demand and reused across calls (the CPU backend is single-threaded).
let packB = new Float64Array(0);
let packA = new Float64Array(0);

function ensure<T extends Float32Array | Float64Array>(buf: T, n: number, make: (n: number) => T): T {
  return buf.length >= n ? buf : make(n);
}

/** Row-major transpose of an [rows, cols] matrix into `out` [cols, rows]. */
export function transposeInto<T extends Float32Array | Float64Array>(src: Float32Array, rows: number, cols: number, out: T): T {
  const T = 32;
  for (let i0 = 0; i0 < rows; i0 += T) {
    const i1 = Math.min(rows, i0 + T);
    for (let j0 = 0; j0 < cols; j0 += T) {
      const j1 = Math.min(cols, j0 + T);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) out[j * rows + i] = src[i * cols + j];
    }
  }
  return out;
}

/**
 * op(A) is [M, K], op(B) is [K, N]; A is stored [M, K] (or [K, M] if transA), B is stored
 * [K, N] (or [N, K] if transB). Returns C [M, N].
 *
 * Both operands are brought to "k contiguous" form (A [M, K], Bᵀ [N, K]; a transB operand is
 * already in that form), then a 4×4 register tile of C accumulates 16 dot products in f64 locals
 * while streaming 4 rows of A and 4 rows of Bᵀ: 8 loads per 16 multiply-adds. Columns are
 * processed in blocks so a panel of Bᵀ stays in L2 while all rows of A pass over it.
 */
export function matmulCpu(a: Float32Array, b: Float32Array, M: number, K: number, N: number, opts: MatmulOptions = {}): Float32Array {
  const alpha = opts.alpha ?? 1;
  const out = opts.out ?? new Float32Array(M * N);
  if (out.length < M * N) throw new Error(`matmulCpu: out has ${out.length} elements, need ${M * N}`);
  packA = ensure(packA, M * K, (n) => new Float64Array(n));
  packB = ensure(packB, K * N, (n) => new Float64Array(n));
  const A = opts.transA ? transposeInto(a, K, M, packA) : copyInto(a, M * K, packA);
  const Bt = opts.transB ? copyInto(b, N * K, packB) : transposeInto(b, K, N, packB);
  const bias = opts.bias ?? null;
  const acc = opts.accumulate === true;
  const JB = Math.max(4, Math.min(N, ((1 << 14) / Math.max(K, 1)) & ~3)); // ~128 KB f64 panel of Bᵀ
  const M4 = M & ~3,
    N4 = N & ~3;
  const put = (i: number, j: number, s: number) => {
    const v = alpha * s + (bias ? bias[j] : 0);
    out[i * N + j] = acc ? out[i * N + j] + v : v;
  };
  for (let j0 = 0; j0 < N; j0 += JB) {
    const j1 = Math.min(N, j0 + JB),
      j14 = Math.min(j1, N4);
    for (let i = 0; i < M4; i += 4) {
      const a0 = i * K,
        a1 = a0 + K,
        a2 = a1 + K,
        a3 = a2 + K;
      let j = j0;
      for (; j < j14; j += 4) {
        const b0 = j * K,
          b1 = b0 + K,
          b2 = b1 + K,
          b3 = b2 + K;
        let s00 = 0,
          s01 = 0,
          s02 = 0,
          s03 = 0,
          s10 = 0,
          s11 = 0,
          s12 = 0,
          s13 = 0;
        let s20 = 0,
          s21 = 0,
          s22 = 0,
          s23 = 0,
          s30 = 0,
          s31 = 0,
          s32 = 0,
          s33 = 0;
        for (let k = 0; k < K; k++) {
          const x0 = A[a0 + k],
            x1 = A[a1 + k],
            x2 = A[a2 + k],
            x3 = A[a3 + k];
          const y0 = Bt[b0 + k],
            y1 = Bt[b1 + k],
            y2 = Bt[b2 + k],
            y3 = Bt[b3 + k];
          s00 += x0 * y0;
          s01 += x0 * y1;
          s02 += x0 * y2;
          s03 += x0 * y3;
          s10 += x1 * y0;
          s11 += x1 * y1;
          s12 += x1 * y2;
          s13 += x1 * y3;
          s20 += x2 * y0;
          s21 += x2 * y1;
          s22 += x2 * y2;
          s23 += x2 * y3;
          s30 += x3 * y0;
          s31 += x3 * y1;
          s32 += x3 * y2;
          s33 += x3 * y3;
        }
        put(i, j, s00);
        put(i, j + 1, s01);
        put(i, j + 2, s02);
        put(i, j + 3, s03);
        put(i + 1, j, s10);
        put(i + 1, j + 1, s11);
        put(i + 1, j + 2, s12);
        put(i + 1, j + 3, s13);
        put(i + 2, j, s20);
        put(i + 2, j + 1, s21);
        put(i + 2, j + 2, s22);
        put(i + 2, j + 3, s23);
        put(i + 3, j, s30);
        put(i + 3, j + 1, s31);
        put(i + 3, j + 2, s32);
        put(i + 3, j + 3, s33);
      }
      for (; j < j1; j++) for (let ii = i; ii < i + 4; ii++) put(ii, j, dot(A, ii * K, Bt, j * K, K));
    }
    for (let i = M4; i < M; i++) for (let j = j0; j < j1; j++) put(i, j, dot(A, i * K, Bt, j * K, K));
  }
  return out;
}

function copyInto(src: Float32Array, n: number, out: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) out[i] = src[i];
  return out;
}

function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, K: number): number {
  let s = 0;
  for (let k = 0; k < K; k++) s += x[xo + k] * y[yo + k];
  return s;
}

/** The textbook i-j-k triple loop (no transposes, f32 accumulation): the benchmark baseline. */
export function matmulNaive(a: Float32Array, b: Float32Array, M: number, K: number, N: number): Float32Array {
  const c = new Float32Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[i * K + k] * b[k * N + j];
      c[i * N + j] = s;
    }
  }
  return c;
}
