import { describe, expect, it } from 'vitest';
import { histogram } from './histogram';

describe('display histogram', () => {
  it('counts values per equal-width bin, the top edge going to the last bin', () => {
    const h = histogram([0, 0.1, 0.5, 0.99, 1, NaN], 0, 1, 4, false);
    expect(h.map((b) => b.value)).toEqual([2, 0, 1, 2]);
    expect(h[1]).toMatchObject({ lo: 0.25, hi: 0.5, center: 0.375 });
  });
  it('normalises to fractions of the finite values', () => {
    const h = histogram([1, 2, 3, 4], 0, 4, 2, true);
    expect(h.map((b) => b.value)).toEqual([0.25, 0.75]);
  });
  it('rejects an empty range', () => {
    expect(() => histogram([1], 1, 1, 3, false)).toThrow(RangeError);
  });
});
