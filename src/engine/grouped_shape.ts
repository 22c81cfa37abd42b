// Shape rules of Backend.groupedMatmul, shared by both backends so they accept and refuse the
// same inputs with the same messages.
import type { GroupedMatmulOptions, Tensor } from './backend';

export interface GroupedMatmulDims {
  /** Groups G, rows per group n, reduction size K, output width J. */
  G: number;
  n: number;
  K: number;
  J: number;
  /** Whether x, w and base are one copy broadcast to every group. */
  xShared: boolean;
  wShared: boolean;
  baseShared: boolean;
}

function positiveInt(v: number, what: string): void {
  if (!Number.isInteger(v) || v < 1) throw new Error(`groupedMatmul: ${what} must be a positive integer, got ${v}`);
}

export function groupedMatmulDims(x: Tensor, w: Tensor, o: GroupedMatmulOptions): GroupedMatmulDims {
  const G = o.groups,
    n = o.rowsPerGroup;
  positiveInt(G, 'groups');
  positiveInt(n, 'rowsPerGroup');
  if (x.shape.length !== 2) throw new Error(`groupedMatmul: x "${x.label}" must be 2-D, has shape [${x.shape.join(', ')}]`);
  const [xr, K] = x.shape;
  if (xr !== n && xr !== G * n) throw new Error(`groupedMatmul: x "${x.label}" has ${xr} rows; need ${n} (shared) or ${G * n} (${G} groups of ${n})`);
  let J: number, wShared: boolean;
  if (w.shape.length === 2) {
    [J] = w.shape;
    wShared = true;
    if (w.shape[1] !== K) throw new Error(`groupedMatmul: w "${w.label}" [${w.shape.join(', ')}] does not take ${K} inputs`);
  } else if (w.shape.length === 3) {
    if (w.shape[0] !== G) throw new Error(`groupedMatmul: w "${w.label}" has ${w.shape[0]} groups, need ${G}`);
    if (w.shape[2] !== K) throw new Error(`groupedMatmul: w "${w.label}" [${w.shape.join(', ')}] does not take ${K} inputs`);
    J = w.shape[1];
    wShared = false;
  } else throw new Error(`groupedMatmul: w "${w.label}" must be [J, K] or [groups, J, K], has shape [${w.shape.join(', ')}]`);
  let baseShared = true;
  if (o.base) {
    const rows = o.base.size / J;
    if (o.base.size % J !== 0 || (rows !== n && rows !== G * n))
      throw new Error(`groupedMatmul: base "${o.base.label}" has ${o.base.size} values; need [${n}, ${J}] or [${G * n}, ${J}]`);
    baseShared = rows === n && G > 1;
  }
  if (o.out && o.out.size !== G * n * J) throw new Error(`groupedMatmul: out "${o.out.label}" has ${o.out.size} values, need ${G * n} × ${J}`);
  if (o.base && o.base === o.out) throw new Error('groupedMatmul: base and out must be different tensors (accumulate into out instead)');
  if (o.accumulate && !o.out) throw new Error('groupedMatmul: accumulate needs an out tensor');
  return { G, n, K, J, xShared: xr === n && G > 1, wShared, baseShared };
}
