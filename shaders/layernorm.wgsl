// LayerNorm forward over the last dimension: one workgroup per row, tree reductions in workgroup
// memory, two passes (mean, then variance of x − mean) for accuracy. Saves mean and rstd.
// RESIDUAL: the input is x + b (a BERT layer's residual connection), written to `sum` for the
// backward, in the same pass; each thread re-reads only the sum elements it wrote itself.
// CPU twins: layerNorm and addLayerNorm (add, then layerNorm) in src/engine/cpu.
// reduce_sum() and its workgroup array come from lib_reduce.wgsl (prepended).

struct Params {
  rows: u32,
  D: u32,
  eps: f32,
}

override WG: u32 = 64; // power of two
override RESIDUAL: bool = false;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read> gamma: array<f32>;
@group(0) @binding(4) var<storage, read> beta: array<f32>;
@group(0) @binding(5) var<storage, read_write> sum: array<f32>;
@group(0) @binding(6) var<storage, read_write> y: array<f32>;
@group(0) @binding(7) var<storage, read_write> mean_out: array<f32>;
@group(0) @binding(8) var<storage, read_write> rstd_out: array<f32>;

fn input(i: u32) -> f32 {
  if (RESIDUAL) { return sum[i]; }
  return x[i];
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup: barriers stay uniform
  let base = row * p.D;
  var s = 0.0;
  for (var d = t; d < p.D; d += WG) {
    if (RESIDUAL) {
      let v = x[base + d] + b[base + d];
      sum[base + d] = v;
      s += v;
    } else { s += x[base + d]; }
  }
  let mean = reduce_sum(t, s) / f32(p.D);
  var q = 0.0;
  for (var d = t; d < p.D; d += WG) {
    let c = input(base + d) - mean;
    q += c * c;
  }
  let rstd = inverseSqrt(reduce_sum(t, q) / f32(p.D) + p.eps);
  for (var d = t; d < p.D; d += WG) {
    y[base + d] = (input(base + d) - mean) * rstd * gamma[d] + beta[d];
  }
  if (t == 0u) {
    mean_out[row] = mean;
    rstd_out[row] = rstd;
  }
}
