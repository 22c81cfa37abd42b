// f32x4 transcendental functions for the elementwise kernels (WebAssembly has no vector exp).

// @ts-ignore: decorator
@inline
export function splat(x: f32): v128 { return f32x4.splat(x); }

/**
 * e^x per lane, Cephes expf: x = n ln2 + r with |r| ≤ ln2/2 (ln2 split in two for exactness),
 * a degree-6 polynomial for e^r, 2^n built in the exponent bits. About 1 ulp; x < −87.3 gives 0.
 */
// @ts-ignore: decorator
@inline
export function vexp(x: v128): v128 {
  const lo = f32x4.lt(x, splat(-87.33654));
  const xc = f32x4.pmin(f32x4.pmax(x, splat(-87.33654)), splat(88.72283)); // pmin/pmax: plain minps/maxps
  const n = f32x4.nearest(f32x4.mul(xc, splat(1.44269504088896341)));
  let r = f32x4.sub(xc, f32x4.mul(n, splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, splat(-2.12194440e-4)));
  let p = splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), splat(1));
  // 2^n: n + 127 in the exponent field. n ∈ [−126, 128]; n = 128 only at the clamp, split in two.
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const half = i32x4.shr_s(ni, 1);
  const s1 = i32x4.shl(i32x4.add(half, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(i32x4.sub(ni, half), i32x4.splat(127)), 23);
  const y = f32x4.mul(f32x4.mul(p, s1), s2);
  return v128.andnot(y, lo);
}

/**
 * erfc(x) per lane by the fit the TypeScript twin uses for |x| ≥ 0.5 (src/engine/cpu/gelu.ts):
 * Numerical Recipes erfcc, fractional error < 1.2e-7 everywhere. The twin switches to a series of
 * erf near 0, which only erf = 1 − erfc needs; GELU uses erfc itself, whose relative error stays
 * below 1.2e-7 there too, so one branch-free path serves all x.
 */
// @ts-ignore: decorator
@inline
export function verfc(x: v128): v128 {
  const z = f32x4.abs(x);
  const t = f32x4.div(splat(1), f32x4.add(splat(1), f32x4.mul(splat(0.5), z)));
  let p = splat(0.17087277);
  p = f32x4.add(f32x4.mul(p, t), splat(-0.82215223));
  p = f32x4.add(f32x4.mul(p, t), splat(1.48851587));
  p = f32x4.add(f32x4.mul(p, t), splat(-1.13520398));
  p = f32x4.add(f32x4.mul(p, t), splat(0.27886807));
  p = f32x4.add(f32x4.mul(p, t), splat(-0.18628806));
  p = f32x4.add(f32x4.mul(p, t), splat(0.09678418));
  p = f32x4.add(f32x4.mul(p, t), splat(0.37409196));
  p = f32x4.add(f32x4.mul(p, t), splat(1.00002368));
  p = f32x4.add(f32x4.mul(p, t), splat(-1.26551223));
  const e = f32x4.mul(t, vexp(f32x4.sub(p, f32x4.mul(z, z))));
  return v128.bitselect(f32x4.sub(splat(2), e), e, f32x4.lt(x, splat(0)));
}
