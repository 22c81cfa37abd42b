import { describe, expect, it } from 'vitest';
import { formatTable, sig } from './table';

describe('formatTable / sig', () => {
  it('aligns columns and keeps three significant digits', () => {
    const t = formatTable(
      ['size', 'GFLOP/s'],
      [
        [256, sig(1.23456)],
        [1024, sig(123.456)],
        [2, sig(0.0012345)],
      ],
    );
    expect(t.split('\n')).toEqual(['size  GFLOP/s', '----  -------', '256      1.23', '1024      123', '2     0.00123']);
  });
});
