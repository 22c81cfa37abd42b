// Typed device errors (Dawn on SwiftShader, plus fake GPU objects for the paths a real adapter
// cannot take). Device loss and re-creation through the backend: engine/webgpu/device_loss.test.ts.
import { describe, expect, it } from 'vitest';
import { createGpuContext } from './device';
import { GpuError } from './errors';
import { getNodeGpu, getTestDevice } from './testing/node_gpu';
import { withTimeout } from './timeout';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(GpuError);
    return (e as GpuError).code;
  }
  return 'resolved';
}

describe('createGpuContext errors', () => {
  it("reports 'no-webgpu' when there is no navigator.gpu and none is injected", async () => {
    expect((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu).toBeUndefined();
    expect(await codeOf(createGpuContext())).toBe('no-webgpu');
  });

  it("reports 'no-adapter' when requestAdapter gives null", async () => {
    const gpu = { requestAdapter: async () => null } as unknown as GPU;
    expect(await codeOf(createGpuContext({ gpu }))).toBe('no-adapter');
  });

  it("reports 'timeout' when requestAdapter hangs", async () => {
    const gpu = { requestAdapter: () => new Promise(() => {}) } as unknown as GPU;
    const t0 = Date.now();
    expect(await codeOf(createGpuContext({ gpu, timeoutMs: 50 }))).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await codeOf(withTimeout(new Promise(() => {}), 10, 'mapAsync'))).toBe('timeout');
  });

  it("refuses SwiftShader with 'fallback-adapter' unless allowFallback is set", async () => {
    const gpu = await getNodeGpu();
    expect(await codeOf(createGpuContext({ gpu }))).toBe('fallback-adapter');
    const ctx = await createGpuContext({ gpu, allowFallback: true });
    expect(ctx.adapterInfo.isFallback).toBe(true);
    expect(ctx.adapterInfo.architecture).toBe('swiftshader');
    ctx.destroy();
  });

  it("names the limit in 'limit-too-small'", async () => {
    const gpu = await getNodeGpu();
    const err = await createGpuContext({ gpu, allowFallback: true, minLimits: { maxStorageBufferBindingSize: 2 ** 45 } }).catch((e) => e);
    expect(err).toBeInstanceOf(GpuError);
    expect(err.code).toBe('limit-too-small');
    expect(err.details.limit).toBe('maxStorageBufferBindingSize');
    expect(err.details.needed).toBe(2 ** 45);
    expect(err.message).toContain('maxStorageBufferBindingSize');
  });

  it('raises the adapter limits we need and reports optional features', async () => {
    const ctx = await getTestDevice();
    expect(ctx.limits.maxStorageBufferBindingSize).toBe(ctx.adapter.limits.maxStorageBufferBindingSize);
    expect(ctx.limits.maxComputeWorkgroupStorageSize).toBe(ctx.adapter.limits.maxComputeWorkgroupStorageSize);
    expect(ctx.features.timestamps).toBe(ctx.adapter.features.has('timestamp-query'));
    expect(ctx.features.f16).toBe(ctx.adapter.features.has('shader-f16'));
    ctx.destroy();
  });
});

describe('uncaptured errors', () => {
  it("reach onError listeners as GpuError('validation')", async () => {
    const ctx = await getTestDevice();
    const seen: GpuError[] = [];
    ctx.onError((e) => seen.push(e));
    ctx.device.createBuffer({ size: 4, usage: 0 }); // invalid: no usage
    for (let i = 0; i < 50 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(seen.map((e) => e.code)).toEqual(['validation']);
    ctx.destroy();
  });
});
