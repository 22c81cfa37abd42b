import { describe, expect, it } from 'vitest';
import { epochBatches, makeBatch, seededPermutation, type TokenizedSplit } from './batches';

describe('batching', () => {
  it('pads each batch to its longest row and builds the f32 mask', () => {
    const split: TokenizedSplit = {
      ids: [Int32Array.of(101, 7, 102), Int32Array.of(101, 8, 9, 10, 102)],
      typeIds: [Int32Array.of(0, 0, 0), Int32Array.of(0, 0, 0, 1, 1)],
      labels: Int32Array.of(1, 0),
    };
    const b = makeBatch(split, Int32Array.of(1, 0), 0);
    expect(b.seqLen).toBe(5);
    expect([...b.inputIds]).toEqual([101, 8, 9, 10, 102, 101, 7, 102, 0, 0]);
    expect([...b.tokenTypeIds]).toEqual([0, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
    expect([...b.mask]).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    expect([...b.labels]).toEqual([0, 1]);
  });

  it('shuffles with a seeded permutation that covers every example once', () => {
    const p = seededPermutation(100, 3, 1);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([...p]).toEqual([...seededPermutation(100, 3, 1)]);
    expect([...p]).not.toEqual([...seededPermutation(100, 4, 1)]);
    const batches = epochBatches(10, 4, null);
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    const e0 = epochBatches(10, 4, { seed: 1, epoch: 0 })
      .map((b) => [...b])
      .flat();
    const e1 = epochBatches(10, 4, { seed: 1, epoch: 1 })
      .map((b) => [...b])
      .flat();
    expect(e0).not.toEqual(e1);
  });
});
