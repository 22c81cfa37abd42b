// Exact (erf) GELU and its derivative, f32x4 (twin: src/engine/cpu/gelu.ts).
//   gelu(x) = x · ½ erfc(−x/√2);  gelu'(x) = ½ erfc(−x/√2) + x φ(x)
import { splat, verfc, vexp } from './vmath';

const INV_SQRT2: f32 = 0.7071067811865476;
const INV_SQRT_2PI: f32 = 0.3989422804014327;

// @ts-ignore: decorator
@inline
function geluV(x: v128): v128 {
  return f32x4.mul(f32x4.mul(x, splat(0.5)), verfc(f32x4.mul(x, splat(-INV_SQRT2))));
}

// @ts-ignore: decorator
@inline
function geluGradV(x: v128): v128 {
  const cdf = f32x4.mul(splat(0.5), verfc(f32x4.mul(x, splat(-INV_SQRT2))));
  const pdf = f32x4.mul(splat(INV_SQRT_2PI), vexp(f32x4.mul(splat(-0.5), f32x4.mul(x, x))));
  return f32x4.add(cdf, f32x4.mul(x, pdf));
}

/** Lanes past n in the last vector are computed on a zero-padded copy, never stored. */
// @ts-ignore: decorator
@inline
function loadTail(p: usize, rem: i32, tmp: usize): v128 {
  v128.store(tmp, f32x4.splat(0));
  for (let j = 0; j < rem; j++) store<f32>(tmp + <usize>j * 4, load<f32>(p + <usize>j * 4));
  return v128.load(tmp);
}
// @ts-ignore: decorator
@inline
function storeTail(p: usize, v: v128, rem: i32, tmp: usize): void {
  v128.store(tmp, v);
  for (let j = 0; j < rem; j++) store<f32>(p + <usize>j * 4, load<f32>(tmp + <usize>j * 4));
}

export function gelu(x: usize, y: usize, n: i32, tmp: usize): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) v128.store(y + <usize>i * 4, geluV(v128.load(x + <usize>i * 4)));
  if (n4 < n) storeTail(y + <usize>n4 * 4, geluV(loadTail(x + <usize>n4 * 4, n - n4, tmp)), n - n4, tmp);
}

export function geluBackward(dy: usize, x: usize, dx: usize, n: i32, tmp: usize): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i * 4;
    v128.store(dx + o, f32x4.mul(v128.load(dy + o), geluGradV(v128.load(x + o))));
  }
  if (n4 < n) {
    const rem = n - n4, o = <usize>n4 * 4;
    const g = geluGradV(loadTail(x + o, rem, tmp));
    storeTail(dx + o, f32x4.mul(loadTail(dy + o, rem, tmp + 16), g), rem, tmp);
  }
}
