import { describe, expect, it } from 'vitest';
import { CPU_QUICK_EXAMPLES, quickDefaults, quickDefaultsNote } from './quick_defaults';

describe('quickDefaults', () => {
  it('caps the examples and skips the K sweep on the CPU backend, and says why', () => {
    const cpu = { kind: 'cpu' as const, reason: 'WebGPU is not available' };
    expect(quickDefaults(cpu)).toEqual({ maxSteps: 0, maxExamples: CPU_QUICK_EXAMPLES, evalEverySteps: 0, kSweep: false, checkpointEverySteps: 50 });
    expect(quickDefaultsNote(cpu)).toMatch(/CPU \(WebGPU is not available\).*512 examples/);
  });
  it('runs everything on WebGPU and while the backend is unknown', () => {
    const gpu = { kind: 'webgpu' as const };
    expect(quickDefaults(gpu)).toEqual({ maxSteps: 0, maxExamples: 0, evalEverySteps: 0, kSweep: true, checkpointEverySteps: 50 });
    expect(quickDefaults(null).maxExamples).toBe(0);
    expect(quickDefaultsNote(gpu)).toBeNull();
  });
});
