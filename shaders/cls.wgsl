// [CLS] rows: gather rows b·seqLen of x [B·L, D] into [B, D]; scatter is the inverse (zeros elsewhere).

struct Params {
  B: u32,
  L: u32,
  D: u32,
}

override WG: u32 = 64;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;

@compute @workgroup_size(WG)
fn gather(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg);
  if (i >= p.B * p.D) { return; }
  let b = i / p.D;
  let d = i % p.D;
  dst[i] = src[b * p.L * p.D + d];
}

@compute @workgroup_size(WG)
fn scatter(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg);
  if (i >= p.B * p.L * p.D) { return; }
  let n = i / p.D;
  let d = i % p.D;
  var v = 0.0;
  if (n % p.L == 0u) { v = src[(n / p.L) * p.D + d]; }
  dst[i] = v;
}
