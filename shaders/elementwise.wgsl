// Element-wise arithmetic on flat f32 arrays: add, scale, add_in_place. One thread per element;
// the grid may be 2-D (x · y workgroups) when x alone would exceed maxComputeWorkgroupsPerDimension.
// flat() comes from lib_grid.wgsl (prepended).

struct Params {
  n: u32,
  alpha: f32,
}

override WG: u32 = 64;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

/** out = a + b */
@compute @workgroup_size(WG)
fn add(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg);
  if (i >= p.n) { return; }
  out[i] = a[i] + b[i];
}

/** out = alpha · a */
@compute @workgroup_size(WG)
fn scale(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg);
  if (i >= p.n) { return; }
  out[i] = p.alpha * a[i];
}

/** out += alpha · a */
@compute @workgroup_size(WG)
fn add_in_place(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg);
  if (i >= p.n) { return; }
  out[i] = fma(p.alpha, a[i], out[i]);
}
