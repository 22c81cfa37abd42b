// f32 GEMM with packed panels and a register-blocked 4 × 8 f32x4 micro-kernel (WebAssembly SIMD128).
//   C[M, N] = alpha · op(A) op(B) (+ bias[N] per row) (+ C when accumulate)
// op(A) = A [M, K] or Aᵀ (A stored [K, M]); op(B) = B [K, N] or Bᵀ (B stored [N, K]); lda, ldb, ldc
// are row strides in elements, so strided slices (one attention head of [tokens, heads·d]) need no copy.
// Blocking follows the BLIS/GotoBLAS loop order: a KC × NC panel of B and an MC × KC block of A are
// packed (zero-padded to whole micro-tiles) so the micro-kernel streams both from L1/L2 with unit stride.
// All pointers are byte offsets into linear memory chosen by the caller; `ws` is scratch of
// gemmWorkspaceBytes() bytes, 16-byte aligned. Nothing here allocates.

export const MR: i32 = 4;
export const NR: i32 = 8;
const KC: i32 = 512;
const MC: i32 = 128;
const NC: i32 = 256;

export function gemmWorkspaceBytes(): i32 {
  return (MC * KC + KC * NC) * 4 + 256; // + the edge tile and a padded bias
}

/** Packs op(A)[i0 .. i0+mc, p0 .. p0+kc) into MR-row panels: panel p holds, for each k, MR values. */
function packA(a: usize, lda: i32, transA: bool, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const panel = dst + <usize>(ir * kc) * 4;
    for (let i = 0; i < MR; i++) {
      const out = panel + <usize>i * 4;
      if (i >= rows) {
        for (let k = 0; k < kc; k++) store<f32>(out + <usize>(k * MR) * 4, 0);
        continue;
      }
      const row = i0 + ir + i;
      if (transA) {
        // op(A)[row, k] = A[k, row]
        let src = a + (<usize>p0 * lda + row) * 4;
        for (let k = 0; k < kc; k++) { store<f32>(out + <usize>(k * MR) * 4, load<f32>(src)); src += <usize>lda * 4; }
      } else {
        const src = a + (<usize>row * lda + p0) * 4;
        for (let k = 0; k < kc; k++) store<f32>(out + <usize>(k * MR) * 4, load<f32>(src + <usize>k * 4));
      }
    }
  }
}

/** Packs op(B)[p0 .. p0+kc, j0 .. j0+nc) into NR-column panels: panel p holds, for each k, NR values. */
function packB(b: usize, ldb: i32, transB: bool, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const panel = dst + <usize>(jr * kc) * 4;
    if (!transB && cols == NR) {
      // op(B)[k, j] = B[k, j]: NR contiguous values per k.
      let src = b + (<usize>p0 * ldb + j0 + jr) * 4;
      for (let k = 0; k < kc; k++) {
        const out = panel + <usize>(k * NR) * 4;
        v128.store(out, v128.load(src));
        v128.store(out, v128.load(src, 16), 16);
        src += <usize>ldb * 4;
      }
      continue;
    }
    for (let j = 0; j < NR; j++) {
      const out = panel + <usize>j * 4;
      if (j >= cols) {
        for (let k = 0; k < kc; k++) store<f32>(out + <usize>(k * NR) * 4, 0);
        continue;
      }
      const col = j0 + jr + j;
      if (transB) {
        // op(B)[k, col] = B[col, k]: contiguous in k.
        const src = b + (<usize>col * ldb + p0) * 4;
        for (let k = 0; k < kc; k++) store<f32>(out + <usize>(k * NR) * 4, load<f32>(src + <usize>k * 4));
      } else {
        let src = b + (<usize>p0 * ldb + col) * 4;
        for (let k = 0; k < kc; k++) { store<f32>(out + <usize>(k * NR) * 4, load<f32>(src)); src += <usize>ldb * 4; }
      }
    }
  }
}

/**
 * One MR × NR tile: acc = Σ_k pa[k] ⊗ pb[k], then C = alpha·acc (+ bias) (+ C) when `first`, else C += alpha·acc.
 * rows/cols < MR/NR on the edges go through the scalar store path.
 */
// @ts-ignore: decorator
@inline
function microKernel(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, rows: i32, cols: i32,
  alpha: f32, bias: usize, first: bool, accumulate: bool, tile: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(a, b0)); c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0)); c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0)); c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0)); c31 = f32x4.add(c31, f32x4.mul(a, b1));
    pa += 16; pb += 32;
  }
  const al = f32x4.splat(alpha);
  c00 = f32x4.mul(c00, al); c01 = f32x4.mul(c01, al);
  c10 = f32x4.mul(c10, al); c11 = f32x4.mul(c11, al);
  c20 = f32x4.mul(c20, al); c21 = f32x4.mul(c21, al);
  c30 = f32x4.mul(c30, al); c31 = f32x4.mul(c31, al);
  if (first && bias != 0) {
    const bb0 = v128.load(bias), bb1 = v128.load(bias, 16); // the caller pads bias reads (see gemm)
    c00 = f32x4.add(c00, bb0); c01 = f32x4.add(c01, bb1);
    c10 = f32x4.add(c10, bb0); c11 = f32x4.add(c11, bb1);
    c20 = f32x4.add(c20, bb0); c21 = f32x4.add(c21, bb1);
    c30 = f32x4.add(c30, bb0); c31 = f32x4.add(c31, bb1);
  }
  const addOld = !first || accumulate;
  const rs = <usize>ldc * 4;
  if (rows == MR && cols == NR) {
    if (addOld) {
      v128.store(c, f32x4.add(v128.load(c), c00)); v128.store(c, f32x4.add(v128.load(c, 16), c01), 16);
      v128.store(c + rs, f32x4.add(v128.load(c + rs), c10)); v128.store(c + rs, f32x4.add(v128.load(c + rs, 16), c11), 16);
      v128.store(c + 2 * rs, f32x4.add(v128.load(c + 2 * rs), c20)); v128.store(c + 2 * rs, f32x4.add(v128.load(c + 2 * rs, 16), c21), 16);
      v128.store(c + 3 * rs, f32x4.add(v128.load(c + 3 * rs), c30)); v128.store(c + 3 * rs, f32x4.add(v128.load(c + 3 * rs, 16), c31), 16);
    } else {
      v128.store(c, c00); v128.store(c, c01, 16);
      v128.store(c + rs, c10); v128.store(c + rs, c11, 16);
      v128.store(c + 2 * rs, c20); v128.store(c + 2 * rs, c21, 16);
      v128.store(c + 3 * rs, c30); v128.store(c + 3 * rs, c31, 16);
    }
    return;
  }
  v128.store(tile, c00); v128.store(tile, c01, 16);
  v128.store(tile, c10, 32); v128.store(tile, c11, 48);
  v128.store(tile, c20, 64); v128.store(tile, c21, 80);
  v128.store(tile, c30, 96); v128.store(tile, c31, 112);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const dst = c + <usize>i * rs + <usize>j * 4;
      const v = load<f32>(tile + <usize>(i * NR + j) * 4);
      store<f32>(dst, addOld ? load<f32>(dst) + v : v);
    }
  }
}

export function gemm(M: i32, N: i32, K: i32, a: usize, lda: i32, transA: bool, b: usize, ldb: i32, transB: bool,
  c: usize, ldc: i32, alpha: f32, bias: usize, accumulate: bool, ws: usize): void {
  if (M <= 0 || N <= 0) return;
  const pa = ws;
  const pb = ws + <usize>(MC * KC) * 4;
  const tile = pb + <usize>(KC * NC) * 4; // the 4 × 8 edge tile (128 B), then a padded bias (32 B)
  if (K <= 0) {
    // Empty product: C = bias (+ C).
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
      const dst = c + (<usize>i * ldc + j) * 4;
      const v: f32 = bias != 0 ? load<f32>(bias + <usize>j * 4) : 0;
      store<f32>(dst, accumulate ? load<f32>(dst) + v : v);
    }
    return;
  }
  for (let j0 = 0; j0 < N; j0 += NC) {
    const nc = min(NC, N - j0);
    for (let p0 = 0; p0 < K; p0 += KC) {
      const kc = min(KC, K - p0);
      packB(b, ldb, transB, p0, kc, j0, nc, pb);
      for (let i0 = 0; i0 < M; i0 += MC) {
        const mc = min(MC, M - i0);
        packA(a, lda, transA, i0, mc, p0, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          // A bias shorter than a whole tile is read through the tile scratch, zero-padded.
          let bp: usize = 0;
          if (bias != 0 && p0 == 0) {
            if (cols == NR) bp = bias + <usize>(j0 + jr) * 4;
            else {
              bp = tile + 128;
              for (let j = 0; j < NR; j++) store<f32>(bp + <usize>j * 4, j < cols ? load<f32>(bias + <usize>(j0 + jr + j) * 4) : 0);
            }
          }
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            microKernel(kc, pa + <usize>(ir * kc) * 4, pb + <usize>(jr * kc) * 4,
              c + (<usize>(i0 + ir) * ldc + j0 + jr) * 4, ldc, rows, cols, alpha, bp, p0 == 0, accumulate, tile);
          }
        }
      }
    }
  }
}
