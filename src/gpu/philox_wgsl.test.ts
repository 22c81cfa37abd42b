// shaders/philox.wgsl must be bit-identical to src/rng/philox.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import philoxWgsl from '../../shaders/philox.wgsl?raw';
import { philox4x32, philoxUniform } from '../rng/philox';
import type { GpuContext } from './device';
import { PipelineCache } from './pipelines';
import { readUint32 } from './readback';
import { getTestDevice } from './testing/node_gpu';

const TEST_KERNEL = /* wgsl */ `
struct Params { mode: u32, n: u32, seed: u32, stream: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> inputs: array<u32>;   // mode 0: 6 words per block (counter, key)
@group(0) @binding(2) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= p.n) { return; }
  if (p.mode == 0u) {
    let c = vec4<u32>(inputs[6u * i], inputs[6u * i + 1u], inputs[6u * i + 2u], inputs[6u * i + 3u]);
    let w = philox4x32(c, vec2<u32>(inputs[6u * i + 4u], inputs[6u * i + 5u]));
    for (var j = 0u; j < 4u; j++) { out[4u * i + j] = w[j]; }
  } else if (p.mode == 1u) {
    out[i] = philox_word(p.seed, p.stream, i);
  } else {
    out[i] = bitcast<u32>(philox_uniform(p.seed, p.stream, i));
  }
}`;

let ctx: GpuContext;
let cache: PipelineCache;
beforeAll(async () => {
  ctx = await getTestDevice();
  cache = new PipelineCache(ctx.device);
});
afterAll(() => ctx?.destroy());

async function runKernel(mode: number, n: number, seed: number, stream: number, inputs: Uint32Array, outWords: number): Promise<Uint32Array> {
  const d = ctx.device;
  const { pipeline, layout } = cache.get({
    shader: { id: 'philox-test', code: philoxWgsl + TEST_KERNEL },
    entryPoint: 'main',
    bindings: ['uniform', 'read', 'storage'],
  });
  const uni = d.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  d.queue.writeBuffer(uni, 0, Uint32Array.of(mode, n, seed, stream));
  const inBuf = d.createBuffer({ size: Math.max(16, inputs.byteLength), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  if (inputs.length) d.queue.writeBuffer(inBuf, 0, inputs);
  const outBuf = d.createBuffer({ size: outWords * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const enc = d.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(
    0,
    d.createBindGroup({
      layout,
      entries: [
        { binding: 0, resource: { buffer: uni } },
        { binding: 1, resource: { buffer: inBuf } },
        { binding: 2, resource: { buffer: outBuf } },
      ],
    }),
  );
  pass.dispatchWorkgroups(Math.ceil(n / 64));
  pass.end();
  d.queue.submit([enc.finish()]);
  const out = await readUint32(ctx, outBuf, outWords);
  for (const b of [uni, inBuf, outBuf]) b.destroy();
  return out;
}

describe('philox.wgsl', () => {
  it('matches the Random123 known-answer vectors and the TS twin on random blocks', async () => {
    const f = 0xffffffff;
    const blocks: number[][] = [
      [0, 0, 0, 0, 0, 0],
      [f, f, f, f, f, f],
      [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0],
    ];
    let s = 12345;
    for (let i = 0; i < 61; i++) blocks.push(Array.from({ length: 6 }, () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0)));
    const got = await runKernel(0, blocks.length, 0, 0, Uint32Array.from(blocks.flat()), 4 * blocks.length);
    expect([...got.slice(0, 12)]).toEqual([
      0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8, 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd, 0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1,
    ]);
    const want = blocks.flatMap((b) => [...philox4x32(b[0], b[1], b[2], b[3], b[4], b[5])]);
    expect([...got]).toEqual(want);
  });

  it('gives the same words and uniforms as the TS twin for 5000 indices', async () => {
    const n = 5000,
      seed = 0xdeadbeef,
      stream = 17;
    const words = await runKernel(1, n, seed, stream, new Uint32Array(0), n);
    const want = new Uint32Array(n);
    const block = new Uint32Array(4);
    for (let i = 0; i < n; i++) want[i] = philox4x32(Math.floor(i / 4), 0, 0, 0, seed, stream, block)[i % 4];
    expect(words).toEqual(want);
    const uniforms = new Float32Array((await runKernel(2, n, seed, stream, new Uint32Array(0), n)).buffer);
    expect(uniforms).toEqual(philoxUniform(seed, stream, new Float32Array(n)));
  });
});
