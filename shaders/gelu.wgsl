// Exact (erf) GELU: gelu(x) = x · Φ(x), Φ(x) = ½ erfc(−x/√2), and its derivative Φ(x) + x φ(x).
// erfc uses the Numerical Recipes Chebyshev fit (relative error < 1.2e-7 for all arguments), so Φ
// keeps relative precision in both tails. The CPU twin must use the same formula to match ~1e-6.
// erfc_f32 and std_normal_cdf come from lib_gelu.wgsl, flat() from lib_grid.wgsl (both prepended).

struct Params {
  n: u32,
}

override WG: u32 = 64;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg);
  if (i >= p.n) { return; }
  let v = x[i];
  out[i] = v * std_normal_cdf(v);
}

/** out = dy · (Φ(x) + x φ(x)) */
@compute @workgroup_size(WG)
fn backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg);
  if (i >= p.n) { return; }
  let v = x[i];
  let pdf = 0.39894228040143268 * exp(-0.5 * v * v);
  out[i] = dy[i] * (std_normal_cdf(v) + v * pdf);
}
