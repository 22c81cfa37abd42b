import { describe, expect, it } from 'vitest';
import { kSweepValues } from '../swag_plan';

describe('kSweepValues', () => {
  it('visits 0, the usual small ranks up to K, and K itself; never k = 1', () => {
    expect(kSweepValues(0)).toEqual([0]);
    expect(kSweepValues(1)).toEqual([0]);
    expect(kSweepValues(2)).toEqual([0, 2]);
    expect(kSweepValues(7)).toEqual([0, 2, 3, 5, 7]);
    expect(kSweepValues(20)).toEqual([0, 2, 3, 5, 10, 20]);
  });
});
