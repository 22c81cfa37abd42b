import { describe, expect, it } from 'vitest';
import { philox4x32, philoxNormal, philoxUniform } from './philox';

// Known-answer vectors from Random123's kat_vectors (philox4x32_10).
describe('philox4x32-10', () => {
  it('matches the Random123 known-answer vectors', () => {
    expect([...philox4x32(0, 0, 0, 0, 0, 0)]).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    const f = 0xffffffff;
    expect([...philox4x32(f, f, f, f, f, f)]).toEqual([0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
    expect([...philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0)]).toEqual([0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
  });

  it('gives offset-independent streams and sane moments', () => {
    const all = philoxUniform(7, 3, new Float32Array(1000));
    const tail = philoxUniform(7, 3, new Float32Array(10), 990);
    expect([...tail]).toEqual([...all.slice(990)]);
    const other = philoxUniform(7, 4, new Float32Array(1000));
    expect(other[0]).not.toBe(all[0]);
    const n = philoxNormal(1, 0, new Float32Array(40000));
    let m = 0,
      v = 0;
    for (const x of n) m += x;
    m /= n.length;
    for (const x of n) v += (x - m) ** 2;
    v /= n.length;
    expect(Math.abs(m)).toBeLessThan(0.02);
    expect(Math.abs(v - 1)).toBeLessThan(0.03);
    const nTail = philoxNormal(1, 0, new Float32Array(3), 5);
    expect([...nTail]).toEqual([...n.slice(5, 8)]);
  });
});
