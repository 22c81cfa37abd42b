// The page's side of going on after a reload (fake-indexeddb): a queued run's data set and the
// worker's checkpoints are kept with the run and read back whole by the next page load; a checkpoint
// is used only when complete and taken with the run's settings and data set; a write that fails
// leaves the previous checkpoint and record whole; a run that cannot go on says why.
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { methodDefaults } from '../../methods/settings';
import { openRunStore } from '../../state/run_store';
import { TrainCheckpoints } from '../../methods/common/train_checkpoint';
import type { DatasetPayload, RunCheckpoint, TrainOptions } from '../../train/protocol';
import { datasetHash, settingsHash } from '../../train/run_identity';
import { useLab, type RunInputs } from '../runtime/lab_store';
import { WAITING_TO_RESUME, type PersistedRun } from '../runtime/persisted_run';
import { LAB_RUNS_DB, startRunPersistence, type RunPersistence } from '../runtime/run_persistence';
import { prepareReload } from './restore_runs';

const method = methodDefaults('lora-xs', 'a');
const options: TrainOptions = { maxLength: 16, evalEverySteps: 2, checkpointEverySteps: 2 };
const dataset: DatasetPayload = {
  id: 'd',
  name: 'reviews.csv',
  labelNames: ['neg', 'pos'],
  train: [
    { text: 'good', label: 1 },
    { text: 'bad', label: 0 },
  ],
  validation: [],
  test: [{ text: 'fine', label: 1 }],
  ood: [],
};
const inputs: RunInputs = { options, datasetHash: datasetHash(dataset), sizes: { train: 2, validation: 0, test: 1, ood: 0 } };

/** A real checkpoint state: one loop at step 4, adapters, head, AdamW moments. */
function checkpointAt(step: number): RunCheckpoint {
  const c = new TrainCheckpoints(2);
  c.claim();
  const snap = { theta: Float32Array.of(1, 2, 3, 4), head: [Float32Array.of(0.5, -0.5)] };
  for (let s = 1; s <= step; s++)
    c.recording({ progress: () => undefined, checkpoint: async () => undefined }).progress({ phase: 'map', step: s, loss: 1 / s } as never);
  c.put(0, {
    step,
    params: snap,
    optimizer: { step, m: [Float32Array.of(0.1, 0.2)], v: [Float32Array.of(0.3, 0.4)] },
    lastGood: snap,
    candidate: null,
    best: null,
    sinceBest: 0,
  });
  return { runId: 'r1', step, settingsHash: settingsHash(method, options), datasetHash: inputs.datasetHash, modelHash: 'm', state: c.toStored()! };
}

/** A page load: the runs read back, and the persistence to hand to prepareReload. */
async function reload(factory: IDBFactory, previous?: RunPersistence): Promise<RunPersistence> {
  await previous?.flushed();
  previous?.stop();
  useLab.getState().clearRuns();
  return startRunPersistence({ factory });
}

describe('going on after a reload', () => {
  let factory: IDBFactory;
  beforeEach(() => {
    factory = new IDBFactory();
    useLab.getState().clearRuns();
  });

  async function trainingRun(): Promise<RunPersistence> {
    const p = await startRunPersistence({ factory });
    p.savePayload(inputs.datasetHash, dataset);
    useLab.getState().queueRun('r1', method, { dataset: 'reviews.csv', modelId: 'tiny', inputs });
    useLab.getState().queueRun('r2', { ...method, seed: 2 }, { dataset: 'reviews.csv', modelId: 'tiny', inputs });
    useLab.getState().setStatus('r1', 'running');
    for (let s = 1; s <= 5; s++) useLab.getState().handle({ type: 'progress', runId: 'r1', phase: 'map', step: s, loss: 1 / s } as never);
    p.saveCheckpoint(checkpointAt(4));
    return p;
  }

  it('the checkpoint and data set come back whole; a training run goes on from it, a queued one starts', async () => {
    const p = await reload(factory, await trainingRun());
    const r1 = useLab.getState().runs.r1;
    expect(r1).toMatchObject({ status: 'interrupted', error: WAITING_TO_RESUME, savedStatus: 'running', inputs });
    const go = await prepareReload(r1, 'tiny', p);
    if ('problem' in go) throw new Error(go.problem);
    expect(go.dataset).toEqual(dataset);
    expect(go.options).toEqual(options);
    expect(go.reloaded?.reason).toBe('the page was reloaded');
    const state = go.reloaded!.checkpoint!.state;
    expect(state.slots[0].optimizer!.m[0]).toEqual(Float32Array.of(0.1, 0.2));
    expect(state.history.loss.map((x) => x.step)).toEqual([1, 2, 3, 4]);
    expect(() => TrainCheckpoints.fromStored(state)).not.toThrow();
    // The queued run had not started: no checkpoint, no note, it simply starts.
    const r2 = await prepareReload(useLab.getState().runs[useLab.getState().order[1]], 'tiny', p);
    expect(r2).toEqual({ dataset, options });
    p.stop();
  });

  it('a checkpoint that is partial, or taken with other settings or data, is refused with the reason', async () => {
    const p = await trainingRun();
    await p.flushed();
    p.stop();
    const store = await openRunStore<PersistedRun>({ factory, name: LAB_RUNS_DB });
    const run = (await store.getRun('r1'))!;
    const torn = checkpointAt(4);
    torn.state.slots[0].optimizer!.v = [];
    await store.saveCheckpoint(run, torn);
    store.close();
    let q = await reload(factory);
    expect(await prepareReload(useLab.getState().runs.r1, 'tiny', q)).toEqual({
      problem: expect.stringMatching(
        /its checkpoint is incomplete or damaged \(the checkpoint of training loop 1 is incomplete: its optimizer state is missing\)/,
      ),
    });
    const other = await openRunStore<PersistedRun>({ factory, name: LAB_RUNS_DB });
    await other.saveCheckpoint(run, { ...checkpointAt(4), settingsHash: settingsHash({ ...method, r: method.r + 1 }, options) });
    other.close();
    q = await reload(factory, q);
    expect(await prepareReload(useLab.getState().runs.r1, 'tiny', q)).toEqual({ problem: 'its checkpoint was taken with other settings than the run has' });
    // Another model loaded now than the run trains on.
    expect(await prepareReload(useLab.getState().runs.r1, 'bert-base-uncased', q)).toEqual({
      problem: 'it trains on the model tiny, and the page has loaded bert-base-uncased',
    });
    q.stop();
  });

  it('a write that fails keeps the previous checkpoint and run record whole (one transaction)', async () => {
    const p = await trainingRun();
    await p.flushed();
    p.stop();
    const store = await openRunStore<PersistedRun>({ factory, name: LAB_RUNS_DB });
    const run = (await store.getRun('r1'))!;
    const unstorable = { ...checkpointAt(6), state: { ...checkpointAt(6).state, oops: () => 0 } } as unknown as RunCheckpoint;
    await expect(store.saveCheckpoint({ ...run, loss: [] }, unstorable)).rejects.toThrow();
    expect(((await store.loadCheckpoint('r1')) as RunCheckpoint).step).toBe(4);
    expect((await store.getRun('r1'))!.loss).toHaveLength(5);
    store.close();
  });

  it('a run whose checkpoint is missing starts again, saying why; one whose data set is gone or damaged says why and keeps its curve', async () => {
    const p = await trainingRun();
    await p.flushed();
    p.stop();
    const store = await openRunStore<PersistedRun>({ factory, name: LAB_RUNS_DB });
    await store.deleteCheckpoint('r1');
    store.close();
    let q = await reload(factory);
    // A missing checkpoint: the run starts again from step 0 (seeded, so it ends the same), and its note says why.
    expect(await prepareReload(useLab.getState().runs.r1, 'tiny', q)).toEqual({
      dataset,
      options,
      reloaded: { reason: 'the page was reloaded', noCheckpoint: 'its checkpoint was not stored: the page closed at step 5, before a checkpoint was written' },
    });
    const damaged = await openRunStore<PersistedRun>({ factory, name: LAB_RUNS_DB });
    await damaged.savePayload(inputs.datasetHash, { ...dataset, train: dataset.train.slice(1) });
    damaged.close();
    q = await reload(factory, q);
    expect(await prepareReload(useLab.getState().runs.r1, 'tiny', q)).toEqual({
      problem: 'its stored data set ("reviews.csv") is damaged: its content does not match the hash it was saved under',
    });
    await q.flushed();
    q.stop();
    const gone = await openRunStore<PersistedRun>({ factory, name: LAB_RUNS_DB });
    await gone.prunePayloads(new Set());
    gone.close();
    q = await reload(factory);
    expect(await prepareReload(useLab.getState().runs.r1, 'tiny', q)).toEqual({ problem: 'its data set ("reviews.csv") is no longer stored in this browser' });
    // Refused: it stays interrupted saying why, with its curve and settings, and is stored that way.
    useLab.getState().requeue('r1', 'its data set ("reviews.csv") is no longer stored in this browser');
    q = await reload(factory, q);
    const r1 = useLab.getState().runs.r1;
    expect(r1.status).toBe('interrupted');
    expect(r1.error).toMatch(/cannot resume because its data set \("reviews.csv"\) is no longer stored/);
    expect(r1.loss).toHaveLength(5);
    expect(r1.method).toEqual(method);
    q.stop();
  });
});
