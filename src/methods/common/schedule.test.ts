import { describe, expect, it } from 'vitest';
import { isCollectionStep, learningRateAt } from './schedule';

describe('learning-rate schedule', () => {
  const base = { peakLr: 1e-3, totalSteps: 100, warmupFraction: 0.06 };

  it('warms up linearly over 6 % of the steps, then decays linearly to zero', () => {
    expect(learningRateAt(base, 0)).toBeCloseTo(1e-3 / 6, 12);
    expect(learningRateAt(base, 5)).toBeCloseTo(1e-3, 12);
    // 94 decay steps: step 6 + 47 is half-way.
    expect(learningRateAt(base, 53)).toBeCloseTo(0.5e-3, 12);
    expect(learningRateAt(base, 100)).toBe(0);
  });

  it('anneals linearly from the SWAG start to swagLr, then stays constant', () => {
    const cfg = { ...base, swagStartStep: 53, annealSteps: 10, swagLr: 2e-3 };
    expect(learningRateAt(cfg, 52)).toBeCloseTo(learningRateAt(base, 52), 12);
    // first SWAG step: 1/10 of the way from 0.5e-3 to 2e-3
    expect(learningRateAt(cfg, 53)).toBeCloseTo(0.5e-3 + 0.1 * 1.5e-3, 12);
    expect(learningRateAt(cfg, 62)).toBeCloseTo(2e-3, 12);
    expect(learningRateAt(cfg, 90)).toBe(2e-3);
    expect(learningRateAt({ ...cfg, annealSteps: 0 }, 53)).toBe(2e-3);
  });

  it('collects every k steps from the SWAG start only', () => {
    const steps = Array.from({ length: 12 }, (_, s) => s).filter((s) => isCollectionStep(s, 4, 3));
    expect(steps).toEqual([6, 9]);
    expect(isCollectionStep(10, undefined, 1)).toBe(false);
  });
});
