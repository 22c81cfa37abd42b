// Device loss and re-creation through the WebGPU backend (Dawn on SwiftShader): the loss surfaces
// as an error event, later work fails with GpuError('device-lost'), and a new context works.
import { describe, expect, it } from 'vitest';
import { gpuWait } from '../../gpu/device';
import { GpuError } from '../../gpu/errors';
import { getTestDevice } from '../../gpu/testing/node_gpu';
import { WebGpuBackend } from './webgpu_backend';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(GpuError);
    return (e as GpuError).code;
  }
  return 'resolved';
}

describe('device loss', () => {
  it('surfaces the loss as an error event, fails later work, and a new context works', async () => {
    const ctx = await getTestDevice();
    const backend = new WebGpuBackend(ctx);
    const x = backend.upload(Float32Array.of(1, 2), [2], 'x');
    expect([...(await backend.read(x))]).toEqual([1, 2]);
    const events: GpuError[] = [];
    ctx.onError((e) => events.push(e));
    ctx.device.destroy();
    const lost = await ctx.lost;
    expect(lost.code).toBe('device-lost');
    expect(lost.details.reason).toBe('destroyed');
    expect(events.map((e) => e.code)).toContain('device-lost');
    expect(ctx.isLost).toBe(true);
    expect(() => backend.add(x, x)).toThrowError(GpuError);
    expect(await codeOf(gpuWait(ctx, Promise.resolve(1), 'after loss'))).toBe('device-lost');
    backend.destroy();

    const quiet = await getTestDevice();
    const quietEvents: GpuError[] = [];
    quiet.onError((e) => quietEvents.push(e));
    quiet.destroy();
    expect((await quiet.lost).code).toBe('device-lost');
    expect(quietEvents).toEqual([]); // an intentional destroy() raises no error event

    const again = new WebGpuBackend(await getTestDevice());
    const y = again.add(again.upload(Float32Array.of(1, 2), [2], 'a'), again.upload(Float32Array.of(3, 4), [2], 'b'));
    expect([...(await again.read(y))]).toEqual([4, 6]);
    again.destroy();
  });
});
