import { describe, expect, it } from 'vitest';
import { SwagState } from './swag';
import { restrictSwag } from './swag_restrict';

describe('restrictSwag', () => {
  it('equals the state a run with the smaller K would have collected', () => {
    const P = 3;
    const big = new SwagState({ P, K: 5 });
    const small = new SwagState({ P, K: 2 });
    for (let n = 0; n < 8; n++) {
      const theta = [Math.sin(n), n * 0.1, Math.cos(3 * n)];
      big.collect(theta);
      small.collect(theta);
    }
    const r = restrictSwag(big, 2);
    expect(r.n).toBe(small.n);
    expect([...r.mean]).toEqual([...small.mean]);
    expect(r.rows).toBe(2);
    // Same posterior: identical draws need the same slot pairing, so compare the covariance factors.
    const rowsOf = (s: SwagState) => {
      const oldest = s.rows === s.K ? s.writeIndex : 0;
      return Array.from({ length: s.rows }, (_, i) => [...s.deviations.subarray(((oldest + i) % s.K) * P, (((oldest + i) % s.K) + 1) * P)]);
    };
    expect(rowsOf(r)).toEqual(rowsOf(small));
    expect([...restrictSwag(big, 0).deviations]).toEqual([]);
    expect(() => restrictSwag(small, 3)).toThrow(/exceeds/);
  });
});
