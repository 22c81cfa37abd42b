// Multi-head self-attention pieces on q, k, v [B·L, H·Dh] (row-major, head h = columns h·Dh…).
// Scores and probabilities are [B, H, L, L]. Masked-softmax runs with softmax.wgsl between
// `scores` and `context`; attention dropout with dropout.wgsl. One thread per output element, a
// fixed-order loop over the contracted index (deterministic).
//   scores:  S[b,h,i,j] = scale · q_i·k_j + (1 − mask[b,j]) · MASK_VALUE   (Hugging Face convention)
//   context: ctx[b·L+i, h·Dh+d] = Σ_j P[b,h,i,j] v[b·L+j, h·Dh+d]
// Backward:
//   dv:      dv[b·L+j, h·Dh+d] = Σ_i P[b,h,i,j] dctx[b·L+i, h·Dh+d]
//   dprobs:  dP[b,h,i,j] = Σ_d dctx[b·L+i, h·Dh+d] v[b·L+j, h·Dh+d]
//   dscores: dS = scale · P̃ ⊙ (dP̃ − Σ_j P̃ dP̃)  with P̃ the pre-dropout probabilities (one thread per row)
//   dq:      dq[b·L+i, h·Dh+d] = Σ_j dS[b,h,i,j] k[b·L+j, h·Dh+d]
//   dk:      dk[b·L+j, h·Dh+d] = Σ_i dS[b,h,i,j] q[b·L+i, h·Dh+d]
// flat() comes from lib_grid.wgsl (prepended).

struct Params {
  B: u32,
  L: u32,
  H: u32,
  Dh: u32,
  scale: f32,
}

override WG: u32 = 64;
const MASK_VALUE: f32 = -3.4028234663852886e38;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> in0: array<f32>;
@group(0) @binding(2) var<storage, read> in1: array<f32>;
@group(0) @binding(3) var<storage, read> in2: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

/** Index of [b, h, i, j] in a [B, H, L, L] array. */
fn sidx(b: u32, h: u32, i: u32, j: u32) -> u32 {
  return ((b * p.H + h) * p.L + i) * p.L + j;
}

/** Index of (row b·L + i, column h·Dh + d) in a [B·L, H·Dh] array. */
fn hidx(b: u32, i: u32, h: u32, d: u32) -> u32 {
  return (b * p.L + i) * (p.H * p.Dh) + h * p.Dh + d;
}

/** in0 = q, in1 = k, in2 = mask [B, L]; out = scores. */
@compute @workgroup_size(WG)
fn scores(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = flat(gid, nwg);
  if (e >= p.B * p.H * p.L * p.L) { return; }
  let j = e % p.L;
  let i = (e / p.L) % p.L;
  let h = (e / (p.L * p.L)) % p.H;
  let b = e / (p.L * p.L * p.H);
  var s = 0.0;
  for (var d = 0u; d < p.Dh; d++) { s = fma(in0[hidx(b, i, h, d)], in1[hidx(b, j, h, d)], s); }
  out[e] = s * p.scale + (1.0 - in2[b * p.L + j]) * MASK_VALUE;
}

/** in0 = probs, in1 = v; out = ctx. */
@compute @workgroup_size(WG)
fn context(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = flat(gid, nwg);
  if (e >= p.B * p.L * p.H * p.Dh) { return; }
  let d = e % p.Dh;
  let h = (e / p.Dh) % p.H;
  let i = (e / (p.Dh * p.H)) % p.L;
  let b = e / (p.Dh * p.H * p.L);
  var s = 0.0;
  for (var j = 0u; j < p.L; j++) { s = fma(in0[sidx(b, h, i, j)], in1[hidx(b, j, h, d)], s); }
  out[e] = s;
}

/** in0 = probs (after dropout), in1 = dctx; out = dv. */
@compute @workgroup_size(WG)
fn dv(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = flat(gid, nwg);
  if (e >= p.B * p.L * p.H * p.Dh) { return; }
  let d = e % p.Dh;
  let h = (e / p.Dh) % p.H;
  let j = (e / (p.Dh * p.H)) % p.L;
  let b = e / (p.Dh * p.H * p.L);
  var s = 0.0;
  for (var i = 0u; i < p.L; i++) { s = fma(in0[sidx(b, h, i, j)], in1[hidx(b, i, h, d)], s); }
  out[e] = s;
}

/** in0 = dctx, in1 = v; out = dprobs [B, H, L, L]. */
@compute @workgroup_size(WG)
fn dprobs(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = flat(gid, nwg);
  if (e >= p.B * p.H * p.L * p.L) { return; }
  let j = e % p.L;
  let i = (e / p.L) % p.L;
  let h = (e / (p.L * p.L)) % p.H;
  let b = e / (p.L * p.L * p.H);
  var s = 0.0;
  for (var d = 0u; d < p.Dh; d++) { s = fma(in0[hidx(b, i, h, d)], in1[hidx(b, j, h, d)], s); }
  out[e] = s;
}

/** in0 = probs before dropout, in1 = dprobs before dropout; out = dscores. One thread per row. */
@compute @workgroup_size(WG)
fn dscores(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = flat(gid, nwg);
  if (row >= p.B * p.H * p.L) { return; }
  let base = row * p.L;
  var dot = 0.0;
  for (var j = 0u; j < p.L; j++) { dot = fma(in0[base + j], in1[base + j], dot); }
  for (var j = 0u; j < p.L; j++) { out[base + j] = p.scale * in0[base + j] * (in1[base + j] - dot); }
}

/** in0 = dscores, in1 = k; out = dq. */
@compute @workgroup_size(WG)
fn dq(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = flat(gid, nwg);
  if (e >= p.B * p.L * p.H * p.Dh) { return; }
  let d = e % p.Dh;
  let h = (e / p.Dh) % p.H;
  let i = (e / (p.Dh * p.H)) % p.L;
  let b = e / (p.Dh * p.H * p.L);
  var s = 0.0;
  for (var j = 0u; j < p.L; j++) { s = fma(in0[sidx(b, h, i, j)], in1[hidx(b, j, h, d)], s); }
  out[e] = s;
}

/** in0 = dscores, in1 = q; out = dk. */
@compute @workgroup_size(WG)
fn dk(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = flat(gid, nwg);
  if (e >= p.B * p.L * p.H * p.Dh) { return; }
  let d = e % p.Dh;
  let h = (e / p.Dh) % p.H;
  let j = (e / (p.Dh * p.H)) % p.L;
  let b = e / (p.Dh * p.H * p.L);
  var s = 0.0;
  for (var i = 0u; i < p.L; i++) { s = fma(in0[sidx(b, h, i, j)], in1[hidx(b, i, h, d)], s); }
  out[e] = s;
}
