// Philox4x32-10 dropout masks, bit-identical to src/engine/rng/philox.ts and shaders/philox.wgsl:
// key = [seed, stream], counter = [⌊i/4⌋, 0, 0, 0]; uniform(i) = (word[i % 4] >>> 8) · 2⁻²⁴.
// The bulk runs four Philox blocks at once (one per i32x4 lane, 16 elements); the ragged head and
// tail go through the scalar block.

const M0: u32 = 0xd2511f53;
const M1: u32 = 0xcd9e8d57;
const W0: u32 = 0x9e3779b9;
const W1: u32 = 0xbb67ae85;

/**
 * Element i is kept iff uniform(i) ≥ p, i.e. iff (word >>> 8) ≥ ⌈p · 2²⁴⌉: uniforms are multiples of
 * 2⁻²⁴, so this integer test equals the twin's comparison of the f32 uniform with the f64 p.
 */
function keepThreshold(p: f64): u32 {
  return <u32>Math.ceil(p * 16777216.0);
}

// @ts-ignore: decorator
@inline
function scaleOne(word: u32, thr: u32, keep: f32, x: usize, y: usize, o: usize): void {
  const s: f32 = (word >>> 8) >= thr ? keep : 0;
  store<f32>(y + o, s * load<f32>(x + o));
}

/** Scalar path for elements [i, end) (all in one Philox block). */
function scalarBlock(x: usize, y: usize, i: i32, end: i32, offset: i32, seed: u32, stream: u32, thr: u32, keep: f32): void {
  const idx = <u32>(offset + i);
  let x0: u32 = idx >>> 2, x1: u32 = 0, x2: u32 = 0, x3: u32 = 0;
  let k0: u32 = seed, k1: u32 = stream;
  for (let round = 0; round < 10; round++) {
    const p0: u64 = <u64>M0 * <u64>x0;
    const p1: u64 = <u64>M1 * <u64>x2;
    const n0 = (<u32>(p1 >>> 32)) ^ x1 ^ k0;
    const n2 = (<u32>(p0 >>> 32)) ^ x3 ^ k1;
    x0 = n0; x1 = <u32>p1; x2 = n2; x3 = <u32>p0;
    k0 += W0; k1 += W1;
  }
  for (let j = i; j < end; j++) {
    const w = (<u32>(offset + j)) & 3;
    scaleOne(w == 0 ? x0 : w == 1 ? x1 : w == 2 ? x2 : x3, thr, keep, x, y, <usize>j * 4);
  }
}

/**
 * y[i] = x[i] · (0 or 1/(1 − p)) for the dropout mask of element offset + i, i < n. x may equal y.
 */
export function dropoutScale(x: usize, y: usize, n: i32, offset: i32, seed: u32, stream: u32, p: f64): void {
  const keep: f32 = <f32>(1.0 / (1.0 - p));
  const thr = keepThreshold(p);
  let i = 0;
  // Head: up to the next multiple of 16 in the global index, block by block.
  while (i < n && ((offset + i) & 15) != 0) {
    const end = min(n, i + 4 - ((offset + i) & 3));
    scalarBlock(x, y, i, end, offset, seed, stream, thr, keep);
    i = end;
  }
  const m0 = i32x4.splat(M0), m1 = i32x4.splat(M1), thrV = i32x4.splat(thr), keepV = f32x4.splat(keep);
  const lanes = i32x4(0, 1, 2, 3);
  for (; i + 16 <= n; i += 16) {
    let x0 = i32x4.add(i32x4.splat((offset + i) >>> 2), lanes);
    let x1 = i32x4.splat(0), x2 = i32x4.splat(0), x3 = i32x4.splat(0);
    let k0: u32 = seed, k1: u32 = stream;
    for (let round = 0; round < 10; round++) {
      // 32 × 32 → 64-bit products of lanes (0,1) and (2,3); split into low and high words.
      const a0 = v128.extmul_low<u32>(x0, m0), a1 = v128.extmul_high<u32>(x0, m0);
      const b0 = v128.extmul_low<u32>(x2, m1), b1 = v128.extmul_high<u32>(x2, m1);
      const lo0 = v128.shuffle<u32>(a0, a1, 0, 2, 4, 6), hi0 = v128.shuffle<u32>(a0, a1, 1, 3, 5, 7);
      const lo1 = v128.shuffle<u32>(b0, b1, 0, 2, 4, 6), hi1 = v128.shuffle<u32>(b0, b1, 1, 3, 5, 7);
      x0 = v128.xor(v128.xor(hi1, x1), i32x4.splat(k0));
      const n2 = v128.xor(v128.xor(hi0, x3), i32x4.splat(k1));
      x1 = lo1; x2 = n2; x3 = lo0;
      k0 += W0; k1 += W1;
    }
    // Lane b of (x0, x1, x2, x3) holds the words of block b: transpose to element order.
    const t0 = v128.shuffle<u32>(x0, x1, 0, 4, 1, 5), t1 = v128.shuffle<u32>(x2, x3, 0, 4, 1, 5);
    const t2 = v128.shuffle<u32>(x0, x1, 2, 6, 3, 7), t3 = v128.shuffle<u32>(x2, x3, 2, 6, 3, 7);
    const e0 = v128.shuffle<u64>(t0, t1, 0, 2), e1 = v128.shuffle<u64>(t0, t1, 1, 3);
    const e2 = v128.shuffle<u64>(t2, t3, 0, 2), e3 = v128.shuffle<u64>(t2, t3, 1, 3);
    const o = <usize>i * 4;
    store4(e0, thrV, keepV, x, y, o);
    store4(e1, thrV, keepV, x, y, o + 16);
    store4(e2, thrV, keepV, x, y, o + 32);
    store4(e3, thrV, keepV, x, y, o + 48);
  }
  while (i < n) {
    const end = min(n, i + 4 - ((offset + i) & 3));
    scalarBlock(x, y, i, end, offset, seed, stream, thr, keep);
    i = end;
  }
}

// @ts-ignore: decorator
@inline
function store4(words: v128, thr: v128, keep: v128, x: usize, y: usize, o: usize): void {
  const kept = i32x4.ge_s(i32x4.shr_u(words, 8), thr);
  const s = v128.and(keep, kept);
  v128.store(y + o, f32x4.mul(s, v128.load(x + o)));
}
