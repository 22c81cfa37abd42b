import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebGpuBackend } from './webgpu_backend';
import { GpuProfiler } from '../../gpu/profiler';
import { getTestDevice } from '../../gpu/testing/node_gpu';

describe('GpuProfiler', () => {
  let be: WebGpuBackend;
  beforeAll(async () => {
    be = new WebGpuBackend(await getTestDevice(), { profile: true });
  });
  afterAll(() => be?.destroy());

  it('times each labelled dispatch when timestamp-query is available', async () => {
    expect(be.ctx.features.timestamps).toBe(true); // SwiftShader has it; the test would be vacuous otherwise
    const a = be.upload(new Float32Array(64 * 64).fill(1), [64, 64], 'a');
    const c = be.matmul(a, a);
    const g = be.gelu(c);
    await be.read(g);
    const timings = await be.recorder.profiler!.read();
    expect(timings.map((t) => t.label)).toEqual([c.label, g.label]);
    for (const t of timings) {
      expect(Number.isFinite(t.ms)).toBe(true);
      expect(t.ms).toBeGreaterThanOrEqual(0);
    }
    expect([...GpuProfiler.totals(timings).keys()]).toEqual([c.label, g.label]);
    expect(await be.recorder.profiler!.read()).toEqual([]); // read() starts over
  });
});
