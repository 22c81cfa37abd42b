// Inverted dropout with the Philox stream (seed, stream): element i is kept iff its 24-bit uniform
// integer k_i ≥ keep_from, where keep_from = ceil(p · 2²⁴) is computed on the host, so the decision
// equals the CPU twin's `uniform(i) >= p` exactly. Kept values are scaled by 1/(1 − p).
// The backward is the same kernel applied to dy. Needs philox.wgsl concatenated in front.

struct Params {
  n: u32,
  seed: u32,
  stream: u32,
  keep_from: u32,
  scale: f32,
}

override WG: u32 = 64;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> unused: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg);
  if (i >= p.n) { return; }
  let keep = philox_u24(p.seed, p.stream, i) >= p.keep_from;
  out[i] = x[i] * select(0.0, p.scale, keep); // x · 0 keeps the sign of zero, as the CPU twin
}
