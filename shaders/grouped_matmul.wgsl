// Grouped product of the Monte-Carlo forward, which holds G posterior samples as G row groups of
// n rows: out[m, j] = alpha · Σ_k x[xr, k] · w[g, j, k] (+ base[br, j]) (+ out[m, j]), g = m / n.
// An operand shared by every group is stored once and indexed modulo its row count: x is [n, K]
// (x_rows = n) or [G·n, K]; base is [n, J] or [G·n, J]; w is [J, K] (w_stride = 0) or [G, J, K]
// (w_stride = J·K). One thread per output element: K is small (the adapter rank r, or the layer
// width for LoRA's A), J at most the layer width. CPU twin: src/engine/cpu/grouped.ts.

struct Params {
  /** G · n output rows. */
  rows: u32,
  n: u32,
  J: u32,
  K: u32,
  x_rows: u32,
  base_rows: u32,
  w_stride: u32,
  alpha: f32,
}

override WG: u32 = 64;
override HAS_BASE: bool = false;
override ACCUMULATE: bool = false;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> base: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = flat(gid, nwg);
  if (idx >= p.rows * p.J) { return; }
  let m = idx / p.J;
  let j = idx % p.J;
  let xo = (m % p.x_rows) * p.K;
  let wo = (m / p.n) * p.w_stride + j * p.K;
  var acc = 0.0;
  for (var k = 0u; k < p.K; k++) { acc = fma(x[xo + k], w[wo + k], acc); }
  var v = p.alpha * acc;
  if (HAS_BASE) { v += base[(m % p.base_rows) * p.J + j]; }
  if (ACCUMULATE) { v += out[idx]; }
  out[idx] = v;
}
