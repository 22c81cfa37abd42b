// Row softmax (max-subtracted) over the last dimension: one workgroup per row, tree reductions (lib_reduce).

struct Params {
  rows: u32,
  cols: u32,
}

override WG: u32 = 64; // power of two

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.rows) { return; }
  let base = row * p.cols;
  var m = -3.4028234663852886e38;
  for (var c = t; c < p.cols; c += WG) { m = max(m, x[base + c]); }
  let mx = reduce_max(t, m);
  var sum = 0.0;
  for (var c = t; c < p.cols; c += WG) { sum += exp(x[base + c] - mx); }
  let total = reduce_sum(t, sum);
  let inv = 1.0 / total;
  for (var c = t; c < p.cols; c += WG) { y[base + c] = exp(x[base + c] - mx) * inv; }
}
