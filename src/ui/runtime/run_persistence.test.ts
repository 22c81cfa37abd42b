// Runs survive a reload: what the lab holds is written to IndexedDB (fake-indexeddb here) as it
// changes and read back by the next page; unfinished runs come back as interrupted; deleting a run
// deletes its record; a browser without IndexedDB keeps working and says why.
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { methodDefaults } from '../../methods/settings';
import type { RunResult } from '../../train/protocol';
import { useLab } from './lab_store';
import { openRunStore } from '../../state/run_store';
import { LAB_RUNS_DB, startRunPersistence } from './run_persistence';
import type { PersistedRun } from './persisted_run';

const method = methodDefaults('lora-xs', 'a');
const result = (runId: string): RunResult => ({
  runId,
  method,
  nClasses: 2,
  trainableParams: 512,
  posteriorParams: 0,
  wallSeconds: 3.5,
  test: { probs: Float32Array.of(0.2, 0.8, 0.6, 0.4), labels: Int32Array.of(1, 0) } as unknown as RunResult['test'],
  adapters: [{ name: 'x.lora_R', shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) }],
});

describe('run persistence', () => {
  let factory: IDBFactory;
  beforeEach(() => {
    factory = new IDBFactory();
    useLab.getState().clearRuns();
  });

  it('a finished run comes back after a reload with its results, curves and data set; a running one as interrupted', async () => {
    const p = await startRunPersistence({ factory });
    const lab = useLab.getState();
    lab.queueRun('r1', method, { dataset: 'my reviews.csv', modelId: 'blora-tiny-uncased' });
    lab.queueRun('r2', { ...method, seed: 7 });
    lab.handle({
      type: 'progress',
      runId: 'r1',
      phase: 'train',
      step: 1,
      totalSteps: 2,
      epoch: 0,
      loss: 0.7,
      lr: 1e-3,
      etaSec: 1,
      examplesPerSec: 10,
    } as never);
    lab.handle({ type: 'eval', runId: 'r1', step: 2, split: 'validation', loss: 0.6, accuracy: 0.7, ece: 0.05, nll: 0.6 });
    lab.handle({ type: 'done', result: result('r1') });
    lab.handle({
      type: 'progress',
      runId: 'r2',
      phase: 'train',
      step: 1,
      totalSteps: 9,
      epoch: 0,
      loss: 0.9,
      lr: 1e-3,
      etaSec: 9,
      examplesPerSec: 10,
    } as never);
    await p.flushed();
    // What was stored is marked, so the page can say a run is saved.
    expect(useLab.getState().runs.r1.savedStatus).toBe('done');
    expect(useLab.getState().runs.r2.savedStatus).toBe('running');
    p.stop();

    useLab.getState().clearRuns(); // the reload
    const again = await startRunPersistence({ factory });
    const s = useLab.getState();
    expect(s.order).toEqual(['r1', 'r2']);
    const r1 = s.runs.r1;
    expect(r1.status).toBe('done');
    expect(r1.dataset).toBe('my reviews.csv');
    expect(r1.modelId).toBe('blora-tiny-uncased');
    expect(r1.evals).toHaveLength(1);
    expect(r1.loss.length).toBeGreaterThan(0);
    expect(r1.result!.test.probs).toBeInstanceOf(Float32Array);
    expect(Array.from(r1.result!.adapters[0].data)).toEqual([1, 2, 3, 4]);
    expect(s.runs.r2.status).toBe('interrupted');
    expect(s.runs.r2.error).toMatch(/Interrupted/);
    again.stop();
  });

  it('deleting a run removes it from storage', async () => {
    const p = await startRunPersistence({ factory });
    useLab.getState().queueRun('r1', method);
    useLab.getState().handle({ type: 'done', result: result('r1') });
    await p.flushed();
    useLab.getState().deleteRun('r1');
    await p.flushed();
    p.stop();
    useLab.getState().clearRuns();
    const again = await startRunPersistence({ factory });
    expect(useLab.getState().order).toEqual([]);
    again.stop();
  });

  it('a rename is stored and survives a reload; a blank name restores the default label', async () => {
    const p = await startRunPersistence({ factory });
    useLab.getState().queueRun('r1', method, { dataset: 'sst2' });
    useLab.getState().handle({ type: 'done', result: result('r1') });
    await p.flushed();
    useLab.getState().renameRun('r1', '  rank 2, long schedule ');
    await p.flushed();
    p.stop();
    useLab.getState().clearRuns();
    const again = await startRunPersistence({ factory });
    expect(useLab.getState().runs.r1.name).toBe('rank 2, long schedule');
    useLab.getState().renameRun('r1', '   ');
    expect(useLab.getState().runs.r1.name).toBeUndefined();
    await again.flushed();
    again.stop();
    useLab.getState().clearRuns();
    const third = await startRunPersistence({ factory });
    expect(useLab.getState().runs.r1.name).toBeUndefined();
    third.stop();
  });

  it('a run stored before names, data sets and models were recorded still loads', async () => {
    const store = await openRunStore<PersistedRun>({ factory, name: LAB_RUNS_DB });
    const old = { id: 'old', createdAt: 5, method, status: 'done', loss: [], evals: [], result: result('old') } as PersistedRun;
    await store.saveRun(old);
    store.close();
    const p = await startRunPersistence({ factory });
    const r = useLab.getState().runs.old;
    expect(r.status).toBe('done');
    expect(r.name).toBeUndefined();
    expect(r.dataset).toBeUndefined();
    p.stop();
  });

  it('records from other versions: missing new settings take defaults; unusable ones are listed as unreadable', async () => {
    const store = await openRunStore<PersistedRun>({ factory, name: LAB_RUNS_DB });
    const { warmupFraction: _, ...olderMethod } = method;
    await store.saveRun({
      id: 'older',
      createdAt: 1,
      method: olderMethod,
      status: 'done',
      loss: [],
      evals: [],
      result: result('older'),
    } as unknown as PersistedRun);
    await store.saveRun({
      id: 'alien',
      createdAt: 2,
      method: { ...method, kind: 'telepathy' },
      status: 'done',
      loss: [],
      evals: [],
    } as unknown as PersistedRun);
    await store.saveRun({
      id: 'torn',
      createdAt: 3,
      method,
      status: 'done',
      loss: [],
      evals: [],
      result: { nClasses: 2, test: { probs: [0.5] } },
    } as unknown as PersistedRun);
    await store.saveRun({ id: 'odd', createdAt: 4, method, status: 'exploded', loss: 'x', evals: [] } as unknown as PersistedRun);
    store.close();
    const p = await startRunPersistence({ factory });
    const runs = useLab.getState().runs;
    expect(runs.older.status).toBe('done');
    expect(runs.older.method.warmupFraction).toBe(methodDefaults('lora-xs').warmupFraction);
    expect(runs.alien).toMatchObject({ status: 'error' });
    expect(runs.alien.error).toContain('its method is not one this page knows');
    expect(runs.torn.error).toContain('its test predictions are missing');
    expect(runs.odd.error).toContain('its status "exploded" is unknown');
    // An unreadable record can be deleted like any finished run.
    useLab.getState().deleteRun('alien');
    await p.flushed();
    p.stop();
    useLab.getState().clearRuns();
    const again = await startRunPersistence({ factory });
    expect(useLab.getState().runs.alien).toBeUndefined();
    again.stop();
  });

  it('without IndexedDB the lab keeps its runs in memory and says why', async () => {
    const messages: string[] = [];
    const broken = {
      open: () => {
        throw new Error('blocked by the browser');
      },
    } as unknown as IDBFactory;
    const p = await startRunPersistence({ factory: broken, onError: (m) => messages.push(m) });
    expect(p.error).toMatch(/cannot be saved.*blocked by the browser/);
    expect(messages).toHaveLength(1);
    useLab.getState().queueRun('r1', method);
    expect(useLab.getState().order).toEqual(['r1']);
  });
});
