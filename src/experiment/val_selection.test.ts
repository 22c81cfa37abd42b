// Model selection over collections (the reference's best sampled validation accuracy): the kept
// posteriors are the running posterior after each collection, the choice is the first best, and
// the grid reports the selected cell beside the final one, compared with it in the report.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CpuBackend } from '../engine/cpu/backend';
import { loadModel } from '../model/loader';
import { nodeDirSource } from '../model/node_dir_source';
import type { DatasetPayload } from '../data/payload';
import { accuracy } from '../metrics';
import { methodDefaults } from '../methods/settings';
import { trainSwagTrajectory } from '../methods/trainers/swag';
import { releaseClassifier } from '../methods/common/build';
import { tokenizeDataset } from '../train/run_method';
import type { MethodContext } from '../methods/common/types';
import { predictorAt, selectByValidation, SELECTED_SUFFIX } from './val_selection';
import { runGrid } from './grid';
import { resultsReport } from './merge_report';

const TINY = join(__dirname, '..', 'model', '__fixtures__', 'tiny-bert');
const tiny = loadModel(nodeDirSource(TINY), { includeOnnx: false });
const WORDS = ['good', 'great', 'fine', 'bad', 'awful', 'poor', 'the', 'a', 'film', 'very'];

/** Short sentences whose label is whether a "positive" word comes first. */
function payload(n: number): DatasetPayload {
  const rows = Array.from({ length: n }, (_, i) => {
    const w = WORDS[(i * 7) % 6];
    return { text: `${w} ${WORDS[6 + (i % 4)]} ${WORDS[(i * 3) % 10]}`, label: (i * 7) % 6 < 3 ? 1 : 0 };
  });
  return { id: 'toy', name: 'toy', labelNames: ['neg', 'pos'], train: rows, validation: rows.slice(0, 24), test: rows.slice(0, 30), ood: [] };
}

const schedule = { epochs: 5, swagStart: 1, swagAnnealEpochs: 1, batch: 8, S: 3, K: 3, c: 1 };

async function context(): Promise<MethodContext> {
  const m = await tiny;
  const model = { id: m.id, config: m.config, tokenizer: m.tokenizer, weights: m.weights };
  return {
    be: new CpuBackend(),
    model,
    data: tokenizeDataset(model, payload(48), 16),
    method: { ...methodDefaults('b-lora-xs'), ...schedule },
    options: { maxLength: 16, evalEverySteps: 0, meanModel: false },
    hooks: { progress: () => {}, checkpoint: async () => {} },
  };
}

describe('selection by validation accuracy over collections', () => {
  it('keeps the running posterior after each collection and picks the first best', async () => {
    const ctx = await context();
    const traj = await trainSwagTrajectory(ctx, 'loraxs', 3, true);
    try {
      const h = traj.history!;
      expect(h.length).toBe(traj.store.n);
      expect(h.length).toBe(4); // one per epoch from epoch 1 of 5
      h.forEach((s, j) => expect(s.n).toBe(j + 1));
      // The last collection is the last step: n·μ_n − (n−1)·μ_{n−1} is the last iterate.
      const n = h.length;
      const last = h[n - 1].mean.map((m, i) => n * m - (n - 1) * h[n - 2].mean[i]);
      for (let i = 0; i < last.length; i++) expect(last[i]).toBeCloseTo(traj.lastTheta[i], 4);
      expect(Array.from(h[n - 1].mean)).toEqual(Array.from((await traj.store.state()).mean));

      const sel = (await selectByValidation(ctx, traj, 2, 1))!;
      expect(sel.valAccuracies).toHaveLength(n);
      const firstBest = sel.valAccuracies.indexOf(Math.max(...sel.valAccuracies));
      expect(sel.index).toBe(firstBest);
      // Each accuracy is the sampled predictive of that collection's posterior, recomputed.
      for (const j of [0, n - 1]) {
        const pred = predictorAt(ctx, traj, j, 2, 1);
        const p = await pred.predict(ctx.data.validation);
        pred.release();
        expect(accuracy(p.probs, 2, p.labels)).toBe(sel.valAccuracies[j]);
      }
    } finally {
      traj.store.release();
      releaseClassifier(traj.model);
    }
  }, 120_000);

  it('selects nothing without a validation split', async () => {
    const ctx = await context();
    const traj = await trainSwagTrajectory(ctx, 'loraxs', 3, true);
    const empty = { ...ctx, data: { ...ctx.data, validation: { ids: [], typeIds: [], labels: new Int32Array(0) } } };
    expect(await selectByValidation(empty, traj, 2, 1)).toBeUndefined();
    releaseClassifier(traj.model);
  }, 120_000);

  it('the grid reports a selected row beside the final one, and the report compares them', async () => {
    const m = await tiny;
    const model = { id: m.id, config: m.config, tokenizer: m.tokenizer, weights: m.weights };
    const ds = payload(48);
    const grid = {
      ranks: [2],
      Ks: [2],
      cs: [1],
      seeds: [0, 1],
      methods: ['lora-xs' as const, 'b-lora-xs' as const],
      base: schedule,
      maxLength: 16,
      bins: [5],
      selectByVal: true,
    };
    const rows = await runGrid(new CpuBackend(), model, ds, grid, () => {});
    const sel = rows.filter((r) => r.method.endsWith(SELECTED_SUFFIX));
    expect(sel.map((r) => r.seed)).toEqual([0, 1]);
    for (const r of sel) {
      expect(r.method).toBe(`B-LoRA-XS${SELECTED_SUFFIX}`);
      expect(r.selected!.valAccuracies).toHaveLength(4);
      expect(r.selected!.collection).toBe(r.selected!.valAccuracies.indexOf(Math.max(...r.selected!.valAccuracies)) + 1);
    }
    const tests = { toy: { labels: ds.test.map((e) => e.label), nClasses: 2 } };
    const md = resultsReport([], [{ rows, tests, replicates: 50, grid } as never]);
    expect(md).toContain('### Selected by validation accuracy against the final posterior');
    expect(md).toContain(`B-LoRA-XS${SELECTED_SUFFIX} K=2 c=1 − final`);
    expect(md).toContain('## Model selection over collections');
  }, 240_000);
});
