// LayerNorm backward. `dx`: one workgroup per row,
//   x̂ = (x − mean)·rstd, g = dy·γ, dx = rstd · (g − mean(g) − x̂ · mean(g·x̂)).
// `dparams`: one thread per column d, a fixed-order loop over rows (deterministic):
//   dγ[d] = Σ dy·x̂, dβ[d] = Σ dy.
// reduce_sum() and its workgroup array come from lib_reduce.wgsl (prepended).

struct Params {
  rows: u32,
  D: u32,
}

override WG: u32 = 64; // power of two

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> mean: array<f32>;
@group(0) @binding(4) var<storage, read> rstd: array<f32>;
@group(0) @binding(5) var<storage, read> gamma: array<f32>;
@group(0) @binding(6) var<storage, read_write> dx: array<f32>;
@group(0) @binding(7) var<storage, read_write> dgamma: array<f32>;
@group(0) @binding(8) var<storage, read_write> dbeta: array<f32>;

@compute @workgroup_size(WG)
fn dx_main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.rows) { return; }
  let base = row * p.D;
  let mu = mean[row];
  let rs = rstd[row];
  var sg = 0.0;
  var sgx = 0.0;
  for (var d = t; d < p.D; d += WG) {
    let g = dy[base + d] * gamma[d];
    sg += g;
    sgx += g * (x[base + d] - mu) * rs;
  }
  let mg = reduce_sum(t, sg) / f32(p.D);
  let mgx = reduce_sum(t, sgx) / f32(p.D);
  for (var d = t; d < p.D; d += WG) {
    let g = dy[base + d] * gamma[d];
    let xh = (x[base + d] - mu) * rs;
    dx[base + d] = rs * (g - mg - xh * mgx);
  }
}

@compute @workgroup_size(WG)
fn dparams_main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let d = gid.x;
  if (d >= p.D) { return; }
  var sgam = 0.0;
  var sbet = 0.0;
  for (var r = 0u; r < p.rows; r++) {
    let g = dy[r * p.D + d];
    sgam += g * (x[r * p.D + d] - mean[r]) * rstd[r];
    sbet += g;
  }
  dgamma[d] = sgam;
  dbeta[d] = sbet;
}
