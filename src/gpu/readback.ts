// Read GPU buffers back through a MAP_READ staging buffer: copy only the requested byte range.
import { type GpuContext, gpuWait } from './device';

const MAP_READ_COPY_DST = 0x01 | 0x08; // GPUBufferUsage.MAP_READ | COPY_DST

/** Copy bytes [offset, offset+size) of `src` to the host. Submits its own small command buffer. */
export async function readBufferBytes(ctx: GpuContext, src: GPUBuffer, offset: number, size: number, label = src.label): Promise<ArrayBuffer> {
  ctx.assertAlive();
  const padded = Math.ceil(size / 4) * 4;
  const staging = ctx.device.createBuffer({ label: `readback:${label}`, size: Math.max(4, padded), usage: MAP_READ_COPY_DST });
  try {
    const enc = ctx.device.createCommandEncoder({ label: `readback:${label}` });
    if (padded > 0) enc.copyBufferToBuffer(src, offset, staging, 0, padded);
    ctx.device.queue.submit([enc.finish()]);
    await gpuWait(ctx, staging.mapAsync(GPUMapMode.READ, 0, Math.max(4, padded)), `mapAsync(${label})`);
    const out = staging.getMappedRange(0, Math.max(4, padded)).slice(0, size);
    staging.unmap();
    return out;
  } finally {
    staging.destroy();
  }
}

export async function readUint32(ctx: GpuContext, src: GPUBuffer, count: number, offsetElems = 0): Promise<Uint32Array> {
  return new Uint32Array(await readBufferBytes(ctx, src, offsetElems * 4, count * 4));
}
