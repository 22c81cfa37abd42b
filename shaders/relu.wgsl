// ReLU max(x, 0) and its backward: dy where y = relu(x) > 0, else 0 (0 at x = 0, as torch).
// Exact in f32, so the CPU twin matches bit for bit. flat() comes from lib_grid.wgsl (prepended).

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
  out[i] = select(0.0, v, v > 0.0);
}

/** x binding holds y = relu(x) here. */
@compute @workgroup_size(WG)
fn backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg);
  if (i >= p.n) { return; }
  out[i] = select(0.0, dy[i], x[i] > 0.0);
}
