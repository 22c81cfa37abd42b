import { describe, expect, it } from 'vitest';
import { collectionsPlanned, scheduleProblem } from './swag_plan';
import { effectiveRank } from '../bayes/posterior_stats';

describe('the SWAG collection plan', () => {
  it('counts collections per epoch or per N steps', () => {
    const m = { epochs: 16, swagStart: 4, batch: 32, collectEverySteps: 0 };
    expect(collectionsPlanned(m, 1000)).toEqual({ stepsPerEpoch: 32, swagSteps: 384, collectEvery: 32, collections: 12 });
    expect(collectionsPlanned({ ...m, collectEverySteps: 10 }, 1000).collections).toBe(38);
  });
  it('refuses, with the numbers, a schedule that collects fewer than 2 models or fewer than K', () => {
    expect(scheduleProblem({ epochs: 4, swagStart: 3, batch: 32, collectEverySteps: 0 }, 100, 0)).toMatch(
      /makes 1 collection: a SWAG posterior needs at least 2/,
    );
    expect(scheduleProblem({ epochs: 8, swagStart: 4, batch: 32, collectEverySteps: 0 }, 100, 10)).toMatch(/4 collections: fewer than K = 10/);
    expect(scheduleProblem({ epochs: 16, swagStart: 4, batch: 32, collectEverySteps: 0 }, 1000, 10)).toBeNull();
  });
});

describe('effectiveRank', () => {
  it('is the exponential of the spectral entropy', () => {
    expect(effectiveRank([1, 1, 1, 1])).toBeCloseTo(4, 12);
    expect(effectiveRank([5, 0, 0])).toBeCloseTo(1, 12);
    expect(effectiveRank([])).toBe(0);
    expect(effectiveRank([3, 1])).toBeCloseTo(Math.exp(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25))), 12);
  });
});
