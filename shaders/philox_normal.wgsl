// Box–Muller normals from Philox4x32-10, within a few f32 ulps of philoxNormal in
// src/rng/philox.ts (own ln and sin/cos kernels: WGSL's builtins are not accurate enough).
// Contract: key = (seed, stream), counter = (index / 4, 0, 0, 0); pairs (w0, w1), (w2, w3):
// u1 = ((wa >> 8) + 1)·2⁻²⁴, u2 = (wb >> 8)·2⁻²⁴, n_a = sqrt(−2 ln u1) cos(2π u2),
// n_b = sqrt(−2 ln u1) sin(2π u2). Normal j is word j % 4 of block j / 4.
// Needs shaders/philox.wgsl (philox4x32) in front of it; both go in front of swag_sample.wgsl.

/**
 * ln(x) for x in (0, 1] to a few f32 ulps, relative: WGSL only promises an absolute 2^-21 for log()
 * near 1, which sqrt(−2 ln u) would amplify for u close to 1. x = f · 2^e with f in [√½, √2),
 * ln f = 2 atanh(s), s = (f − 1)/(f + 1), |s| ≤ 0.172 (series to s⁹: error < 1e-9).
 */
fn philox_ln(x: f32) -> f32 {
  let fe = frexp(x);
  var f = fe.fract;
  var e = f32(fe.exp);
  if (f < 0.70710678) {
    f = f * 2.0;
    e = e - 1.0;
  }
  let s = (f - 1.0) / (f + 1.0);
  let s2 = s * s;
  let series = s * (2.0 + s2 * (0.6666666667 + s2 * (0.4 + s2 * (0.2857142857 + s2 * 0.2222222222))));
  return e * 0.6931471805599453 + series;
}

/**
 * (cos 2πx, sin 2πx) for x in [0, 1] by quadrant reduction and Taylor kernels on |a| ≤ π/4
 * (error < 3e-8): WGSL's sin/cos only promise 2^-11 absolute, too coarse to match the CPU twin.
 */
fn philox_cos_sin_turns(x: f32) -> vec2<f32> {
  let q = round(x * 4.0);
  let a = (x - q * 0.25) * 6.283185307179586;
  let a2 = a * a;
  let s = a * (1.0 + a2 * (-0.16666666667 + a2 * (0.0083333333333 + a2 * (-0.00019841269841 + a2 * 2.7557319224e-6))));
  let c = 1.0 + a2 * (-0.5 + a2 * (0.041666666667 + a2 * (-0.0013888888889 + a2 * 2.4801587302e-5)));
  switch (u32(q) % 4u) {
    case 0u: { return vec2<f32>(c, s); }
    case 1u: { return vec2<f32>(-s, c); }
    case 2u: { return vec2<f32>(-c, -s); }
    default: { return vec2<f32>(s, -c); }
  }
}

/** The 4 normals of block `block` (indices 4·block … 4·block + 3) of stream (seed, stream). */
fn philox_normal4(seed: u32, stream: u32, block: u32) -> vec4<f32> {
  let w = philox4x32(vec4<u32>(block, 0u, 0u, 0u), vec2<u32>(seed, stream));
  let scale = 1.0 / 16777216.0;
  let ra = sqrt(-2.0 * philox_ln(f32((w.x >> 8u) + 1u) * scale));
  let rb = sqrt(-2.0 * philox_ln(f32((w.z >> 8u) + 1u) * scale));
  let csa = philox_cos_sin_turns(f32(w.y >> 8u) * scale);
  let csb = philox_cos_sin_turns(f32(w.w >> 8u) * scale);
  return vec4<f32>(ra * csa.x, ra * csa.y, rb * csb.x, rb * csb.y);
}

/** Normal number `index` of stream (seed, stream). */
fn philox_normal(seed: u32, stream: u32, index: u32) -> f32 {
  let v = philox_normal4(seed, stream, index / 4u);
  return v[index % 4u];
}
