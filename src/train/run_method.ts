// Runs one method configuration end to end on a backend: validate, tokenize, train, predict on
// test / validation / OOD, and package the result. Shared by the worker and the CLI.
import type { Backend } from '../engine/backend';
import { validateMethod, hasErrors } from '../methods/validate';
import { METHODS } from '../methods/trainers/registry';
import type { ModelBundle, RunHooks, TokenizedData } from '../methods/common/types';
import { hasTrait, type MethodConfig } from '../methods/config';
import { METHOD_SETTINGS, type SettingKey } from '../methods/settings';
import { settingName, type Wording } from '../methods/wording';
import { tokenizeSplit } from '../methods/common/batches';
import { RunClock } from '../methods/common/run_clock';
import { planRunWork } from '../methods/common/work_plan';
import type { DatasetPayload, RunResult, TrainOptions } from './protocol';
import { DEFAULT_CHECKPOINT_EVERY, TrainCheckpoints } from '../methods/common/train_checkpoint';
import { runResumable, type BackendRecovery } from './resume_run';
import { hashedDatasetIdentity } from '../data/dataset_identity';

export class InvalidConfigError extends Error {
  readonly code = 'invalid-config';
  constructor(
    readonly fields: Record<string, string>,
    words: Wording = 'cli',
  ) {
    const named = (k: string) => (k in METHOD_SETTINGS ? settingName(k as SettingKey, words) : k);
    super(
      'invalid settings: ' +
        Object.entries(fields)
          .map(([k, v]) => (k === 'general' ? v : `${named(k)}: ${v}`))
          .join('; '),
    );
    this.name = 'InvalidConfigError';
  }
}

/** Tokenize every split; `progress(done, total)` counts examples over all splits. */
export function tokenizeDataset(model: ModelBundle, ds: DatasetPayload, maxLength: number, progress?: (done: number, total: number) => void): TokenizedData {
  const tok = model.tokenizer;
  const total = ds.train.length + ds.validation.length + ds.test.length + ds.ood.length;
  let before = 0;
  const split = (rows: DatasetPayload['train']) => {
    const t = tokenizeSplit(tok, rows, maxLength, progress && ((done) => progress(before + done, total)));
    before += rows.length;
    return t;
  };
  return { train: split(ds.train), validation: split(ds.validation), test: split(ds.test), ood: split(ds.ood), nClasses: ds.labelNames.length };
}

/** The trainer's check: the page's own (validateMethod with the SWAG plan over the training split), in the caller's words. */
export function checkMethod(method: MethodConfig, model: ModelBundle, nTrain?: number, maxSteps?: number, words: Wording = 'cli'): void {
  const errors = validateMethod(method, { hidden: model.config.hiddenSize, layers: model.config.numHiddenLayers }, { nTrain, maxSteps, words });
  if (hasErrors(errors)) throw new InvalidConfigError(errors as Record<string, string>, words);
}

/** Why the test split cannot be scored (empty, or missing a class: per-class counts given), or null. */
export function testSplitProblem(data: Pick<TokenizedData, 'test' | 'nClasses'>): string | null {
  const counts = new Array<number>(data.nClasses).fill(0);
  for (const y of data.test.labels) counts[y]++;
  if (data.test.labels.length === 0) return 'the test split is empty: every metric needs test examples (give a test file, or leave some data to split off)';
  const missing = counts.flatMap((c, k) => (c === 0 ? [k] : []));
  if (missing.length)
    return `the test split has no examples of class${missing.length > 1 ? 'es' : ''} ${missing.join(', ')} (counts per class: ${counts.join(', ')}): accuracy and calibration would leave them out`;
  return null;
}

/** A run that goes on in a new page load from the checkpoints kept of it (resume_run.ts's `reloaded`). */
export interface RunContinuation {
  /** TrainCheckpoints.fromStored of what was kept; absent when no checkpoint had been taken (the run starts again). */
  checkpoints?: TrainCheckpoints;
  /** Why it stopped, as its note says it ("the page was reloaded"). */
  reason: string;
  /** The backend it goes on on, in words. */
  backend: string;
  /** Without checkpoints: why there are none (the note says it). */
  noCheckpoint?: string;
}

export async function runMethod(
  be: Backend,
  model: ModelBundle,
  data: TokenizedData,
  runId: string,
  method: MethodConfig,
  options: TrainOptions,
  hooks: RunHooks,
  recovery?: BackendRecovery,
  more: { continues?: RunContinuation; onCheckpoint?: (c: TrainCheckpoints) => void } = {},
): Promise<RunResult> {
  checkMethod(method, model, data.train.labels.length, options.maxSteps, options.wording);
  const testProblem = testSplitProblem(data);
  if (testProblem) throw new InvalidConfigError({ general: testProblem });
  const t0 = performance.now();
  const checkpoints = more.continues?.checkpoints ?? new TrainCheckpoints(options.checkpointEverySteps ?? DEFAULT_CHECKPOINT_EVERY);
  checkpoints.onSaved = more.onCheckpoint;
  hooks = checkpoints.recording(withRunClock(hooks, method, data, options));
  // A lost backend resumes from the last checkpoint on the one `recovery` gives (resume_run.ts).
  const r = await runResumable(
    be,
    checkpoints,
    hooks,
    recovery,
    (on) => trainAndPredict(on, model, data, runId, method, options, hooks, checkpoints),
    more.continues,
  );
  return { ...r, wallSeconds: (performance.now() - t0) / 1000 };
}

async function trainAndPredict(
  be: Backend,
  model: ModelBundle,
  data: TokenizedData,
  runId: string,
  method: MethodConfig,
  options: TrainOptions,
  hooks: RunHooks,
  checkpoints: TrainCheckpoints,
): Promise<RunResult> {
  const trained = await METHODS[method.kind].train({ be, model, data, method, options, hooks, checkpoints });
  try {
    hooks.progress({
      step: 0,
      totalSteps: 0,
      epoch: 0,
      loss: NaN,
      lr: 0,
      examplesPerSec: 0,
      etaSec: 0,
      phase: 'predict',
      what: 'predicting the test, validation and OOD splits',
    });
    const test = await trained.predict(data.test);
    const validation = data.validation.labels.length ? await trained.predict(data.validation) : undefined;
    const ood = data.ood.labels.length ? await trained.predict(data.ood) : undefined;
    const tensors = await trained.exportTensors();
    return {
      runId,
      method,
      nClasses: data.nClasses,
      trainableParams: trained.trainableParams,
      posteriorParams: trained.posteriorParams,
      test,
      validation,
      ood,
      covarianceEigenvalues: await trained.covarianceEigenvalues?.(),
      posterior: await trained.posteriorStats?.(),
      kSweep: options.kSweep ? await trained.kSweep?.(data.test) : undefined,
      ...(model.family && model.family !== 'bert' ? { family: model.family } : {}),
      adapters: [...tensors].map(([name, t]) => ({ name, shape: t.shape, data: t.data })),
      wallSeconds: 0,
      warning: trained.warning,
      note: trained.note,
    };
  } finally {
    trained.release();
  }
}

/** The result as the page and the run record get it: with the identity and class names of the data it trained on (every export names classes after them). */
export async function withDataset(r: RunResult, ds: DatasetPayload): Promise<RunResult> {
  return { ...r, dataset: await hashedDatasetIdentity(ds) };
}

/**
 * The hooks with the run's ETA clock: every progress event's ETA covers the training, evaluation
 * and prediction left (RunClock over planRunWork), and a pause does not count as work.
 */
export function withRunClock(hooks: RunHooks, method: MethodConfig, data: TokenizedData, options: TrainOptions): RunHooks {
  const sizes = { train: data.train.labels.length, validation: data.validation.labels.length, test: data.test.labels.length, ood: data.ood.labels.length };
  const evaluates = !!hooks.evaluated || (hasTrait(method.kind, 'point-trained') && method.earlyStopPatience > 0);
  const clock = new RunClock(planRunWork(method, sizes, options, evaluates));
  const rate = (kind: 'train' | 'forward') => {
    const r = clock.secondsPer(kind);
    return Number.isFinite(r) ? r : 0;
  };
  return {
    ...hooks,
    async checkpoint() {
      await hooks.checkpoint();
      clock.mark();
    },
    did: (kind, examples) => {
      clock.did(kind, examples);
      hooks.did?.(kind, examples);
    },
    // The steps between the checkpoint and the loss are trained again: the ETA counts them once more.
    // After a reload the steps up to the checkpoint were trained in the earlier page load: about that much less is left.
    resumed: (e) => {
      if (e.reloaded) clock.skip('train', e.history.loss.length * method.batch);
      clock.redo('train', Math.max(0, e.lostAtStep - e.step) * method.batch);
      hooks.resumed?.(e);
    },
    progress: (e) => hooks.progress({ ...e, etaSec: clock.remaining(), secPerPass: { train: rate('train'), forward: rate('forward') } }),
  };
}
