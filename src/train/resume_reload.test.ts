// A run stopped by a page reload goes on from the checkpoint the page kept: the worker's checkpoint
// (toStored, structured-cloned as postMessage does) is written to IndexedDB (fake-indexeddb, the
// run store's own transaction), read back by a "new page", and a fresh backend continues the run
// from it. On the CPU backend the result must be the uninterrupted run's, bit for bit: the same
// history, SWAG posterior, adapters and test probabilities, with a note saying it resumed.
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CpuBackend } from '../engine/cpu/backend';
import { loadModel } from '../model/loader';
import { nodeDirSource } from '../model/node_dir_source';
import { methodDefaults } from '../methods/settings';
import type { MethodConfig } from '../methods/config';
import type { ModelBundle, RunHooks } from '../methods/common/types';
import { TrainCheckpoints, type RunHistory } from '../methods/common/train_checkpoint';
import type { StoredCheckpoints } from '../methods/common/checkpoint_codec';
import { openRunStore } from '../state/run_store';
import type { DatasetPayload, RunResult, TrainOptions } from './protocol';
import { runMethod, tokenizeDataset, type RunContinuation } from './run_method';
import { continuationFor } from './run_continuation';
import { datasetHash, modelFingerprint, settingsHash } from './run_identity';

const TINY = join(__dirname, '..', 'model', '__fixtures__', 'tiny-bert');
const rows = (n: number, off: number) =>
  Array.from({ length: n }, (_, i) => ({
    text: `${(i + off) % 2 ? 'hello' : 'world'} the ${['cafe', 'play', 'is'][(i * 7 + off) % 3]}`,
    label: (i + off) % 2,
  }));
const ds: DatasetPayload = { id: 'kw', name: 'kw', labelNames: ['a', 'b'], train: rows(40, 0), validation: rows(8, 1), test: rows(12, 2), ood: [] };
const options: TrainOptions = { maxLength: 12, evalEverySteps: 2, checkpointEverySteps: 3 };

class PageClosed extends Error {}

interface Recorded {
  result?: RunResult;
  history: RunHistory;
  /** What the worker posted at each checkpoint (a structured clone, as postMessage makes). */
  stored: StoredCheckpoints[];
}

/** Runs `method`; `closeAfter`: the page goes away once that many steps are reported (the run throws). */
async function run(model: ModelBundle, method: MethodConfig, o: { closeAfter?: number; continues?: RunContinuation } = {}): Promise<Recorded> {
  const data = tokenizeDataset(model, ds, options.maxLength);
  const rec: Recorded = { history: { loss: [], evals: [] }, stored: [] };
  let reported = 0;
  const hooks: RunHooks = {
    progress: (e) => {
      if (e.phase !== 'map' && e.phase !== 'swag') return;
      rec.history.loss.push({ step: e.step, loss: e.loss });
      reported++;
    },
    evaluated: (e) => rec.history.evals.push({ ...e }),
    checkpoint: async () => {
      if (reported === o.closeAfter) throw new PageClosed();
    },
    resumed: (e) => {
      rec.history = { loss: [...e.history.loss], evals: [...e.history.evals] };
    },
  };
  const onCheckpoint = (c: TrainCheckpoints) => rec.stored.push(structuredClone(c.toStored()!));
  try {
    rec.result = await runMethod(new CpuBackend(), model, data, 'r', method, options, hooks, undefined, { continues: o.continues, onCheckpoint });
  } catch (e) {
    if (!(e instanceof PageClosed)) throw e;
  }
  return rec;
}

/** The last checkpoint through IndexedDB: written with its run record in one transaction, read back after a "reload". */
async function throughIndexedDb(state: StoredCheckpoints): Promise<StoredCheckpoints> {
  const factory = new IDBFactory();
  const a = await openRunStore<{ id: string; createdAt: number }>({ factory, name: 'reload-test' });
  await a.saveCheckpoint({ id: 'r', createdAt: 1 }, { runId: 'r', state });
  a.close();
  const b = await openRunStore<{ id: string; createdAt: number }>({ factory, name: 'reload-test' });
  const back = (await b.loadCheckpoint('r')) as { state: StoredCheckpoints };
  b.close();
  return back.state;
}

const tensor = (r: RunResult, name: string) => r.adapters.find((t) => t.name === name)!.data;

function expectSameRun(a: Recorded, b: Recorded) {
  expect(b.history).toEqual(a.history);
  expect(Array.from(b.result!.test.probs)).toEqual(Array.from(a.result!.test.probs));
  expect(Array.from(b.result!.test.mutualInfo)).toEqual(Array.from(a.result!.test.mutualInfo));
  expect(b.result!.adapters.map((t) => t.name)).toEqual(a.result!.adapters.map((t) => t.name));
  for (const t of a.result!.adapters) expect(Array.from(tensor(b.result!, t.name)), t.name).toEqual(Array.from(t.data));
}

const reloaded = (checkpoints?: TrainCheckpoints): RunContinuation => ({ checkpoints, reason: 'the page was reloaded', backend: 'the CPU backend' });

describe('a run resumed from its stored checkpoint after a page reload', () => {
  const base = { r: 2, epochs: 3, batch: 8, dropout: 0.1, lrAdapter: 2e-2, lrHead: 2e-2 };

  it('B-LoRA-XS: the uninterrupted run’s history, posterior and predictions (bitwise), with a note', async () => {
    const model = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
    const method = { ...methodDefaults('b-lora-xs'), ...base, swagStart: 1, swagAnnealEpochs: 1, swagLr: 2e-2, K: 3, S: 3, collectEverySteps: 1 };
    const plain = await run(model, method);
    expect(plain.result!.resumes).toBeUndefined();
    // The page closes after step 8: the last checkpoint it kept is step 6's.
    const closed = await run(model, method, { closeAfter: 8 });
    expect(closed.result).toBeUndefined();
    const last = closed.stored.at(-1)!;
    expect(last.latest.step).toBe(6);
    expect(last.history.loss.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
    const state = await throughIndexedDb(last);
    expect(state.slots[0].swag?.mean).toBeInstanceOf(Float32Array);
    const resumed = await run(model, method, { continues: reloaded(TrainCheckpoints.fromStored(state)) });
    expect(resumed.history.loss.map((p) => p.step)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(resumed.result!.resumes).toEqual([expect.objectContaining({ fromStep: 6, reason: 'the page was reloaded' })]);
    expect(resumed.result!.note).toContain('resumed after the page was reloaded, from its checkpoint at step 6');
    expectSameRun(plain, resumed);
    expect(tensor(resumed.result!, 'swag.n')[0]).toBe(tensor(plain.result!, 'swag.n')[0]);
  });

  it('an ensemble stopped in its second member goes on there; a run with no checkpoint yet starts again', async () => {
    const model = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
    const method = { ...methodDefaults('ensemble'), ...base, M: 2, epochs: 2 };
    const plain = await run(model, method);
    // Member 2's step 4 (after member 1's 10 steps): its step-3 checkpoint, member 1 kept whole.
    const closed = await run(model, method, { closeAfter: 14 });
    const state = await throughIndexedDb(closed.stored.at(-1)!);
    expect(state.slots).toHaveLength(2);
    const resumed = await run(model, method, { continues: reloaded(TrainCheckpoints.fromStored(state)) });
    expect(resumed.result!.note).toContain('resumed after the page was reloaded, from its checkpoint at step 3 of training loop 2');
    expectSameRun(plain, resumed);
    const again = await run(model, method, { continues: reloaded() });
    expect(again.result!.note).toContain('resumed after the page was reloaded, from the start');
    expectSameRun(plain, again);
  });

  it('a partial checkpoint is refused with the reason', async () => {
    const model = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
    const closed = await run(
      model,
      { ...methodDefaults('b-lora-xs'), ...base, swagStart: 1, swagAnnealEpochs: 1, K: 3, collectEverySteps: 1 },
      { closeAfter: 8 },
    );
    const good = closed.stored.at(-1)!;
    const cut = structuredClone(good);
    cut.slots[0].optimizer!.v.pop();
    expect(() => TrainCheckpoints.fromStored(cut)).toThrow(/training loop 1 is incomplete: its optimizer state is missing/);
    const torn = structuredClone(good);
    torn.slots[0].swag!.deviations = torn.slots[0].swag!.deviations.subarray(1);
    expect(() => TrainCheckpoints.fromStored(torn)).toThrow(/SWAG posterior is unusable \(its moments or deviations are incomplete\)/);
    const headless = structuredClone(good);
    headless.slots[0].lastGood.head = [];
    expect(() => TrainCheckpoints.fromStored(headless)).toThrow(/last good state is unusable \(its head weights are incomplete\)/);
    expect(() => TrainCheckpoints.fromStored({ ...good, latest: { slot: 0, step: 3 } })).toThrow(/step does not match/);
    expect(() => TrainCheckpoints.fromStored(structuredClone(good))).not.toThrow();
  });

  it('the worker goes on only from a checkpoint taken with the run’s settings, data set and model', async () => {
    const model = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
    const method = { ...methodDefaults('lora-xs'), ...base };
    const closed = await run(model, method, { closeAfter: 4 });
    const identity = { settingsHash: settingsHash(method, options), datasetHash: datasetHash(ds), modelHash: modelFingerprint(model) };
    const checkpoint = { runId: 'r', step: 3, ...identity, state: closed.stored.at(-1)! };
    const reload = { reason: 'the page was reloaded', checkpoint };
    expect(continuationFor(reload, identity, 'the CPU backend').checkpoints?.toStored()?.latest).toEqual({ slot: 0, step: 3 });
    // The same architecture with one weight changed is another model.
    const weights = new Map(model.weights);
    const [name, t] = [...weights][3];
    const data = t.data.slice();
    data[0] += 1;
    weights.set(name, { ...t, data });
    const other = modelFingerprint({ ...model, weights });
    expect(other).not.toBe(identity.modelHash);
    expect(() => continuationFor(reload, { ...identity, modelHash: other }, 'x')).toThrow('its checkpoint was taken with another model than the run has now');
    expect(() => continuationFor(reload, { ...identity, settingsHash: settingsHash({ ...method, seed: 9 }, options) }, 'x')).toThrow(/another settings/);
    expect(() => continuationFor(reload, { ...identity, datasetHash: datasetHash({ ...ds, test: ds.test.slice(1) }) }, 'x')).toThrow(/another data set/);
    const torn = { ...reload, checkpoint: { ...checkpoint, state: { ...checkpoint.state, slots: [] } } };
    expect(() => continuationFor(torn, identity, 'x')).toThrow('its checkpoint is unusable: the checkpoint holds no training state');
  });
});
