// The WGSL libraries: helpers written once and prepended to the kernels that declare them
// (KernelSpecInput.libraries). lib_grid and lib_reduce read the including kernel's `override WG`.
import libGelu from '../../shaders/lib_gelu.wgsl?raw';
import libGrid from '../../shaders/lib_grid.wgsl?raw';
import libReduce from '../../shaders/lib_reduce.wgsl?raw';
import philox from '../../shaders/philox.wgsl?raw';
import philoxNormal from '../../shaders/philox_normal.wgsl?raw';

export const WGSL_LIBRARIES = {
  /** flat(gid, nwg): a thread's index on the 2-D grid of WG-wide workgroups. */
  lib_grid: libGrid,
  /** reduce_sum / reduce_max over the WG threads of a workgroup. */
  lib_reduce: libReduce,
  /** erfc and the standard normal CDF of the erf GELU. */
  lib_gelu: libGelu,
  /** Philox4x32-10, bit-identical to src/rng/philox.ts. */
  philox,
  /** Box–Muller normals from Philox (needs philox first). */
  philox_normal: philoxNormal,
} as const;

export type WgslLibrary = keyof typeof WGSL_LIBRARIES;
