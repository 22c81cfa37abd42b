// Checkpoint → restore → continue on the CPU backend: a run whose backend "dies" mid-training (a
// device-lost error thrown between two steps, as a lost GPU raises it) resumes on a fresh backend
// from its last checkpoint and must give the uninterrupted run's trajectory bit for bit: the same
// step count, losses, validation history, SWAG posterior, adapters and test probabilities.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CpuBackend } from '../engine/cpu/backend';
import { GpuError } from '../gpu/errors';
import { loadModel } from '../model/loader';
import { nodeDirSource } from '../model/node_dir_source';
import { methodDefaults } from '../methods/settings';
import type { MethodConfig } from '../methods/config';
import type { ModelBundle, RunHooks } from '../methods/common/types';
import type { RunHistory } from '../methods/common/train_checkpoint';
import type { DatasetPayload, RunResult } from './protocol';
import { runMethod, tokenizeDataset } from './run_method';
import type { BackendRecovery } from './resume_run';

const TINY = join(__dirname, '..', 'model', '__fixtures__', 'tiny-bert');
const rows = (n: number, off: number) =>
  Array.from({ length: n }, (_, i) => ({
    text: `${(i + off) % 2 ? 'hello' : 'world'} the ${['cafe', 'play', 'is'][(i * 7 + off) % 3]}`,
    label: (i + off) % 2,
  }));
const ds: DatasetPayload = { id: 'kw', name: 'kw', labelNames: ['a', 'b'], train: rows(40, 0), validation: rows(8, 1), test: rows(12, 2), ood: [] };

interface Recorded {
  result: RunResult;
  history: RunHistory;
  steps: number[];
}

/** Runs `method`; with `faultAfter`, the first attempt fails with a device loss once that many steps are done. */
async function run(model: ModelBundle, method: MethodConfig, faultAfter?: number, every = 3): Promise<Recorded> {
  const data = tokenizeDataset(model, ds, 12);
  let history: RunHistory = { loss: [], evals: [] };
  const steps: number[] = [];
  let done = 0;
  let faulted = faultAfter === undefined;
  const hooks: RunHooks = {
    progress: (e) => {
      if (e.phase !== 'map' && e.phase !== 'swag') return;
      history.loss.push({ step: e.step, loss: e.loss });
      steps.push(e.step);
      done = e.step;
    },
    evaluated: (e) => history.evals.push({ ...e }),
    checkpoint: async () => {
      if (!faulted && done === faultAfter) {
        faulted = true;
        throw new GpuError('device-lost', 'GPU device lost (destroyed): test fault');
      }
    },
    resumed: (e) => {
      history = { loss: [...e.history.loss], evals: [...e.history.evals] };
    },
  };
  const recovery: BackendRecovery = { replace: async () => ({ be: new CpuBackend(), label: 'a fresh CPU backend' }) };
  const result = await runMethod(
    new CpuBackend(),
    model,
    data,
    'r',
    method,
    { maxLength: 12, evalEverySteps: 2, checkpointEverySteps: every },
    hooks,
    recovery,
  );
  return { result, history, steps };
}

const tensor = (r: RunResult, name: string) => r.adapters.find((t) => t.name === name)!.data;

function expectSameRun(a: Recorded, b: Recorded) {
  expect(b.history).toEqual(a.history);
  expect(Array.from(b.result.test.probs)).toEqual(Array.from(a.result.test.probs));
  expect(Array.from(b.result.test.mutualInfo)).toEqual(Array.from(a.result.test.mutualInfo));
  expect(b.result.adapters.map((t) => t.name)).toEqual(a.result.adapters.map((t) => t.name));
  for (const t of a.result.adapters) expect(Array.from(tensor(b.result, t.name)), t.name).toEqual(Array.from(t.data));
}

describe('a run resumed from a checkpoint after a lost backend', () => {
  const base = { r: 2, epochs: 3, batch: 8, dropout: 0.1, lrAdapter: 2e-2, lrHead: 2e-2 };

  it('B-LoRA-XS: the same trajectory, posterior and predictions as the uninterrupted run (bitwise)', async () => {
    const model = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
    const method = { ...methodDefaults('b-lora-xs'), ...base, swagStart: 1, swagAnnealEpochs: 1, swagLr: 2e-2, K: 3, S: 3, collectEverySteps: 1 };
    const plain = await run(model, method);
    const resumed = await run(model, method, 8);
    expect(plain.steps.at(-1)).toBe(15);
    expect(plain.result.resumes).toBeUndefined();
    // Steps 7 and 8 ran twice (after the step-6 checkpoint); the run still ends at step 15.
    expect(resumed.steps.at(-1)).toBe(15);
    expect(resumed.steps.filter((s) => s === 7)).toHaveLength(2);
    expect(resumed.result.resumes).toEqual([expect.objectContaining({ lostAtStep: 8, fromStep: 6, backend: 'a fresh CPU backend' })]);
    expect(resumed.result.note).toContain('resumed from its checkpoint at step 6 on a fresh CPU backend');
    expectSameRun(plain, resumed);
    expect(tensor(resumed.result, 'swag.n')[0]).toBe(tensor(plain.result, 'swag.n')[0]);
  });

  it('an ensemble lost in its second member resumes there, keeping the first member trained', async () => {
    const model = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
    const method = { ...methodDefaults('ensemble'), ...base, M: 2, epochs: 2 };
    const plain = await run(model, method);
    expect(plain.steps).toHaveLength(20);
    // Member 2's step 4 (after member 1's 10 steps): resumes from member 2's step-3 checkpoint.
    const faulted = await runFaultInMember(model, method);
    expect(faulted.result.resumes?.[0]).toEqual(expect.objectContaining({ fromStep: 3 }));
    expect(faulted.result.note).toContain('of training loop 2');
    expect(faulted.steps).toHaveLength(21); // member 2's step 4 ran twice, nothing of member 1 again
    expectSameRun(plain, faulted);
  });

  it('a loss before the first checkpoint starts again from step 0', async () => {
    const model = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
    const method = { ...methodDefaults('lora-xs'), ...base };
    const plain = await run(model, method, undefined, 50);
    const resumed = await run(model, method, 2, 50);
    expect(resumed.result.note).toContain('from the start');
    expectSameRun(plain, resumed);
  });
});

/** The ensemble's second member fails at its step 4 (both members count steps from 1). */
async function runFaultInMember(model: ModelBundle, method: MethodConfig): Promise<Recorded> {
  const data = tokenizeDataset(model, ds, 12);
  let history: RunHistory = { loss: [], evals: [] };
  const steps: number[] = [];
  let reported = 0;
  let faulted = false;
  const hooks: RunHooks = {
    progress: (e) => {
      if (e.phase !== 'map' && e.phase !== 'swag') return;
      history.loss.push({ step: e.step, loss: e.loss });
      steps.push(e.step);
      reported++;
    },
    evaluated: (e) => history.evals.push({ ...e }),
    checkpoint: async () => {
      if (!faulted && reported === 14) {
        faulted = true;
        throw new GpuError('device-lost', 'GPU device lost: test fault');
      }
    },
    resumed: (e) => {
      history = { loss: [...e.history.loss], evals: [...e.history.evals] };
    },
  };
  const recovery: BackendRecovery = { replace: async () => ({ be: new CpuBackend(), label: 'a fresh CPU backend' }) };
  const result = await runMethod(new CpuBackend(), model, data, 'r', method, { maxLength: 12, evalEverySteps: 2, checkpointEverySteps: 3 }, hooks, recovery);
  return { result, history, steps };
}
