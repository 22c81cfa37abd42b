import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../methods/run_types';
import { throttleRunProgress } from './progress_throttle';

const ev = (step: number, totalSteps: number, phase: ProgressEvent['phase'] = 'map', what?: string) => ({
  step,
  totalSteps,
  epoch: 0,
  loss: 1,
  lr: 0,
  examplesPerSec: 0,
  etaSec: 1,
  phase,
  what,
});

describe('throttleRunProgress', () => {
  it('passes the first event, one per interval, every phase change and the last step', () => {
    let t = 0;
    const sent: string[] = [];
    const p = throttleRunProgress(
      (e) => sent.push(`${e.phase}:${e.step}`),
      100,
      () => t,
    );
    for (let s = 1; s <= 1000; s++) {
      t += 1; // a step per millisecond
      p(ev(s, 1000));
    }
    p(ev(1, 10, 'predict', 'predicting'));
    p(ev(2, 10, 'predict', 'predicting'));
    expect(sent[0]).toBe('map:1');
    expect(sent).toContain('map:1000');
    expect(sent.filter((s) => s.startsWith('map')).length).toBe(11); // 1, 101, …, 901, 1000
    expect(sent.slice(-1)).toEqual(['predict:1']);
  });
});
