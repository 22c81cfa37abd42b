// The worker posts a run's progress at most every `intervalMs` (plus the first event, every change of
// phase or of what is counted, and the last step of a phase): a small model takes thousands of steps
// a second, and one message per step floods the page's main thread (rendering, storage callbacks).
import type { ProgressEvent } from '../methods/run_types';

type Progress = Omit<ProgressEvent, 'type' | 'runId'>;

export function throttleRunProgress(send: (e: Progress) => void, intervalMs = 100, now: () => number = () => performance.now()): (e: Progress) => void {
  let last = Number.NEGATIVE_INFINITY;
  let lastKey = '';
  return (e) => {
    const key = `${e.phase}|${e.what ?? ''}`;
    const t = now();
    if (key !== lastKey || e.step >= e.totalSteps || t - last >= intervalMs) {
      last = t;
      lastKey = key;
      send(e);
    }
  };
}
