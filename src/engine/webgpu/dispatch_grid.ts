// Workgroup counts for a 1-D problem, tiled into 2-D when x alone would exceed
// maxComputeWorkgroupsPerDimension. Kernels compute i = gid.x + gid.y · nwg.x · WG and bounds-check.
import { limitExceeded } from '../../gpu/errors';

export function grid1d(groups: number, maxPerDim: number, what: string): [number, number, number] {
  if (groups <= 0) return [0, 1, 1];
  if (groups <= maxPerDim) return [groups, 1, 1];
  const x = maxPerDim;
  const y = Math.ceil(groups / x);
  if (y > maxPerDim) throw limitExceeded('maxComputeWorkgroupsPerDimension', y, maxPerDim, what);
  return [x, y, 1];
}

/** Grid for one thread per element with workgroup size wg. */
export function gridForThreads(threads: number, wg: number, maxPerDim: number, what: string): [number, number, number] {
  return grid1d(Math.ceil(threads / wg), maxPerDim, what);
}
