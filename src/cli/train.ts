// `blora train`: fine-tune one method on a data set and print the falling loss, then the test
// metrics (and OOD AUROC when an OOD split is given) as JSON.
import { parseArgs } from 'node:util';
import { summarize } from '../metrics';
import { runMethod, tokenizeDataset } from '../train/run_method';
import { RunCancelled, type RunHooks } from '../methods/common/types';
import type { DatasetPayload, RunResult } from '../train/protocol';
import { describeBackend } from '../train/backend_factory';
import { intArg, loadModelDir, METHOD_OPTIONS, methodFromArgs, randomizedWeights, recoverableBackendFromArgs } from './common_args';
import { DATA_OPTIONS, datasetFromArgs } from './data_args';
import { loadBuiltinNode } from './builtin_node';
import { interruptedRunRecord, runRecord } from '../train/run_record';
import { writeFileAtomic } from './atomic_write';
import { DEFAULT_CHECKPOINT_EVERY } from '../methods/common/train_checkpoint';
import { checkFreeSpace, checkOutputs, type OutputTarget } from './output_preflight';
import type { ModelBundle } from '../methods/common/types';
import { stopOnSignals, type SignalSource } from './train_signals';

export function resultMetrics(r: RunResult, nBins = 15) {
  const s = summarize(r.test.probs, r.nClasses, r.test.labels, {
    nBins,
    mutualInfo: r.test.mutualInfo,
    ood: r.ood ? { probs: r.ood.probs, mutualInfo: r.ood.mutualInfo } : undefined,
    oodScore: 'entropy',
  });
  return {
    accuracy: s.accuracy,
    ece: s.ece,
    mce: s.mce,
    ace: s.ace,
    nll: s.nll,
    brier: s.brier,
    mcc: s.mcc,
    oodAurocEntropy: s.ood?.auroc,
    oodAurocMI: r.ood
      ? summarize(r.test.probs, r.nClasses, r.test.labels, {
          mutualInfo: r.test.mutualInfo,
          ood: { probs: r.ood.probs, mutualInfo: r.ood.mutualInfo },
          oodScore: 'mi',
        }).ood?.auroc
      : undefined,
  };
}

/** Test accuracy of always predicting the training split's most frequent label (the floor any fine-tune must beat). */
export function majorityAccuracy(ds: DatasetPayload): number {
  const counts = new Map<number, number>();
  for (const e of ds.train) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
  return ds.test.length ? ds.test.filter((e) => e.label === top).length / ds.test.length : NaN;
}

export function consoleHooks(quiet: boolean, every = 10): RunHooks {
  let last = 0;
  return {
    progress(e) {
      if (quiet || e.phase === 'predict' || e.phase === 'prepare') return;
      if (e.step === e.totalSteps || e.step - last >= every || e.step === 1) {
        last = e.step;
        console.log(
          `step ${String(e.step).padStart(5)}/${e.totalSteps}  epoch ${e.epoch}  loss ${e.loss.toFixed(4)}  lr ${e.lr.toExponential(2)}  ${e.examplesPerSec.toFixed(1)} ex/s  [${e.phase}]`,
        );
      }
    },
    evaluated(e) {
      if (!quiet) console.log(`  validation @${e.step}: loss ${e.loss.toFixed(4)} acc ${e.accuracy.toFixed(4)} ece ${e.ece.toFixed(4)}`);
    },
    checkpoint: async () => {},
    resumed: (e) => console.warn(`blora train: ${e.note}`),
  };
}

export const TRAIN_OPTIONS = {
  ...METHOD_OPTIONS,
  ...DATA_OPTIONS,
  model: { type: 'string' },
  backend: { type: 'string' },
  threads: { type: 'string' },
  'max-length': { type: 'string' },
  'max-steps': { type: 'string' },
  'eval-every': { type: 'string' },
  'checkpoint-every': { type: 'string' },
  quiet: { type: 'boolean' },
  'random-weights': { type: 'boolean' },
  out: { type: 'string' },
} as const;

/**
 * A lower estimate of the run record's size: the per-example probabilities of the evaluated splits
 * and the trained head, base64 (the adapters and SWAG moments come on top).
 */
export function runRecordMinBytes(model: ModelBundle, ds: DatasetPayload): number {
  const H = model.config.hiddenSize,
    C = ds.labelNames.length;
  const examples = ds.test.length + ds.validation.length + ds.ood.length;
  return examples * C * 10 + Math.ceil(((H * H + H + C * H + C) * 4 * 4) / 3);
}

/** `signals`: where SIGINT, SIGTERM and SIGHUP come from (the process; tests give their own emitter). */
export async function trainCommand(argv: string[], signals: SignalSource = process): Promise<number> {
  const { values: v } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: TRAIN_OPTIONS,
  });
  const method = methodFromArgs(v);
  // The record's path is checked before the model, the data and the training: a run that cannot write it would lose it.
  const outTarget: OutputTarget | undefined = v.out ? { flag: '--out', path: v.out, kind: 'file' } : undefined;
  const outDir = checkOutputs([outTarget]);
  const loaded = await loadModelDir(v.model);
  const model = v['random-weights'] ? randomizedWeights(loaded, method.seed + 7) : loaded;
  const maxLength = intArg(v['max-length'] as string | undefined, 128, 'max-length', 8, model.config.maxPositionEmbeddings);
  const maxSteps = v['max-steps'] !== undefined ? intArg(v['max-steps'] as string, 0, 'max-steps', 1) : undefined;
  const evalEvery = intArg(v['eval-every'] as string | undefined, 0, 'eval-every', 0);
  const checkpointEvery = intArg(v['checkpoint-every'] as string | undefined, DEFAULT_CHECKPOINT_EVERY, 'checkpoint-every', 0);
  const ds = await datasetFromArgs(v, loadBuiltinNode);
  if (outTarget) checkFreeSpace(outTarget, outDir.get(outTarget)!, runRecordMinBytes(model, ds), 'the run record');
  // A lost GPU device: the run resumes on a new one (or the CPU backend); current() is the one to destroy at the end.
  const { created, recovery, current } = await recoverableBackendFromArgs(v.backend, v.threads);
  const { info } = created;
  console.log(`backend: ${describeBackend(info)}`);
  console.log(
    `model: ${model.id}  data: ${ds.name} (train ${ds.train.length}, validation ${ds.validation.length}, test ${ds.test.length}, ood ${ds.ood.length})  method: ${method.kind} r=${method.r}`,
  );
  const data = tokenizeDataset(model, ds, maxLength);
  const command = `node bin/blora.mjs train ${argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`;
  const options = { maxLength, maxSteps, evalEverySteps: evalEvery, checkpointEverySteps: checkpointEvery };
  const stop = stopOnSignals(signals);
  const t0 = performance.now();
  try {
    let r: RunResult;
    try {
      r = await runMethod(current(), model, data, 'cli', method, options, stop.hooks(consoleHooks(Boolean(v.quiet))), recovery);
    } catch (err) {
      if (!(err instanceof RunCancelled)) throw err;
      // The record first: after SIGHUP the terminal may be gone.
      if (v.out) {
        const record = await interruptedRunRecord({
          model,
          dataset: ds,
          backend: describeBackend(info),
          method,
          options: { ...options, randomWeights: Boolean(v['random-weights']) },
          command,
          ...stop.progress,
          seconds: (performance.now() - t0) / 1000,
        });
        writeFileAtomic(v.out, JSON.stringify(record));
      }
      console.error(`blora train: interrupted at step ${stop.progress.steps} of ${stop.progress.totalSteps} by ${stop.signal}`);
      if (v.out) console.error(`partial run record: ${v.out}`);
      return stop.exitCode;
    }
    if (r.warning) console.warn(`warning: ${r.warning}`);
    if (r.note) console.log(`note: ${r.note}`);
    const metrics = resultMetrics(r);
    console.log(
      JSON.stringify(
        {
          method: method.kind,
          trainableParams: r.trainableParams,
          posteriorParams: r.posteriorParams,
          seconds: r.wallSeconds,
          test: metrics,
          baselines: { majorityClass: majorityAccuracy(ds) },
        },
        null,
        2,
      ),
    );
    if (v.out) {
      const record = await runRecord(r, {
        model,
        dataset: ds,
        backend: describeBackend(info),
        options: { ...options, randomWeights: Boolean(v['random-weights']) },
        metrics,
        command,
      });
      writeFileAtomic(v.out, JSON.stringify(record));
      console.log(`run record: ${v.out}`);
    }
  } finally {
    stop.release();
    current().destroy();
  }
  return 0;
}
