import { describe, expect, it } from 'vitest';
import { formatTick } from './LineSeriesChart';

describe('formatTick', () => {
  it('uses exponents on log axes and for tiny or huge values', () => {
    expect(formatTick(3e-6, true)).toBe('3e-6');
    expect(formatTick(0.01, true)).toBe('1e-2');
    expect(formatTick(2e-4, false)).toBe('2e-4');
    expect(formatTick(250000, false)).toBe('3e+5');
  });
  it('keeps ordinary values short', () => {
    expect(formatTick(0.25, false)).toBe('0.25');
    expect(formatTick(0.123456, false)).toBe('0.12');
    expect(formatTick(1234, false)).toBe('1234');
    expect(formatTick(0, true)).toBe('0');
  });
});
