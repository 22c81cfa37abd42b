import { describe, expect, it } from 'vitest';
import { formatNumber } from './number_format';

describe('formatNumber', () => {
  it('keeps integers whole and rounds other values to 4 significant digits', () => {
    expect(formatNumber(8)).toBe('8');
    expect(formatNumber(0.6843927264213562)).toBe('0.6844');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(12.345678)).toBe('12.35');
    expect(formatNumber(-0.0123456)).toBe('-0.01235');
  });
  it('uses short exponents for tiny and huge magnitudes', () => {
    expect(formatNumber(1.234567e-7)).toBe('1.235e-7');
    expect(formatNumber(2e-5)).toBe('2e-5');
    expect(formatNumber(3.5e12)).toBe('3.5e+12');
  });
  it('names non-finite values and passes strings through', () => {
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatNumber('in-distribution')).toBe('in-distribution');
    expect(formatNumber(undefined)).toBe('');
  });
});
