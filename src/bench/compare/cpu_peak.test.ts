import { describe, expect, it } from 'vitest';
import { cpuPeak } from './cpu_peak';

const ZEN3 = `processor\t: 0\nmodel name\t: AMD EPYC 7B13\ncpu MHz\t\t: 2450.000\nflags\t\t: fpu sse sse2 avx fma avx2 bmi2\n`;

describe('cpuPeak', () => {
  it('AVX2 + FMA: 32 flops per cycle natively, 16 for WebAssembly SIMD128', () => {
    const p = cpuPeak(ZEN3);
    expect(p.model).toBe('AMD EPYC 7B13');
    expect(p.isa).toBe('avx2+fma');
    expect(p.nativeGflopsPerCore).toBeCloseTo(78.4, 5);
    expect(p.wasmGflopsPerCore).toBeCloseTo(39.2, 5);
  });
  it('AVX-512 doubles the native peak; without FMA it is SSE-like', () => {
    expect(cpuPeak(ZEN3.replace('avx2', 'avx2 avx512f')).nativeGflopsPerCore).toBeCloseTo(156.8, 5);
    expect(cpuPeak(ZEN3.replace(' fma', '')).isa).toBe('sse');
  });
});
