// The comparison grid behind docs/results.md (issue 12). Per data set, rank and seed, one LoRA-XS
// trajectory trained with the reference schedule (docs/METHOD.md §2: MAP phase, then the SWAG phase with
// both parameter groups annealed to swagLr, one collection per epoch) serves every LoRA-XS-family
// row, so no baseline gets a different learning-rate budget:
// - LoRA-XS at the start of the SWAG phase (the MAP iterate) and at the last iterate;
// - LoRA-XS + temperature, MC dropout and L-LoRA-XS (Laplace) on the last iterate;
// - B-LoRA-XS for every K (restrictSwag: K only sizes the deviation buffer) and sampling scale c.
// A LoRA trajectory likewise gives LoRA (last iterate) and SWAG-LoRA. Every row keeps the test
// split's per-example probabilities so the paired statistics (crossed.ts) can be computed from it.
import type { Backend } from '../engine/backend';
import { summarize } from '../metrics';
import { methodDefaults } from '../methods/settings';
import { METHOD_CATALOG, hasTrait, type MethodConfig, type MethodKind } from '../methods/config';
import type { ModelBundle, MethodContext, RunHooks, TrainedMethod } from '../methods/common/types';
import type { AdapterMethod } from '../engine/adapters/config';
import { restrictSwag } from '../bayes/swag_restrict';
import { posteriorStats } from '../bayes/posterior_stats';
import { swagPredictor, trainSwagTrajectory, type SwagTrajectory } from '../methods/trainers/swag';
import { temperatureFrom } from '../methods/trainers/temperature';
import { fitLaplace, linearizedPredict } from '../methods/trainers/laplace';
import { releaseClassifier } from '../methods/common/build';
import { predictSplit } from '../methods/common/predict';
import { restore, snapshot, type Snapshot } from '../methods/common/train_loop';
import { storeFromState } from '../methods/common/swag_store';
import { tokenizeDataset } from '../train/run_method';
import type { DatasetPayload, SplitPredictions, TrainOptions } from '../train/protocol';
import type { TokenizedSplit } from '../methods/common/batches';
import type { ResultRow } from './aggregate';
import { collectionsPlanned } from '../methods/swag_plan';
import { predictorAt, selectByValidation, selectedLabel } from './val_selection';
import { withBackendRecovery, type BackendRecovery } from '../train/resume_run';

export type GridMethod = 'lora' | 'lora-xs' | 'b-lora-xs' | 'swag-lora' | 'mc-dropout' | 'temperature' | 'laplace';
export const GRID_METHODS: readonly GridMethod[] = ['lora', 'lora-xs', 'b-lora-xs', 'swag-lora', 'mc-dropout', 'temperature', 'laplace'];

export interface GridConfig {
  ranks: number[];
  Ks: number[];
  /** SWAG sampling scales; c = 0 is the SWA mean (one row, the same for every K). */
  cs: number[];
  seeds: number[];
  methods: GridMethod[];
  /** Overrides applied to every method's defaults (epochs, batch, learning rates, S, schedule, ...). */
  base: Partial<MethodConfig>;
  maxLength: number;
  /** ECE bin counts reported; the first is the table's. */
  bins: number[];
  /** Overrides for the LoRA family only (LoRA trains A and B, and wants its own learning rates). */
  loraBase?: Partial<MethodConfig>;
  /** Also report each SWAG (K, c > 0) at the collection with the best sampled validation accuracy (the reference's selection). */
  selectByVal?: boolean;
}

const label = (k: MethodKind) => METHOD_CATALOG[k].short;
/** Row names: the catalog's, plus the trajectory points of the point estimates. */
export const GRID_LABELS = {
  loraStart: `${label('lora')} (MAP at SWAG start)`,
  lora: label('lora'),
  swagLora: label('swag-lora'),
  xsStart: `${label('lora-xs')} (MAP at SWAG start)`,
  xs: label('lora-xs'),
  temperature: `${label('lora-xs')} + temperature`,
  mcDropout: label('mc-dropout'),
  laplace: METHOD_CATALOG.laplace.label,
  bLoraXs: label('b-lora-xs'),
} as const;

export interface GridProgress {
  (line: string): void;
}

export function gridMethodConfig(kind: MethodKind, r: number, seed: number, g: GridConfig): MethodConfig {
  const family = hasTrait(kind, 'lora-adapters') ? g.loraBase : undefined;
  return { ...methodDefaults(kind), ...g.base, ...family, r, seed, K: Math.max(0, ...g.Ks) };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

interface ScoreInput {
  method: string;
  K?: number;
  c?: number;
  sampled: boolean;
  trainable: number;
  stored: number;
  seconds: number;
}

async function score(
  ds: string,
  r: number,
  seed: number,
  g: GridConfig,
  ctx: MethodContext,
  predict: (split: MethodContext['data']['test']) => Promise<SplitPredictions>,
  s: ScoreInput,
): Promise<ResultRow> {
  const test = await predict(ctx.data.test);
  const ood = ctx.data.ood.labels.length ? await predict(ctx.data.ood) : undefined;
  const C = ctx.data.nClasses;
  const mutual = s.sampled ? test.mutualInfo : undefined;
  const oodIn = ood && { probs: ood.probs, mutualInfo: s.sampled ? ood.mutualInfo : undefined };
  const main = summarize(test.probs, C, test.labels, { nBins: g.bins[0], mutualInfo: mutual, ood: oodIn, oodScore: 'entropy' });
  const mi = ood && s.sampled ? summarize(test.probs, C, test.labels, { mutualInfo: mutual, ood: oodIn, oodScore: 'mi' }).ood?.auroc : undefined;
  const eceByBins: Record<string, number> = {};
  for (const b of g.bins) eceByBins[String(b)] = b === g.bins[0] ? main.ece : summarize(test.probs, C, test.labels, { nBins: b }).ece;
  return {
    dataset: ds,
    method: s.method,
    r,
    K: s.K,
    c: s.c,
    seed,
    accuracy: main.accuracy,
    ece: main.ece,
    nll: main.nll,
    brier: main.brier,
    ace: main.ace,
    mce: main.mce,
    eceByBins,
    aurocEntropy: main.ood?.auroc,
    aurocMI: mi,
    trainableParams: s.trainable,
    storedParams: s.stored,
    seconds: s.seconds,
    testProbs: Array.from(test.probs, round6),
    testMI: s.sampled ? Array.from(test.mutualInfo, round6) : undefined,
  };
}

/**
 * `onRow` sees each row as it is measured (the CLI saves partial results, so a stopped run keeps them).
 * With `recovery`, a backend lost mid-cell (a lost GPU device) is replaced and that family, rank and
 * seed is trained again from the start on the new one; rows the cell already gave are not repeated.
 */
export async function runGrid(
  be: Backend,
  model: ModelBundle,
  ds: DatasetPayload,
  g: GridConfig,
  log: GridProgress,
  onRow?: (row: ResultRow) => void,
  recovery?: BackendRecovery,
): Promise<ResultRow[]> {
  const data = tokenizeDataset(model, ds, g.maxLength);
  // The table reports the Bayesian predictives only: skip the single mean-model passes.
  const options: TrainOptions = { maxLength: g.maxLength, evalEverySteps: 0, meanModel: false };
  const hooks: RunHooks = { progress: () => {}, checkpoint: async () => {} };
  const rows: ResultRow[] = [];
  const has = (m: GridMethod) => g.methods.includes(m);
  // Rows already given by the cell being measured (a cell trained again after a lost backend skips them).
  let cellRows = new Set<string>();
  let cellNote: string | undefined;
  const push = (measured: ResultRow) => {
    const key = `${measured.method}|${measured.K}|${measured.c}`;
    if (cellRows.has(key)) return;
    cellRows.add(key);
    const row = cellNote ? { ...measured, note: cellNote } : measured;
    rows.push(row);
    onRow?.(row);
    const tag = `${row.K !== undefined ? ` K=${row.K}` : ''}${row.c !== undefined ? ` c=${row.c}` : ''}${row.selected ? ` (collection ${row.selected.collection})` : ''}`;
    log(
      `${ds.id} ${row.method} r=${row.r}${tag} seed=${row.seed}: acc ${row.accuracy.toFixed(3)} ece ${row.ece.toFixed(3)} nll ${row.nll.toFixed(3)}${row.aurocEntropy !== undefined ? ` auroc ${row.aurocEntropy.toFixed(3)}` : ''} (${row.seconds.toFixed(0)} s)`,
    );
  };
  const nTrain = data.train.labels.length;
  for (const seed of g.seeds) {
    for (const r of g.ranks) {
      const families: { method: AdapterMethod; kind: MethodKind; wanted: boolean }[] = [
        { method: 'loraxs', kind: 'b-lora-xs', wanted: (['lora-xs', 'b-lora-xs', 'mc-dropout', 'temperature', 'laplace'] as const).some(has) },
        { method: 'lora', kind: 'swag-lora', wanted: has('lora') || has('swag-lora') },
      ];
      for (const fam of families) {
        if (!fam.wanted) continue;
        cellRows = new Set();
        cellNote = undefined;
        await withBackendRecovery(
          be,
          recovery,
          async (on) => {
            be = on;
            const t0 = performance.now();
            const ctx: MethodContext = { be: on, model, data, method: gridMethodConfig(fam.kind, r, seed, g), options, hooks };
            const plan = collectionsPlanned(ctx.method, nTrain);
            const traj = await trainSwagTrajectory(ctx, fam.method, ctx.method.K, g.selectByVal === true);
            if (traj.loop.diverged) log(`warning: ${traj.loop.diverged}`);
            const trainSecs = (performance.now() - t0) / 1000;
            log(
              `${ds.id} ${fam.method} r=${r} seed=${seed}: trained ${traj.loop.steps} steps, ${traj.store.n} collections (planned ${plan.collections}) in ${trainSecs.toFixed(0)} s`,
            );
            const last = await snapshot(traj.model);
            const rowsOf = fam.method === 'loraxs' ? xsRows : loraRows;
            await rowsOf({ ds: ds.id, r, seed, g, ctx, traj, last, trainSecs, push, has, log });
            traj.store.release();
            releaseClassifier(traj.model);
          },
          ({ reason, label }) => {
            cellNote = `the GPU device was lost (${reason}); this family, rank and seed was trained again from the start on ${label}`;
            log(`${ds.id} ${fam.method} r=${r} seed=${seed}: ${cellNote}`);
          },
        );
      }
    }
  }
  return rows;
}

interface FamilyRun {
  ds: string;
  r: number;
  seed: number;
  g: GridConfig;
  ctx: MethodContext;
  traj: SwagTrajectory;
  last: Snapshot;
  trainSecs: number;
  push(row: ResultRow): void;
  has(m: GridMethod): boolean;
  log: GridProgress;
}

const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const v = await f();
  return [v, (performance.now() - t0) / 1000];
};

/** One deterministic forward per split at a stored state (the MAP iterate or the last one). */
function pointPredict(f: FamilyRun, state: Snapshot) {
  return (split: MethodContext['data']['test']) => {
    restore(f.traj.model, state);
    return predictSplit(f.ctx, f.traj.model, split, { samples: 1 });
  };
}

async function pointRows(f: FamilyRun, labels: { start: string; last: string }, include: boolean): Promise<void> {
  if (!include) return;
  const { ds, r, seed, g, ctx, traj } = f;
  const base = { sampled: false, trainable: traj.P, stored: 0, seconds: f.trainSecs };
  if (traj.loop.mapAtSwagStart) f.push(await score(ds, r, seed, g, ctx, pointPredict(f, traj.loop.mapAtSwagStart), { ...base, method: labels.start }));
  f.push(await score(ds, r, seed, g, ctx, pointPredict(f, f.last), { ...base, method: labels.last }));
}

/** SWAG rows for every K and c of the grid from the one collected trajectory, with its posterior diagnostics. */
async function swagRows(f: FamilyRun, label: string): Promise<void> {
  const { ds, r, seed, g, ctx, traj } = f;
  const full = await traj.store.state();
  const cs = [...new Set(g.cs)];
  if (cs.includes(0)) {
    const pred = swagPredictor(ctx, traj, storeFromState(ctx.be, restrictSwag(full, 0)), { ...ctx.method, K: 0, c: 0, S: 1 }, false);
    const [row, secs] = await timed(() =>
      score(ds, r, seed, g, ctx, (s) => pred.predict(s), {
        method: `${label} (SWA mean)`,
        c: 0,
        sampled: false,
        trainable: traj.P,
        stored: traj.P,
        seconds: 0,
      }),
    );
    f.push({ ...row, seconds: f.trainSecs + secs });
    pred.release();
  }
  for (const K of g.Ks) {
    const state = restrictSwag(full, K);
    const posterior = posteriorStats(state, f.last.theta, cs);
    for (const c of cs.filter((x) => x > 0)) {
      const pred = swagPredictor(ctx, traj, storeFromState(ctx.be, state), { ...ctx.method, K, c }, false);
      const [row, secs] = await timed(() =>
        score(ds, r, seed, g, ctx, (s) => pred.predict(s), { method: label, K, c, sampled: true, trainable: traj.P, stored: pred.posteriorParams, seconds: 0 }),
      );
      f.push({ ...row, seconds: f.trainSecs + secs, posterior });
      pred.release();
      if (g.selectByVal) await selectedRow(f, label, K, c);
    }
  }
  restore(traj.model, f.last);
}

/** The same K and c at the collection the validation split prefers (seconds: training, selection and test). */
async function selectedRow(f: FamilyRun, label: string, K: number, c: number): Promise<void> {
  const { ds, r, seed, g, ctx, traj } = f;
  const [sel, selSecs] = await timed(() => selectByValidation(ctx, traj, K, c));
  if (!sel) {
    f.log(`${ds} ${label} r=${r} K=${K} c=${c} seed=${seed}: no validation split or kept posteriors, nothing to select`);
    return;
  }
  const pred = predictorAt(ctx, traj, sel.index, K, c);
  const [row, secs] = await timed(() =>
    score(ds, r, seed, g, ctx, (s) => pred.predict(s), {
      method: selectedLabel(label),
      K,
      c,
      sampled: true,
      trainable: traj.P,
      stored: pred.posteriorParams,
      seconds: 0,
    }),
  );
  pred.release();
  const valAccuracies = sel.valAccuracies.map(round6);
  f.push({ ...row, seconds: f.trainSecs + selSecs + secs, selected: { collection: sel.index + 1, valAccuracies } });
}

/** A row of a predictive applied to the last iterate (restored before every split), timed with its fit. */
async function lastIterateRow(
  f: FamilyRun,
  predict: (split: TokenizedSplit) => Promise<SplitPredictions>,
  row: { method: string; sampled: boolean; stored: number },
  fitSecs: number,
): Promise<void> {
  const at = (s: TokenizedSplit) => {
    restore(f.traj.model, f.last);
    return predict(s);
  };
  const [scored, secs] = await timed(() => score(f.ds, f.r, f.seed, f.g, f.ctx, at, { ...row, trainable: f.traj.P, seconds: 0 }));
  f.push({ ...scored, seconds: f.trainSecs + fitSecs + secs });
}

async function xsRows(f: FamilyRun): Promise<void> {
  const { seed, ctx, traj, has } = f;
  await pointRows(f, { start: GRID_LABELS.xsStart, last: GRID_LABELS.xs }, has('lora-xs'));
  const lastPoint = {
    model: traj.model,
    trainableParams: traj.P,
    posteriorParams: 0,
    predict: pointPredict(f, f.last),
    exportTensors: async () => new Map(),
    release: () => {},
  } as TrainedMethod & { model: typeof traj.model };
  const P = traj.P;
  if (has('temperature')) {
    restore(traj.model, f.last);
    const [t, fitSecs] = await timed(() => temperatureFrom(ctx, lastPoint));
    await lastIterateRow(
      f,
      (s) => t.predict(s),
      { method: GRID_LABELS.temperature, sampled: false, stored: METHOD_CATALOG.temperature.posteriorParams(P, ctx.method) },
      fitSecs,
    );
  }
  if (has('mc-dropout')) {
    const mcSeed = (seed * 31 + 17) >>> 0;
    const predict = (s: TokenizedSplit) => predictSplit(ctx, traj.model, s, { samples: ctx.method.S, mcDropoutSeed: mcSeed });
    await lastIterateRow(f, predict, { method: GRID_LABELS.mcDropout, sampled: true, stored: 0 }, 0);
  }
  if (has('laplace')) {
    restore(traj.model, f.last);
    const [{ posterior }, fitSecs] = await timed(() => fitLaplace(ctx, traj.model, P));
    const sampleSeed = (seed ^ 0x1ace) >>> 0;
    const predict = (s: TokenizedSplit) => linearizedPredict(ctx, traj.model, posterior, s, ctx.method.S, sampleSeed);
    await lastIterateRow(f, predict, { method: GRID_LABELS.laplace, sampled: true, stored: METHOD_CATALOG.laplace.posteriorParams(P, ctx.method) }, fitSecs);
  }
  if (has('b-lora-xs')) await swagRows(f, GRID_LABELS.bLoraXs);
}

async function loraRows(f: FamilyRun): Promise<void> {
  // Rows trained at the LoRA family's own learning rate say so, so they never pool with rows at another.
  const lr = f.g.loraBase?.lrAdapter;
  const tag = (name: string) => (lr !== undefined ? name.replace(/^(LoRA|SWAG-LoRA)/, `$1 (lr ${lr})`) : name);
  await pointRows(f, { start: tag(GRID_LABELS.loraStart), last: tag(GRID_LABELS.lora) }, f.has('lora'));
  if (f.has('swag-lora')) await swagRows(f, tag(GRID_LABELS.swagLora));
}
