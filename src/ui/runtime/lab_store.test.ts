import { beforeEach, describe, expect, it } from 'vitest';
import type { MethodConfig } from '../../methods/config';
import { useLab } from './lab_store';

const method = { id: 'a', kind: 'lora-xs' } as MethodConfig;

describe('lab runtime store', () => {
  beforeEach(() => useLab.getState().clearRuns());

  it('tracks a run from queued through progress, eval and done', () => {
    const s = useLab.getState();
    s.queueRun('r1', method);
    expect(useLab.getState().runs.r1.status).toBe('queued');
    s.handle({ type: 'progress', runId: 'r1', step: 1, totalSteps: 4, epoch: 0, loss: 0.7, lr: 1e-3, examplesPerSec: 10, etaSec: 3, phase: 'map' });
    s.handle({ type: 'progress', runId: 'r1', step: 2, totalSteps: 4, epoch: 0, loss: 0.6, lr: 1e-3, examplesPerSec: 10, etaSec: 2, phase: 'map' });
    s.handle({ type: 'eval', runId: 'r1', step: 2, split: 'validation', loss: 0.65, accuracy: 0.6, ece: 0.1, nll: 0.65 });
    let r = useLab.getState().runs.r1;
    expect(r.status).toBe('running');
    expect(r.loss.map((p) => p.loss)).toEqual([0.7, 0.6]);
    expect(r.evals).toHaveLength(1);
    expect(r.progress?.etaSec).toBe(2);
    s.handle({ type: 'done', result: { runId: 'r1' } as never });
    r = useLab.getState().runs.r1;
    expect(r.status).toBe('done');
    expect(r.result?.runId).toBe('r1');
  });

  it('a resumed run goes back to its checkpoint: the curves are cut there, the note and the new backend are shown', () => {
    const s = useLab.getState();
    s.queueRun('r4', method);
    for (const step of [1, 2, 3])
      s.handle({ type: 'progress', runId: 'r4', step, totalSteps: 6, epoch: 0, loss: 1 / step, lr: 1e-3, examplesPerSec: 1, etaSec: 1, phase: 'map' });
    s.handle({ type: 'eval', runId: 'r4', step: 3, split: 'validation', loss: 0.5, accuracy: 0.5, ece: 0.1, nll: 0.5 });
    const backend = { kind: 'webgpu' as const };
    s.handle({
      type: 'resumed',
      runId: 'r4',
      note: 'resumed at step 2',
      step: 2,
      backend,
      loss: [
        { step: 1, loss: 1 },
        { step: 2, loss: 0.5 },
      ],
      evals: [],
    });
    const r = useLab.getState().runs.r4;
    expect(r.loss.map((p) => p.step)).toEqual([1, 2]);
    expect(r.evals).toEqual([]);
    expect(r.resumes).toEqual(['resumed at step 2']);
    expect(useLab.getState().backend).toBe(backend);
  });

  it('adds loss points for optimizer steps only, not for tokenizing or prediction progress', () => {
    const s = useLab.getState();
    s.queueRun('r3', method);
    const base = { type: 'progress', runId: 'r3', epoch: 0, lr: 0, examplesPerSec: 0, etaSec: 1 } as const;
    s.handle({ ...base, step: 100, totalSteps: 200, loss: Number.NaN, phase: 'prepare', what: 'tokenizing', unit: 'examples' });
    s.handle({ ...base, step: 1, totalSteps: 8, loss: 0.7, phase: 'map' });
    s.handle({ ...base, step: 8, totalSteps: 8, loss: 0.5, phase: 'swag' });
    s.handle({ ...base, step: 60, totalSteps: 120, loss: Number.NaN, phase: 'predict', what: 'predicting' });
    const r = useLab.getState().runs.r3;
    expect(r.loss).toEqual([
      { step: 1, loss: 0.7 },
      { step: 8, loss: 0.5 },
    ]);
    expect(r.progress?.phase).toBe('predict');
  });

  it('keeps a paused run paused while late progress arrives, and records errors', () => {
    const s = useLab.getState();
    s.queueRun('r2', method);
    s.setStatus('r2', 'paused');
    s.handle({ type: 'progress', runId: 'r2', step: 1, totalSteps: 4, epoch: 0, loss: 1, lr: 0, examplesPerSec: 1, etaSec: 1, phase: 'map' });
    expect(useLab.getState().runs.r2.status).toBe('paused');
    s.handle({ type: 'error', runId: 'r2', code: 'OOM', message: 'out of memory', recoverable: false });
    expect(useLab.getState().runs.r2).toMatchObject({ status: 'error', error: 'out of memory (OOM)' });
    s.handle({ type: 'error', code: 'NO_MODEL', message: 'model failed', recoverable: true });
    expect(useLab.getState().workerError).toBe('model failed (NO_MODEL)');
  });

  it('ignores messages for unknown runs', () => {
    useLab.getState().handle({ type: 'cancelled', runId: 'nope' });
    expect(useLab.getState().runs).toEqual({});
  });
});
