// SWAG posterior samples (METHOD.md §3); needs shaders/philox.wgsl and shaders/philox_normal.wgsl concatenated in front.
// CPU twin: SwagState.sample (src/bayes/swag.ts). Thread t = s·P + i writes out[s, i] for sample index
// first_sample + s: θ̃ = μ + √c (σ ⊙ z₁ + Dᵀ z₂ / √divisor), σ = sqrt(max(s − μ², 1e-30)),
// z₁ = normals of stream 2·index (element i), z₂ = normals of stream 2·index + 1 (element k ↔ ring slot k).

struct Params {
  P: u32,
  /** Ring rows that enter Dᵀ z₂ (0 when the low-rank part is left out). */
  rows: u32,
  seed: u32,
  first_sample: u32,
  sqrt_c: f32,
  /** 1 / sqrt(divisor), 0 when rows = 0. */
  inv_sqrt_div: f32,
  /** Number of samples written by this dispatch. */
  count: u32,
}

override WG: u32 = 64;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> mean: array<f32>;
@group(0) @binding(2) var<storage, read> sq_mean: array<f32>;
@group(0) @binding(3) var<storage, read> deviations: array<f32>;
@group(0) @binding(4) var<storage, read_write> samples: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // One flat 2-D grid over (sample, parameter): a tall z dispatch crashes SwiftShader.
  let out_index = flat(gid, nwg);
  if (out_index >= params.count * params.P) {
    return;
  }
  let s = out_index / params.P;
  let i = out_index % params.P;
  let m = mean[i];
  if (params.sqrt_c == 0.0) {
    samples[out_index] = m;
    return;
  }
  let index = params.first_sample + s;
  let sigma = sqrt(max(sq_mean[i] - m * m, 1e-30));
  let z1 = philox_normal(params.seed, 2u * index, i);
  var low_rank = 0.0;
  for (var k0 = 0u; k0 < params.rows; k0 += 4u) {
    // One Philox block gives z₂ for four ring slots.
    let z2 = philox_normal4(params.seed, 2u * index + 1u, k0 / 4u);
    for (var j = 0u; j < 4u && k0 + j < params.rows; j++) {
      low_rank += deviations[(k0 + j) * params.P + i] * z2[j];
    }
  }
  samples[out_index] = m + params.sqrt_c * (sigma * z1 + low_rank * params.inv_sqrt_div);
}
