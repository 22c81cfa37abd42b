// Shared by the element-wise kernels (a WGSL library, see src/gpu/wgsl_libraries.ts): the flat index of a thread in a
// 2-D grid of WG-wide workgroups (grids wider than maxComputeWorkgroupsPerDimension fold into y).
// WG is the including kernel's override.

fn flat(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}
