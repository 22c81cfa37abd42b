// The comparison grid behind docs/results.md (issue 5): for each data set, rank and seed, train
// LoRA, LoRA-XS, B-LoRA-XS, SWAG-LoRA and MC dropout, fit temperature scaling on the LoRA-XS
// model, and score every predictive on test (ACC, ECE, NLL, Brier) and test-vs-OOD (AUROC).
// One SWAG trajectory per (method, r, seed) serves every K of the sweep: K only sizes the
// deviation buffer, it never changes training (restrictSwag).
import type { Backend } from '../engine/backend';
import { summarize } from '../metrics';
import { methodDefaults } from '../state/defaults';
import type { MethodConfig, MethodKind } from '../state/types';
import type { ModelBundle, MethodContext, RunHooks, TrainedMethod } from '../methods/types';
import { trainPointEstimate } from '../methods/deterministic';
import { mcDropoutMethod } from '../methods/mc_dropout';
import { restrictSwag } from '../bayes/swag_restrict';
import { swagPredictor, trainSwagTrajectory } from '../methods/swag';
import { temperatureFrom } from '../methods/temperature';
import { releaseClassifier } from '../methods/common/build';
import { storeFromState } from '../methods/common/swag_store';
import { tokenizeDataset } from '../train/run_method';
import type { DatasetPayload, TrainOptions } from '../train/protocol';
import type { ResultRow } from './aggregate';

export type GridMethod = 'lora' | 'lora-xs' | 'b-lora-xs' | 'swag-lora' | 'mc-dropout' | 'temperature';
export const GRID_METHODS: readonly GridMethod[] = ['lora', 'lora-xs', 'b-lora-xs', 'swag-lora', 'mc-dropout', 'temperature'];

export interface GridConfig {
  ranks: number[];
  Ks: number[];
  seeds: number[];
  methods: GridMethod[];
  /** Overrides applied to every method's defaults (epochs, batch, learning rates, S, c, ...). */
  base: Partial<MethodConfig>;
  maxLength: number;
  /** SWAG collections wanted over the SWAG phase (sets collectEverySteps); ≥ max K. */
  collections: number;
}

const LABEL: Record<GridMethod, string> = {
  lora: 'LoRA', 'lora-xs': 'LoRA-XS', 'b-lora-xs': 'B-LoRA-XS', 'swag-lora': 'SWAG-LoRA', 'mc-dropout': 'MC dropout', temperature: 'LoRA-XS + temperature',
};

export interface GridProgress { (line: string): void }

function methodConfig(kind: MethodKind, r: number, seed: number, g: GridConfig, nTrain: number): MethodConfig {
  const m = { ...methodDefaults(kind), ...g.base, r, seed, K: Math.max(0, ...g.Ks) };
  const stepsPerEpoch = Math.ceil(nTrain / m.batch);
  const swagSteps = (m.epochs - m.swagStart) * stepsPerEpoch;
  m.collectEverySteps = Math.max(1, Math.floor(swagSteps / Math.max(1, g.collections)));
  return m;
}

/** `sampled`: the predictive averages several models, so mutual information is meaningful. */
async function score(dataset: string, label: string, r: number, K: number | undefined, seed: number, t: TrainedMethod, ctx: MethodContext, seconds: number, sampled = false): Promise<ResultRow> {
  const test = await t.predict(ctx.data.test);
  const ood = ctx.data.ood.labels.length ? await t.predict(ctx.data.ood) : undefined;
  const C = ctx.data.nClasses;
  const s = summarize(test.probs, C, test.labels, { nBins: 15, mutualInfo: test.mutualInfo, ood: ood && { probs: ood.probs, mutualInfo: ood.mutualInfo }, oodScore: 'entropy' });
  const mi = ood ? summarize(test.probs, C, test.labels, { mutualInfo: test.mutualInfo, ood: { probs: ood.probs, mutualInfo: ood.mutualInfo }, oodScore: 'mi' }).ood?.auroc : undefined;
  return {
    dataset, method: label, r, K, seed, accuracy: s.accuracy, ece: s.ece, nll: s.nll, brier: s.brier,
    aurocEntropy: s.ood?.auroc, aurocMI: sampled ? mi : undefined,
    trainableParams: t.trainableParams, storedParams: t.posteriorParams, seconds,
  };
}

/** `onRow` sees each row as it is measured (the CLI saves partial results, so a stopped run keeps them). */
export async function runGrid(be: Backend, model: ModelBundle, ds: DatasetPayload, g: GridConfig, log: GridProgress, onRow?: (row: ResultRow) => void): Promise<ResultRow[]> {
  const data = tokenizeDataset(model, ds, g.maxLength);
  // The table reports the Bayesian predictives only: skip the single mean-model passes.
  const options: TrainOptions = { maxLength: g.maxLength, evalEverySteps: 0, meanModel: false };
  const hooks: RunHooks = { progress: () => {}, checkpoint: async () => {} };
  const rows: ResultRow[] = [];
  const has = (m: GridMethod) => g.methods.includes(m);
  const push = (row: ResultRow) => {
    rows.push(row);
    onRow?.(row);
    log(`${ds.id} ${row.method} r=${row.r}${row.K !== undefined ? ` K=${row.K}` : ''} seed=${row.seed}: acc ${row.accuracy.toFixed(3)} ece ${row.ece.toFixed(3)} nll ${row.nll.toFixed(3)}${row.aurocEntropy !== undefined ? ` auroc ${row.aurocEntropy.toFixed(3)}` : ''} (${row.seconds.toFixed(0)} s)`);
  };
  for (const seed of g.seeds) {
    for (const r of g.ranks) {
      const ctxFor = (kind: MethodKind): MethodContext => ({ be, model, data, method: methodConfig(kind, r, seed, g, data.train.labels.length), options, hooks });
      let t0 = performance.now();
      const secs = () => (performance.now() - t0) / 1000;
      if (has('lora')) {
        const ctx = ctxFor('lora');
        const t = await trainPointEstimate(ctx, 'lora', seed);
        push(await score(ds.id, LABEL.lora, r, undefined, seed, t, ctx, secs()));
        t.release();
      }
      if (has('lora-xs') || has('temperature')) {
        t0 = performance.now();
        const ctx = ctxFor('lora-xs');
        const t = await trainPointEstimate(ctx, 'loraxs', seed);
        if (has('lora-xs')) push(await score(ds.id, LABEL['lora-xs'], r, undefined, seed, t, ctx, secs()));
        if (has('temperature')) push(await score(ds.id, LABEL.temperature, r, undefined, seed, await temperatureFrom(ctx, t), ctx, secs()));
        t.release();
      }
      for (const kind of ['b-lora-xs', 'swag-lora'] as const) {
        if (!has(kind)) continue;
        t0 = performance.now();
        const ctx = ctxFor(kind);
        const traj = await trainSwagTrajectory(ctx, kind === 'b-lora-xs' ? 'loraxs' : 'lora');
        const trainSecs = secs();
        const full = await traj.store.state();
        for (const K of g.Ks) {
          const t1 = performance.now();
          const pred = swagPredictor(ctx, traj, storeFromState(be, restrictSwag(full, K)), { ...ctx.method, K }, false);
          push(await score(ds.id, LABEL[kind], r, K, seed, pred, ctx, trainSecs + (performance.now() - t1) / 1000, true));
          pred.release();
        }
        traj.store.release();
        releaseClassifier(traj.model);
      }
      if (has('mc-dropout')) {
        t0 = performance.now();
        const ctx = ctxFor('mc-dropout');
        const t = await mcDropoutMethod.train(ctx);
        push(await score(ds.id, LABEL['mc-dropout'], r, undefined, seed, t, ctx, secs(), true));
        t.release();
      }
    }
  }
  return rows;
}
