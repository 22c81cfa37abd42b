// tanh and its backward dy · (1 − y²). tanh is a rational minimax fit (the one Eigen uses for
// float, relative error < 4e-7) instead of the builtin, whose precision near 0 is unspecified and
// which can overflow for large |x| on some drivers.
// flat() comes from lib_grid.wgsl (prepended).

struct Params {
  n: u32,
}

override WG: u32 = 64;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

fn tanh_f32(v_in: f32) -> f32 {
  let v = clamp(v_in, -7.90531110763549805, 7.90531110763549805);
  if (abs(v) < 0.0004) { return v; }
  let x2 = v * v;
  var num = -2.76076847742355e-16;
  num = fma(num, x2, 2.00018790482477e-13);
  num = fma(num, x2, -8.60467152213735e-11);
  num = fma(num, x2, 5.12229709037114e-08);
  num = fma(num, x2, 1.48572235717979e-05);
  num = fma(num, x2, 6.37261928875436e-04);
  num = fma(num, x2, 4.89352455891786e-03);
  num = num * v;
  var den = 1.19825839466702e-06;
  den = fma(den, x2, 1.18534705686654e-04);
  den = fma(den, x2, 2.26843463243900e-03);
  den = fma(den, x2, 4.89352518554385e-03);
  return num / den;
}

@compute @workgroup_size(WG)
fn forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg);
  if (i >= p.n) { return; }
  out[i] = tanh_f32(x[i]);
}

/** x binding holds y = tanh(x) here. */
@compute @workgroup_size(WG)
fn backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg);
  if (i >= p.n) { return; }
  let y = x[i];
  out[i] = dy[i] * (1.0 - y * y);
}
