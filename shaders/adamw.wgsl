// AdamW with PyTorch semantics (torch.optim.AdamW, single-tensor path), in place on param, m, v:
//   param *= 1 − lr·wd;  m = lerp(m, g, 1 − β1);  v = β2·v + (1 − β2)·g²;
//   param −= (lr / bc1) · m / (sqrt(v) / sqrt(bc2) + eps),  bc_i = 1 − β_i^step.
// The step's scalars are computed on the host in f64 and passed in the uniform buffer.

struct Params {
  n: u32,
  decay: f32, // 1 − lr·wd
  one_minus_b1: f32,
  b2: f32,
  one_minus_b2: f32,
  step_size: f32, // lr / bc1
  bc2_sqrt: f32,
  eps: f32,
}

override WG: u32 = 64;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read_write> param: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg);
  if (i >= p.n) { return; }
  let g = grad[i];
  let w = param[i] * p.decay;
  let mi = m[i] + p.one_minus_b1 * (g - m[i]);
  let vi = p.b2 * v[i] + p.one_minus_b2 * g * g;
  m[i] = mi;
  v[i] = vi;
  param[i] = w - p.step_size * mi / (sqrt(vi) / p.bc2_sqrt + p.eps);
}
