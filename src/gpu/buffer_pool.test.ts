import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferPool, bucketSize } from './buffer_pool';
import type { GpuContext } from './device';
import { GpuError } from './errors';
import { getTestDevice } from './testing/node_gpu';

describe('bucketSize', () => {
  it('rounds up to 256 B, then to quarter steps between powers of two', () => {
    expect(bucketSize(1)).toBe(256);
    expect(bucketSize(256)).toBe(256);
    expect(bucketSize(257)).toBe(320);
    expect(bucketSize(1024)).toBe(1024);
    expect(bucketSize(1025)).toBe(1280);
    expect(bucketSize(1537)).toBe(1792);
    expect(bucketSize(1793)).toBe(2048);
    for (let b = 1; b < 1e6; b = Math.ceil(b * 1.37)) {
      expect(bucketSize(b)).toBeGreaterThanOrEqual(b);
      expect(bucketSize(b)).toBeLessThanOrEqual(Math.max(256, b * 1.25));
    }
  });
});

describe('BufferPool', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await getTestDevice();
  });
  afterAll(() => ctx?.destroy());

  it('reuses released buffers of the same bucket and counts hits and misses', () => {
    const pool = new BufferPool(ctx.device);
    const a = pool.acquire(1000, 'a');
    expect(a.size).toBe(1024);
    expect(pool.stats).toMatchObject({ misses: 1, hits: 0, allocatedBytes: 1024, inUseBytes: 1024, freeBytes: 0 });
    pool.release(a);
    expect(pool.stats).toMatchObject({ inUseBytes: 0, freeBytes: 1024 });
    const b = pool.acquire(900, 'b');
    expect(b).toBe(a);
    expect(b.label).toBe('b');
    expect(pool.stats).toMatchObject({ misses: 1, hits: 1, allocatedBytes: 1024 });
    const c = pool.acquire(2000, 'c'); // another bucket: a miss
    expect(c).not.toBe(a);
    expect(pool.stats.misses).toBe(2);
    pool.release(b);
    pool.release(c);
    pool.clearFree();
    expect(pool.stats).toMatchObject({ allocatedBytes: 0, freeBytes: 0, buffers: 0 });
  });

  it('keeps at most maxFreeBytes in the free list and destroys the rest at trim()', () => {
    const pool = new BufferPool(ctx.device, { maxFreeBytes: 2048 });
    const bufs = [0, 1, 2, 3].map((i) => pool.acquire(1024, `b${i}`));
    expect(pool.stats.allocatedBytes).toBe(4096);
    for (const b of bufs) pool.release(b);
    expect(pool.stats.freeBytes).toBe(2048);
    expect(pool.stats.allocatedBytes).toBe(4096); // over-cap buffers wait for trim()
    pool.trim();
    expect(pool.stats.allocatedBytes).toBe(2048);
    expect(pool.stats.buffers).toBe(2);
  });

  it('throws limit-exceeded naming maxStorageBufferBindingSize for a too-big buffer', () => {
    const pool = new BufferPool(ctx.device, { maxStorageBufferBindingSize: 4096 });
    const err = (() => {
      try {
        pool.acquire(4100, 'huge');
      } catch (e) {
        return e;
      }
    })() as GpuError;
    expect(err).toBeInstanceOf(GpuError);
    expect(err.code).toBe('limit-exceeded');
    expect(err.details).toMatchObject({ limit: 'maxStorageBufferBindingSize', needed: 4100, available: 4096 });
  });
});
