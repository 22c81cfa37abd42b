// Philox4x32-10, bit-identical to src/rng/philox.ts. A library: concatenated in front of
// the kernels that need it. WGSL has no 32×32→64 multiply, so the high word is built from 16-bit
// halves exactly as the TypeScript mulhilo does.
//
// Contract: key = (seed, stream), counter = (i / 4, 0, 0, 0); element i uses word i % 4;
// uniform(i) = (word >> 8) · 2⁻²⁴.

fn philox_mulhilo(a: u32, b: u32) -> vec2<u32> {
  let lo = a * b;
  let a_lo = a & 0xffffu;
  let a_hi = a >> 16u;
  let b_lo = b & 0xffffu;
  let b_hi = b >> 16u;
  let ll = a_lo * b_lo;
  let lh = a_lo * b_hi;
  let hl = a_hi * b_lo;
  let hh = a_hi * b_hi;
  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  let hi = hh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
  return vec2<u32>(hi, lo);
}

fn philox4x32(counter: vec4<u32>, key_in: vec2<u32>) -> vec4<u32> {
  var x = counter;
  var key = key_in;
  for (var round = 0u; round < 10u; round++) {
    let p0 = philox_mulhilo(0xd2511f53u, x.x);
    let p1 = philox_mulhilo(0xcd9e8d57u, x.z);
    x = vec4<u32>(p1.x ^ x.y ^ key.x, p1.y, p0.x ^ x.w ^ key.y, p0.y);
    key = key + vec2<u32>(0x9e3779b9u, 0xbb67ae85u);
  }
  return x;
}

/** Random word for element i of stream (seed, stream). */
fn philox_word(seed: u32, stream: u32, i: u32) -> u32 {
  let w = philox4x32(vec4<u32>(i >> 2u, 0u, 0u, 0u), vec2<u32>(seed, stream));
  return w[i & 3u];
}

/** 24-bit uniform integer k; uniform(i) = k · 2⁻²⁴. Compare k with integer thresholds for exact decisions. */
fn philox_u24(seed: u32, stream: u32, i: u32) -> u32 {
  return philox_word(seed, stream, i) >> 8u;
}

fn philox_uniform(seed: u32, stream: u32, i: u32) -> f32 {
  return f32(philox_u24(seed, stream, i)) * (1.0 / 16777216.0);
}
