// IndexedDB persistence with fake-indexeddb: a fresh factory per test, reopened to mimic a reload.
import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { methodDefaults } from '../methods/settings';
import { openRunStore } from './run_store';
import type { MethodConfig } from '../methods/config';
import type { MethodSummary } from './types';

interface StoredRun {
  id: string;
  createdAt: number;
  method: MethodConfig;
  status: string;
  progress: number;
  history: Record<string, number>[];
  summary?: MethodSummary;
  error?: string;
}

// A stored run as the page's records look (any structured-clonable record with an id and a creation time).
function run(id: string, createdAt: number): StoredRun {
  return {
    id,
    method: { ...methodDefaults('b-lora-xs'), seed: createdAt },
    status: 'done',
    progress: 1,
    createdAt,
    history: [
      { step: 10, loss: 0.7, accuracy: 0.6 },
      { step: 20, loss: 0.5, ece: 0.04, nll: 0.45 },
    ],
    summary: {
      methodId: 'b-lora-xs',
      kind: 'b-lora-xs',
      seed: createdAt,
      accuracy: 0.8,
      nll: 0.4,
      ece: 0.05,
      brier: 0.3,
      mcc: 0.6,
      auroc: 0.7,
      bins: [
        { lo: 0, hi: 0.5, count: 3, acc: 0.4, conf: 0.45 },
        { lo: 0.5, hi: 1, count: 0, acc: 0, conf: 0 },
      ],
    },
  };
}

describe('run store (IndexedDB)', () => {
  it('runs and adapter weights survive closing and reopening the database', async () => {
    const factory = new IDBFactory();
    const a = await openRunStore<StoredRun>({ factory, name: 'blora-playground' });
    await a.saveRun(run('r2', 2000));
    await a.saveRun(run('r1', 1000));
    // A view into a larger buffer: only its own bytes must be stored.
    const big = new Float32Array([9, 9, 1.5, -2, 3.25, 4, 9]);
    await a.saveAdapters('r1', [
      { name: 'layer.0.query.R', shape: [2, 2], data: big.subarray(2, 6) },
      { name: 'head.bias', shape: [2], data: Float32Array.from([0.1, -0.1]) },
    ]);
    a.close();

    const b = await openRunStore<StoredRun>({ factory, name: 'blora-playground' });
    expect(await b.listRuns()).toEqual([run('r1', 1000), run('r2', 2000)]);
    expect(await b.getRun('r2')).toEqual(run('r2', 2000));
    expect(await b.getRun('nope')).toBeUndefined();
    const tensors = (await b.loadAdapters('r1'))!;
    expect(tensors.map((t) => t.name)).toEqual(['layer.0.query.R', 'head.bias']);
    expect(tensors[0].shape).toEqual([2, 2]);
    expect(Array.from(tensors[0].data)).toEqual([1.5, -2, 3.25, 4]);
    expect(tensors[0].data.buffer.byteLength).toBe(16);
    expect(Array.from(tensors[1].data)).toEqual([Math.fround(0.1), Math.fround(-0.1)]);
    expect(await b.loadAdapters('r2')).toBeUndefined();
    b.close();
  });

  it('saving a run again updates it; delete removes the run and its adapters; clear empties', async () => {
    const factory = new IDBFactory();
    const s = await openRunStore<StoredRun>({ factory, name: 'blora-playground' });
    await s.saveRun(run('r1', 1));
    await s.saveRun({ ...run('r1', 1), status: 'error', error: 'device lost' });
    expect((await s.listRuns()).map((r) => [r.id, r.status, r.error])).toEqual([['r1', 'error', 'device lost']]);
    await s.saveAdapters('r1', [{ name: 'R', shape: [1], data: Float32Array.from([1]) }]);
    await s.deleteRun('r1');
    expect(await s.getRun('r1')).toBeUndefined();
    expect(await s.loadAdapters('r1')).toBeUndefined();
    await s.saveRun(run('r3', 3));
    await s.clear();
    expect(await s.listRuns()).toEqual([]);
    s.close();
  });

  it('fails clearly without IndexedDB (Node has none)', async () => {
    expect(globalThis.indexedDB).toBeUndefined();
    await expect(openRunStore({ name: 'x' })).rejects.toThrow(/IndexedDB is not available/);
  });
});
