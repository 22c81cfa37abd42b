// Small dense f64 linear algebra for the posterior code: Cholesky, triangular solves, log-det and
// the eigenvalues of a symmetric matrix. Row-major Float64Array, n × n. All O(n³) with small
// constants; n ≈ 2,000 (a full GGN over the R matrices) is ~3e9 flops per Cholesky, seconds in a
// worker. Everything is f64 because log-dets and precisions of near-singular GGNs lose too much in f32.

/** In-place lower Cholesky factor of a symmetric positive-definite matrix (upper triangle zeroed). Throws if not PD. */
export function choleskyInPlace(a: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let d = a[rowJ + j];
    for (let k = 0; k < j; k++) d -= a[rowJ + k] * a[rowJ + k];
    if (!(d > 0)) throw new Error(`cholesky: matrix is not positive definite (pivot ${j} = ${d})`);
    const ljj = Math.sqrt(d);
    a[rowJ + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let s = a[rowI + j];
      for (let k = 0; k < j; k++) s -= a[rowI + k] * a[rowJ + k];
      a[rowI + j] = s / ljj;
    }
    for (let k = j + 1; k < n; k++) a[rowJ + k] = 0;
  }
  return a;
}

/** log det(A) = 2 Σ log L_ii from a Cholesky factor. */
export function logDetFromCholesky(l: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[i * n + i]);
  return 2 * s;
}

/** Solve L x = b in place (L lower triangular). */
export function solveLower(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    const row = i * n;
    for (let k = 0; k < i; k++) s -= l[row + k] * b[k];
    b[i] = s / l[row + i];
  }
  return b;
}

/** Solve Lᵀ x = b in place (L lower triangular). */
export function solveLowerTransposed(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
    b[i] = s / l[i * n + i];
  }
  return b;
}

/** Inverse of A = L Lᵀ from its Cholesky factor (column by column). */
export function inverseFromCholesky(l: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    col.fill(0);
    col[j] = 1;
    solveLowerTransposed(l, n, solveLower(l, n, col));
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i];
  }
  return inv;
}

/**
 * Eigenvalues of a symmetric matrix, ascending: Householder reduction to tridiagonal form, then
 * implicit QL with Wilkinson shifts (the classic tred2/tqli pair, eigenvalues only). The input is not modified.
 */
export function symmetricEigenvalues(input: ArrayLike<number>, n: number): Float64Array {
  const a = Float64Array.from(input as ArrayLike<number>);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  // Householder tridiagonalisation (eigenvalues only: the transformation is not accumulated).
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    let h = 0;
    if (l > 0) {
      let scale = 0;
      for (let k = 0; k <= l; k++) scale += Math.abs(a[i * n + k]);
      if (scale === 0) {
        e[i] = a[i * n + l];
      } else {
        for (let k = 0; k <= l; k++) {
          a[i * n + k] /= scale;
          h += a[i * n + k] * a[i * n + k];
        }
        let f = a[i * n + l];
        const g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        a[i * n + l] = f - g;
        f = 0;
        for (let j = 0; j <= l; j++) {
          let gj = 0;
          for (let k = 0; k <= j; k++) gj += a[j * n + k] * a[i * n + k];
          for (let k = j + 1; k <= l; k++) gj += a[k * n + j] * a[i * n + k];
          e[j] = gj / h;
          f += e[j] * a[i * n + j];
        }
        const hh = f / (h + h);
        for (let j = 0; j <= l; j++) {
          const fj = a[i * n + j];
          const gj = e[j] - hh * fj;
          e[j] = gj;
          for (let k = 0; k <= j; k++) a[j * n + k] -= fj * e[k] + gj * a[i * n + k];
        }
      }
    } else {
      e[i] = a[i * n + l];
    }
    d[i] = h;
  }
  for (let i = 0; i < n; i++) d[i] = a[i * n + i];
  // Implicit QL on the tridiagonal (d, e).
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m !== l) {
        if (iter++ === 60) throw new Error('symmetricEigenvalues: no convergence');
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = Math.hypot(g, 1);
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
        let s = 1,
          c = 1,
          p = 0;
        let i: number;
        for (i = m - 1; i >= l; i--) {
          let f = s * e[i];
          const b = c * e[i];
          r = Math.hypot(f, g);
          e[i + 1] = r;
          if (r === 0) {
            d[i + 1] -= p;
            e[m] = 0;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          f = 0;
        }
        if (r === 0 && i >= l) continue;
        d[l] -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
  return d.sort();
}
