import { describe, it, expect } from 'vitest';
import { FrozenTrunkCache } from './frozen_trunk_cache';

describe('FrozenTrunkCache', () => {
  it('keys by layer, ids and type ids', () => {
    const k = FrozenTrunkCache.key;
    expect(k(1, [2, 5, 3], [0, 0, 0])).not.toBe(k(2, [2, 5, 3], [0, 0, 0]));
    expect(k(1, [2, 5, 3], [0, 0, 0])).not.toBe(k(1, [2, 5, 3], [0, 1, 1]));
    expect(k(1, [2, 5, 3], [0, 0, 0])).not.toBe(k(1, [2, 53], [0, 0]));
    expect(k(1, Int32Array.from([2, 5]), Int32Array.from([0, 1]))).toBe(k(1, [2, 5], [0, 1]));
  });

  it('evicts least-recently-used rows to stay under its byte bound', () => {
    const c = new FrozenTrunkCache(3 * 40);
    const row = (v: number) => new Float32Array(10).fill(v);
    c.set('a', row(1));
    c.set('b', row(2));
    c.set('c', row(3));
    expect(c.bytes).toBe(120);
    expect(c.get('a')![0]).toBe(1); // a is now most recent
    c.set('d', row(4));
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')![0]).toBe(1);
    expect(c.get('d')![0]).toBe(4);
    expect(c.size).toBe(3);
    expect(c.bytes).toBeLessThanOrEqual(120);
    expect(c.hits).toBe(3);
    expect(c.misses).toBe(1);
    c.set('huge', new Float32Array(100)); // larger than the bound: not kept, nothing evicted
    expect(c.get('huge')).toBeUndefined();
    expect(c.size).toBe(3);
    c.set('a', row(9)); // replacing keeps the byte count right
    expect(c.bytes).toBe(120);
    c.clear();
    expect(c.bytes).toBe(0);
  });
});
