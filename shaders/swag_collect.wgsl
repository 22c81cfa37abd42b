// SWAG collection (METHOD.md §3), one thread per parameter; CPU twin: SwagState.collect (src/bayes/swag.ts).
// μ ← (nμ + θ)/(n + 1), s ← (ns + θ²)/(n + 1), D[write_row] ← θ − μ (updated μ).

struct Params {
  P: u32,
  n: u32,
  write_row: u32,
  /** 0 when K = 0 (diagonal-only SWAG: no deviation rows). */
  has_deviations: u32,
}

override WG: u32 = 64;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> theta: array<f32>;
@group(0) @binding(2) var<storage, read_write> mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> sq_mean: array<f32>;
@group(0) @binding(4) var<storage, read_write> deviations: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // 2-D grid so P may exceed 65535 · WG.
  let i = flat(gid, nwg);
  if (i >= params.P) {
    return;
  }
  let n = f32(params.n);
  let t = theta[i];
  let m = (n * mean[i] + t) / (n + 1.0);
  mean[i] = m;
  sq_mean[i] = (n * sq_mean[i] + t * t) / (n + 1.0);
  if (params.has_deviations != 0u) {
    deviations[params.write_row * params.P + i] = t - m;
  }
}
