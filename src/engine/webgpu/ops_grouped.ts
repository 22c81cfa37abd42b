// The grouped-forward ops (G posterior samples as G row groups): groupedMatmul on its kernel, and
// repeatRows as buffer copies (a broadcast needs no arithmetic, and a copy is the GPU's fastest move).
import type { GroupedMatmulOptions } from '../backend';
import type { GroupedMatmulDims } from '../grouped_shape';
import type { GpuTensor } from './gpu_tensor';
import { f, type KernelHost, u } from './kernel_host';
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
  h.run(
    KERNELS.groupedMatmul,
    'main',
    [u(rows), u(d.n), u(d.J), u(d.K), u(d.xShared ? d.n : rows), u(d.baseShared ? d.n : rows), u(d.wShared ? 0 : d.J * d.K), f(o.alpha ?? 1)],
    [x.buffer, w.buffer, o.base?.buffer ?? h.dummy, out.buffer],
    h.threads(rows * d.J, 'groupedMatmul'),
    out.label,
    h.wg({ HAS_BASE: !!o.base, ACCUMULATE: !!o.accumulate }),
  );
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
