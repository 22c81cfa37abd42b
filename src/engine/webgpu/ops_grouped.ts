// The grouped-forward ops (G posterior samples as G row groups): groupedMatmul on its kernel, and
// repeatRows as buffer copies (a broadcast needs no arithmetic, and a copy is the GPU's fastest move).
import type { GroupedMatmulOptions } from '../backend';
import type { GroupedMatmulDims } from '../grouped_shape';
import type { GpuTensor } from './gpu_tensor';
import type { KernelHost } from './kernel_host';
import { KERNELS } from './kernels';

export function groupedMatmul(
  h: KernelHost,
  x: GpuTensor,
  w: GpuTensor,
  d: GroupedMatmulDims,
  o: Omit<GroupedMatmulOptions, 'base' | 'out'> & { base: GpuTensor | null; out: GpuTensor | null },
): GpuTensor {
  const rows = d.G * d.n;
  const out = o.out ?? h.alloc([rows, d.J], `grouped(${x.label},${w.label})`);
  h.run(KERNELS.groupedMatmul, {
    entry: 'main',
    uniforms: {
      rows,
      n: d.n,
      J: d.J,
      K: d.K,
      x_rows: d.xShared ? d.n : rows,
      base_rows: d.baseShared ? d.n : rows,
      w_stride: d.wShared ? 0 : d.J * d.K,
      alpha: o.alpha ?? 1,
    },
    bindings: { x: x.buffer, w: w.buffer, base: o.base?.buffer, out: out.buffer },
    threads: rows * d.J,
    label: out.label,
    constants: { HAS_BASE: !!o.base, ACCUMULATE: !!o.accumulate },
  });
  return out;
}

export function repeatRows(h: KernelHost, x: GpuTensor, times: number): GpuTensor {
  const out = h.alloc([times * x.shape[0], ...x.shape.slice(1)], `repeat(${x.label})`);
  const bytes = x.size * 4;
  if (bytes > 0)
    h.recorder.external((enc) => {
      for (let g = 0; g < times; g++) enc.copyBufferToBuffer(x.buffer, 0, out.buffer, g * bytes, bytes);
    });
  return out;
}
