// Cost of Monte-Carlo prediction (S posterior samples, METHOD.md §4) against one deterministic
// forward on the same batch, through the method layer's prediction path: predictSplit with a
// beforeSample that draws θ̃ from a SWAG posterior and writes it with setAdapterVector, exactly as
// B-LoRA-XS predicts in the app. The posterior is built from K perturbed copies of θ (its values
// do not change the cost).
import type { Backend } from '../engine/backend';
import { buildBertClassifier } from '../engine/bert/build';
import { getAdapterVector, setAdapterVector } from '../engine/adapters/tensors';
import { philoxNormal } from '../engine/rng/philox';
import { SwagState } from '../bayes/swag';
import { releaseClassifier } from '../methods/common/build';
import { predictSplit } from '../methods/common/predict';
import type { MethodContext } from '../methods/types';
import type { BertTokenizer } from '../model/tokenizer';
import { methodDefaults } from '../state/defaults';
import type { TokenizedSplit } from '../train/batches';
import { benchAdapters, encoderShape, syntheticBatch, type BenchModel } from './bench_model';
import { forwardFlops } from './flops';

export interface McBenchOptions {
  batch: number;
  seqLen: number;
  r: number;
  S: number;
  /** SWAG rank K and scale c of the posterior the samples come from. */
  K?: number;
  c?: number;
  /** Untimed deterministic passes first (pipelines, JIT, buffer pool); default 1. */
  warmup?: number;
  /** Timed repetitions of the deterministic pass (its mean is the ratio's denominator). */
  detReps: number;
  /** Timed repetitions of the S-sample prediction. */
  mcReps: number;
  log?: (line: string) => void;
}

export interface McBenchResult {
  batch: number;
  seqLen: number;
  S: number;
  detReps: number;
  mcReps: number;
  /** One deterministic prediction of the batch (upload, forward, read-back of the logits). */
  deterministicMs: number;
  /** S-sample prediction (draw θ̃, write it, forward, read back; S times) plus the averaging. */
  mcMs: number;
  /** mcMs / deterministicMs; S is the ideal (no overhead beyond the S forwards). */
  ratio: number;
  /** Analytic matrix-product FLOPs of one forward (src/bench/flops.ts) and the rate it reached. */
  flopsPerForward: number;
  deterministicGflops: number;
}

const now = () => globalThis.performance.now();

/** One split of `batch` synthetic examples, all `seqLen` long (one prediction batch). */
export function syntheticSplit(model: BenchModel, batch: number, seqLen: number): TokenizedSplit {
  const b = syntheticBatch(model.config, batch, seqLen, 11);
  return {
    ids: Array.from({ length: batch }, (_, i) => b.ids.slice(i * seqLen, (i + 1) * seqLen)),
    typeIds: Array.from({ length: batch }, (_, i) => b.typeIds.slice(i * seqLen, (i + 1) * seqLen)),
    labels: b.labels!,
  };
}

/** The context predictSplit needs; only the backend, the pad id and the trunk switch are read. */
function benchContext(be: Backend, model: BenchModel, split: TokenizedSplit, seqLen: number): MethodContext {
  const tokenizer = { padId: 0 } as BertTokenizer; // synthetic batches have no padding
  return {
    be,
    model: { id: model.id, config: model.config, tokenizer, weights: model.weights },
    data: { train: split, validation: split, test: split, ood: split, nClasses: 2 },
    method: methodDefaults('b-lora-xs'),
    options: { maxLength: seqLen, evalEverySteps: 0, frozenTrunk: false },
    hooks: { progress: () => {}, checkpoint: async () => {} },
  };
}

async function timeMean(reps: number, f: () => Promise<unknown>): Promise<number> {
  const t0 = now();
  for (let i = 0; i < reps; i++) await f();
  return (now() - t0) / reps;
}

export async function benchMcPrediction(be: Backend, model: BenchModel, o: McBenchOptions): Promise<McBenchResult> {
  const clf = buildBertClassifier(be, model.config, model.weights, benchAdapters(o.r), { seed: 0, numLabels: 2 });
  const split = syntheticSplit(model, o.batch, o.seqLen);
  const ctx = benchContext(be, model, split, o.seqLen);
  try {
    const theta = await getAdapterVector(be, clf.adapters);
    const K = o.K ?? 10, c = o.c ?? 0.5;
    const swag = new SwagState({ P: theta.length, K });
    const z = new Float32Array(theta.length);
    for (let k = 0; k <= K; k++) {
      philoxNormal(3, k, z);
      swag.collect(theta.map((t, i) => t + 0.01 * z[i]));
    }
    const sampled = new Float32Array(theta.length);
    const mc = () => predictSplit(ctx, clf, split, {
      samples: o.S,
      beforeSample: (s) => setAdapterVector(be, clf.adapters, swag.sample(0x5a6a, s, c, sampled)),
    });
    const det = () => predictSplit(ctx, clf, split, { samples: 1 });
    for (let i = 0; i < (o.warmup ?? 1); i++) {
      const tw = now();
      await det();
      o.log?.(`  warm-up forward: ${(now() - tw).toFixed(0)} ms`);
    }
    const deterministicMs = await timeMean(o.detReps, det);
    o.log?.(`  deterministic: ${deterministicMs.toFixed(1)} ms (mean of ${o.detReps})`);
    const mcMs = await timeMean(o.mcReps, mc);
    const flopsPerForward = forwardFlops(encoderShape(model.config, benchAdapters(o.r), o.batch, o.seqLen));
    return {
      batch: o.batch, seqLen: o.seqLen, S: o.S, detReps: o.detReps, mcReps: o.mcReps, deterministicMs, mcMs, ratio: mcMs / deterministicMs,
      flopsPerForward, deterministicGflops: flopsPerForward / (deterministicMs * 1e6),
    };
  } finally {
    releaseClassifier(clf);
  }
}
