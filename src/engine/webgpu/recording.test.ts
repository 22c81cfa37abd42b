// How WebGpuBackend records work: one command encoder per flush, device limits as named errors,
// 2-D dispatch tiling past 65535 workgroups, validation errors surfacing on read().
import { defineKernel } from '../../gpu/kernel_declaration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuError } from '../../gpu/errors';
import { getTestDevice } from '../../gpu/testing/node_gpu';
import { grid1d } from './dispatch_grid';
import { WebGpuBackend } from './webgpu_backend';
import { dropoutKeepFrom } from './ops_encoder';

describe('grid1d', () => {
  it('stays 1-D up to the limit, tiles into 2-D past it, and names the limit when even that fails', () => {
    expect(grid1d(10, 65535, 'x')).toEqual([10, 1, 1]);
    expect(grid1d(65535, 65535, 'x')).toEqual([65535, 1, 1]);
    expect(grid1d(65536, 65535, 'x')).toEqual([65535, 2, 1]);
    const err = (() => {
      try {
        grid1d(65535 * 65535 + 1, 65535, 'huge op');
      } catch (e) {
        return e as GpuError;
      }
    })();
    expect(err).toBeInstanceOf(GpuError);
    expect(err!.code).toBe('limit-exceeded');
    expect(err!.details.limit).toBe('maxComputeWorkgroupsPerDimension');
    expect(err!.message).toContain('huge op');
  });
});

describe('dropoutKeepFrom', () => {
  it('is the integer form of uniform ≥ p for 24-bit uniforms', () => {
    for (const p of [0, 0.1, 0.25, 0.5, 0.9, 1 - 2 ** -24, 1]) {
      const k = dropoutKeepFrom(p);
      expect(k * 2 ** -24 >= p).toBe(true);
      if (k > 0) expect((k - 1) * 2 ** -24 >= p).toBe(false);
    }
  });
});

describe('WebGpuBackend recording', () => {
  let be: WebGpuBackend;
  beforeAll(async () => {
    be = new WebGpuBackend(await getTestDevice());
  });
  afterAll(() => be?.destroy());

  it('records many ops into one submit and reuses pooled buffers', async () => {
    const submits0 = be.recorder.submits;
    let x = be.upload(
      Float32Array.from({ length: 300 }, (_, i) => i / 300),
      [300],
      'x',
    );
    for (let i = 0; i < 20; i++) {
      const y = be.scale(x, 1.01);
      be.release(x);
      x = y;
    }
    be.flush();
    expect(be.recorder.submits - submits0).toBe(1);
    const hits = be.pool.stats.hits;
    expect(hits).toBeGreaterThanOrEqual(18); // released buffers came back
    const got = await be.read(x);
    expect(got[150]).toBeCloseTo(0.5 * 1.01 ** 20, 5);
  });

  it('tiles element-wise dispatches in 2-D past 65535 workgroups and stays correct', async () => {
    const n = 64 * 65535 + 1000; // 65551 workgroups of 64
    const a = be.upload(
      Float32Array.from({ length: n }, (_, i) => i % 1000),
      [n],
      'big-a',
    );
    const b = be.upload(new Float32Array(n).fill(0.5), [n], 'big-b');
    const c = be.add(a, b);
    const got = await be.read(c);
    for (const i of [0, 1, 4194239, 4194240, 4194241, n - 2, n - 1]) expect(got[i]).toBe((i % 1000) + 0.5);
    for (const t of [a, b, c]) be.release(t);
  });

  it('throws a named limit error (not a crash) for a tensor over maxStorageBufferBindingSize', () => {
    const max = be.ctx.limits.maxStorageBufferBindingSize;
    const err = (() => {
      try {
        be.zeros([Math.floor(max / 4) + 1], 'too-big');
      } catch (e) {
        return e as GpuError;
      }
    })();
    expect(err).toBeInstanceOf(GpuError);
    expect(err!.code).toBe('limit-exceeded');
    expect(err!.details.limit).toBe('maxStorageBufferBindingSize');
  });

  it('rejects read() with a validation GpuError when recorded work was invalid', async () => {
    const a = be.upload(new Float32Array(16).fill(1), [4, 4], 'a');
    be.matmul(a, a, { out: a }); // a bound as read and read_write in one dispatch: invalid
    await expect(be.read(a)).rejects.toMatchObject({ code: 'validation' });
    const ok = be.add(be.upload(Float32Array.of(1), [1], 'p'), be.upload(Float32Array.of(2), [1], 'q'));
    expect([...(await be.read(ok))]).toEqual([3]); // the backend keeps working
  });

  it('still reports a validation error after many flushes without a read', async () => {
    const a = be.upload(new Float32Array(4).fill(1), [2, 2], 'a');
    be.matmul(a, a, { out: a }); // invalid
    be.flush();
    for (let i = 0; i < 40; i++) {
      be.release(be.scale(a, 2));
      be.flush();
    }
    await expect(be.read(a)).rejects.toMatchObject({ code: 'validation' });
    await expect(be.read(a)).resolves.toBeInstanceOf(Float32Array); // reported once
  });

  it('refuses tensors after release and shape mismatches with readable errors', () => {
    const t = be.zeros([3], 't');
    be.release(t);
    expect(() => be.scale(t, 2)).toThrow(/after release/);
    expect(() => be.matmul(be.zeros([2, 3], 'm'), be.zeros([4, 2], 'n'))).toThrow(/inner sizes 3 ≠ 4/);
  });
});

describe('WebGpuBackend extension points', () => {
  let be: WebGpuBackend;
  beforeAll(async () => {
    be = new WebGpuBackend(await getTestDevice());
  });
  afterAll(() => be?.destroy());

  it('runs a custom kernel and raw encoder commands in program order with the built-in ops', async () => {
    const kernel = defineKernel({
      name: 'test-axpb',
      file: '(inline)',
      code: `struct P { n: u32, a: f32, b: f32 }
override WG: u32 = 64;
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(WG) fn main(@builtin(global_invocation_id) g: vec3<u32>) { if (g.x < p.n) { y[g.x] = p.a * x[g.x] + p.b; } }`,
      entries: ['main'],
      uniforms: [
        ['n', 'u32'],
        ['a', 'f32'],
        ['b', 'f32'],
      ],
      bindings: [
        ['x', 'read'],
        ['y', 'storage'],
      ],
      workgroupSize: 64,
    });
    const x = be.upload(Float32Array.of(1, 2, 3, 4, 5), [5], 'x');
    const y = be.empty([5], 'y');
    be.runKernel(kernel, { entry: 'main', uniforms: { n: 5, a: 2, b: 1 }, bindings: { x, y }, threads: 5, label: 'axpb', constants: { WG: 32 } });
    const z = be.zeros([5], 'z');
    be.withEncoder((enc) => enc.copyBufferToBuffer(be.bufferOf(y), 0, be.bufferOf(z), 0, 20));
    const w = be.scale(z, 10);
    expect([...(await be.read(w))]).toEqual([30, 50, 70, 90, 110]);
  });

  it('adopts an external GPUBuffer as a tensor without copying, and release() leaves it alone', async () => {
    const d = be.ctx.device;
    const buf = d.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, mappedAtCreation: true });
    new Float32Array(buf.getMappedRange()).set([1, -2, 3, -4]);
    buf.unmap();
    const t = be.adoptBuffer(buf, [2, 2], 'ort-output');
    const y = be.scale(t, 3);
    expect([...(await be.read(y))]).toEqual([3, -6, 9, -12]);
    const free = be.pool.stats.freeBytes;
    be.release(t);
    expect(be.pool.stats.freeBytes).toBe(free);
    expect(() => be.adoptBuffer(buf, [5], 'too-small')).toThrow(/needs 20/);
    buf.destroy();
  });
});
