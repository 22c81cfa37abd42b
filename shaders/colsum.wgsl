// Column sums of x [rows, cols] into out [cols] (the bias gradient), optionally accumulating.
// One thread per column, a fixed-order loop over rows (deterministic).

struct Params {
  rows: u32,
  cols: u32,
}

override WG: u32 = 64;
override ACCUMULATE: bool = false;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let c = flat(gid, nwg);
  if (c >= p.cols) { return; }
  var s = 0.0;
  for (var r = 0u; r < p.rows; r++) { s += x[r * p.cols + c]; }
  if (ACCUMULATE) { s += out[c]; }
  out[c] = s;
}
