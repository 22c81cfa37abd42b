import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../train/protocol';
import { queueEtaSec } from './queue_eta';

const progress = (over: Partial<ProgressEvent>): ProgressEvent => ({
  type: 'progress',
  runId: 'a',
  step: 3,
  totalSteps: 10,
  epoch: 0,
  loss: 0.5,
  lr: 1e-3,
  examplesPerSec: 10,
  etaSec: 40,
  phase: 'map',
  ...over,
});

describe('queueEtaSec', () => {
  it("adds the queued runs' planned passes at the running run's measured rates to its own ETA", () => {
    const p = progress({ secPerPass: { train: 0.2, forward: 0.05 } });
    expect(queueEtaSec(p, [])).toBe(40);
    expect(queueEtaSec(p, [{ train: 100, forward: 400 }])).toBeCloseTo(40 + 20 + 20, 9);
    expect(
      queueEtaSec(p, [
        { train: 100, forward: 400 },
        { train: 10, forward: 0 },
      ]),
    ).toBeCloseTo(82, 9);
  });

  it('is unknown until the running run has measured both rates', () => {
    expect(queueEtaSec(null, [{ train: 1, forward: 1 }])).toBeNaN();
    expect(queueEtaSec(progress({}), [{ train: 1, forward: 1 }])).toBeNaN();
    expect(queueEtaSec(progress({ secPerPass: { train: 0, forward: 0 } }), [])).toBeNaN();
    expect(queueEtaSec(progress({ etaSec: Number.NaN, secPerPass: { train: 1, forward: 1 } }), [])).toBeNaN();
  });
});
