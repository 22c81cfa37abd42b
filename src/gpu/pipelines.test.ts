import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GpuContext } from './device';
import { PipelineCache, pipelineKey } from './pipelines';
import { getTestDevice } from './testing/node_gpu';

const SHADER = {
  id: 'fill',
  code: `override VALUE: f32 = 1.0;
override WG: u32 = 64;
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(WG) fn main(@builtin(global_invocation_id) g: vec3<u32>) { if (g.x < arrayLength(&out)) { out[g.x] = VALUE; } }`,
};

describe('PipelineCache', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await getTestDevice();
  });
  afterAll(() => ctx?.destroy());

  it('keys by shader id, entry point and sorted override constants', () => {
    const a = pipelineKey({ shader: SHADER, entryPoint: 'main', constants: { WG: 64, VALUE: 2 } });
    const b = pipelineKey({ shader: SHADER, entryPoint: 'main', constants: { VALUE: 2, WG: 64 } });
    const c = pipelineKey({ shader: SHADER, entryPoint: 'main', constants: { VALUE: 3, WG: 64 } });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(pipelineKey({ shader: SHADER, entryPoint: 'main', constants: { FLAG: true } })).toContain('FLAG=1');
  });

  it('builds each variant once, and the override constants take effect', async () => {
    const cache = new PipelineCache(ctx.device);
    const p2 = cache.get({ shader: SHADER, entryPoint: 'main', constants: { VALUE: 2 }, bindings: ['storage'] });
    expect(cache.get({ shader: SHADER, entryPoint: 'main', constants: { VALUE: 2 }, bindings: ['storage'] })).toBe(p2);
    const p5 = cache.get({ shader: SHADER, entryPoint: 'main', constants: { VALUE: 5, WG: 32 } }); // layout 'auto'
    expect(p5).not.toBe(p2);
    expect(cache.size).toBe(2);
    expect([cache.hits, cache.misses]).toEqual([1, 2]);
    expect(p2.pipeline.label).toBe(p2.key);

    const d = ctx.device;
    const bufs = [p2, p5].map(() => d.createBuffer({ size: 400, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC }));
    const read = bufs.map(() => d.createBuffer({ size: 400, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }));
    const enc = d.createCommandEncoder();
    [p2, p5].forEach((p, i) => {
      const pass = enc.beginComputePass();
      pass.setPipeline(p.pipeline);
      pass.setBindGroup(0, d.createBindGroup({ layout: p.layout, entries: [{ binding: 0, resource: { buffer: bufs[i] } }] }));
      pass.dispatchWorkgroups(4);
      pass.end();
      enc.copyBufferToBuffer(bufs[i], 0, read[i], 0, 400);
    });
    d.queue.submit([enc.finish()]);
    const out = await Promise.all(
      read.map(async (r) => {
        await r.mapAsync(GPUMapMode.READ);
        return new Float32Array(r.getMappedRange().slice(0));
      }),
    );
    expect(out[0].every((v) => v === 2)).toBe(true);
    expect(out[1].every((v) => v === 5)).toBe(true);
  });
});
