// Shared by the one-workgroup-per-row kernels (a WGSL library, see src/gpu/wgsl_libraries.ts): tree
// reductions over the WG threads of a workgroup in workgroup memory. Every thread must call them
// (they have barriers); the result is uniform. WG is the including kernel's override (a power of two).

var<workgroup> red: array<f32, WG>;

fn reduce_sum(t: u32, v: f32) -> f32 {
  red[t] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (t < s) { red[t] += red[t + s]; }
    workgroupBarrier();
  }
  let total = red[0];
  workgroupBarrier();
  return total;
}

fn reduce_max(t: u32, v: f32) -> f32 {
  red[t] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (t < s) { red[t] = max(red[t], red[t + s]); }
    workgroupBarrier();
  }
  let total = red[0];
  workgroupBarrier();
  return total;
}
