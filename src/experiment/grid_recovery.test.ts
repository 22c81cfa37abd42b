// The grid survives a lost backend: a backend that fails like a lost GPU device (GpuError
// 'device-lost') partway through a cell is replaced, that family, rank and seed is trained again
// from the start, the rows already given are not repeated, and every row equals the uninterrupted
// grid's (the CPU backend is deterministic); the rows measured after the loss say so.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Backend } from '../engine/backend';
import { CpuBackend } from '../engine/cpu/backend';
import { GpuError } from '../gpu/errors';
import { loadModel } from '../model/loader';
import { nodeDirSource } from '../model/node_dir_source';
import type { DatasetPayload } from '../data/payload';
import { runGrid, type GridConfig } from './grid';

const TINY = join(__dirname, '..', 'model', '__fixtures__', 'tiny-bert');
const WORDS = ['good', 'great', 'fine', 'bad', 'awful', 'poor', 'the', 'a', 'film', 'very'];
const rows = Array.from({ length: 40 }, (_, i) => ({ text: `${WORDS[(i * 7) % 6]} ${WORDS[6 + (i % 4)]}`, label: (i * 7) % 6 < 3 ? 1 : 0 }));
const ds: DatasetPayload = { id: 'toy', name: 'toy', labelNames: ['neg', 'pos'], train: rows, validation: rows.slice(0, 16), test: rows.slice(0, 20), ood: [] };
const grid: GridConfig = {
  ranks: [2],
  Ks: [2],
  cs: [0, 1],
  seeds: [0, 1],
  methods: ['lora-xs', 'b-lora-xs', 'temperature'],
  base: { epochs: 4, swagStart: 1, swagAnnealEpochs: 1, batch: 8, S: 3 },
  maxLength: 16,
  bins: [5],
};

/** A CPU backend whose `failAt`-th call of any method throws as a lost GPU device would; `counted.calls` counts them. */
function dying(failAt: number, counted = { calls: 0 }): Backend {
  return new Proxy(new CpuBackend(), {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver);
      if (typeof v !== 'function' || key === 'destroy') return v;
      return (...args: unknown[]) => {
        if (++counted.calls === failAt) throw new GpuError('device-lost', 'GPU device lost (destroyed): test');
        return v.apply(target, args);
      };
    },
  });
}

describe('runGrid with a lost backend', () => {
  it('trains the cell again on the replacement and gives the uninterrupted rows, once each', async () => {
    const m = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
    const model = { id: m.id, config: m.config, tokenizer: m.tokenizer, weights: m.weights };
    const counted = { calls: 0 };
    const clean = await runGrid(dying(0, counted), model, ds, grid, () => {});
    const replaced: string[] = [];
    const log: string[] = [];
    // Fails in the second seed (of two), after the first seed's rows are given.
    const lost = await runGrid(dying(Math.round(counted.calls * 0.7)), model, ds, grid, (l) => log.push(l), undefined, {
      async replace() {
        replaced.push('cpu');
        return { be: new CpuBackend(), label: 'the CPU backend (test)' };
      },
    });
    expect(replaced).toHaveLength(1);
    expect(
      log.some((l) => /seed=\d: the GPU device was lost \(GPU device lost \(destroyed\): test\); this family, rank and seed was trained again/.test(l)),
    ).toBe(true);
    expect(lost.map((r) => `${r.method}|${r.c}|${r.seed}`)).toEqual(clean.map((r) => `${r.method}|${r.c}|${r.seed}`));
    lost.forEach((r, i) => expect(r.testProbs).toEqual(clean[i].testProbs));
    const noted = lost.filter((r) => r.note);
    expect(noted.length).toBeGreaterThan(0);
    expect(noted.length).toBeLessThan(lost.length);
    expect(noted[0].note).toContain('on the CPU backend (test)');
  }, 240_000);

  it('without a recovery, the loss fails the grid', async () => {
    const m = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
    const model = { id: m.id, config: m.config, tokenizer: m.tokenizer, weights: m.weights };
    await expect(runGrid(dying(500), model, ds, grid, () => {})).rejects.toThrow('GPU device lost');
  }, 120_000);
});
