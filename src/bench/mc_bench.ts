// Cost of Monte-Carlo prediction (S posterior samples, docs/METHOD.md §4) against one deterministic
// forward on the same batch, through the method layer's prediction path (predictSplit) with a
// SWAG store as B-LoRA-XS uses it, two ways: sequential (beforeSample draws θ̃_s into the adapters,
// S forwards) and grouped (sampleGroup stacks the S draws, one forward over S·batch rows from the
// lowest adapted layer on). The posterior is built from K perturbed copies of θ (its values do not
// change the cost); both ways draw the same samples, so their predictions must agree.
import type { Backend } from '../engine/backend';
import { buildBertClassifier } from '../engine/bert/build';
import { getAdapterVector } from '../engine/adapters/tensors';
import { philoxNormal } from '../rng/philox';
import { SwagState } from '../bayes/swag';
import { releaseClassifier } from '../methods/common/build';
import { predictSplit } from '../methods/common/predict';
import { storeFromState } from '../methods/common/swag_store';
import type { MethodContext } from '../methods/common/types';
import type { BertTokenizer } from '../model/tokenizer';
import { methodDefaults } from '../methods/settings';
import type { TokenizedSplit } from '../methods/common/batches';
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
  /** Timed repetitions of each S-sample prediction (sequential and grouped). */
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
  /** Sequential S-sample prediction (draw θ̃, write it, forward; S times) plus the averaging. */
  mcMs: number;
  /** mcMs / deterministicMs; S is what S plain forwards would cost. */
  ratio: number;
  /** Grouped S-sample prediction (draw the S samples stacked, one grouped forward) plus the averaging. */
  groupedMs: number;
  /** groupedMs / deterministicMs. */
  groupedRatio: number;
  /** max |p_grouped − p_sequential| over the batch's mean probabilities (same draws: rounding only). */
  maxProbDiff: number;
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
    const K = o.K ?? 10,
      c = o.c ?? 0.5;
    const swag = new SwagState({ P: theta.length, K });
    const z = new Float32Array(theta.length);
    for (let k = 0; k <= K; k++) {
      philoxNormal(3, k, z);
      swag.collect(theta.map((t, i) => t + 0.01 * z[i]));
    }
    const store = storeFromState(be, swag);
    const seed = 0x5a6a;
    const beforeSample = (s: number) => store.applySample(clf, seed, s, c);
    const sampleGroup = (first: number, count: number) => store.sampleStacks(clf, seed, first, count, c);
    const sequential = (S = o.S) => predictSplit(ctx, clf, split, { samples: S, beforeSample });
    const grouped = (S = o.S) => predictSplit(ctx, clf, split, { samples: S, beforeSample, sampleGroup });
    const det = () => predictSplit(ctx, clf, split, { samples: 1 });
    try {
      for (let i = 0; i < (o.warmup ?? 1); i++) {
        const tw = now();
        await det();
        o.log?.(`  warm-up forward: ${(now() - tw).toFixed(0)} ms`);
      }
      // Two-sample runs of both Monte-Carlo paths build their pipelines outside the timings.
      await sequential(2);
      await grouped(2);
      const deterministicMs = await timeMean(o.detReps, det);
      o.log?.(`  deterministic: ${deterministicMs.toFixed(1)} ms (mean of ${o.detReps})`);
      let pSeq: Float32Array = new Float32Array(0),
        pGrp: Float32Array = new Float32Array(0);
      const mcMs = await timeMean(o.mcReps, async () => {
        pSeq = (await sequential()).probs;
      });
      o.log?.(`  sequential S = ${o.S}: ${mcMs.toFixed(1)} ms (mean of ${o.mcReps})`);
      const groupedMs = await timeMean(o.mcReps, async () => {
        pGrp = (await grouped()).probs;
      });
      o.log?.(`  grouped S = ${o.S}: ${groupedMs.toFixed(1)} ms (mean of ${o.mcReps})`);
      const maxProbDiff = pSeq.reduce((d, p, i) => Math.max(d, Math.abs(p - pGrp[i])), 0);
      const flopsPerForward = forwardFlops(encoderShape(model.config, benchAdapters(o.r), o.batch, o.seqLen));
      return {
        batch: o.batch,
        seqLen: o.seqLen,
        S: o.S,
        detReps: o.detReps,
        mcReps: o.mcReps,
        deterministicMs,
        mcMs,
        ratio: mcMs / deterministicMs,
        groupedMs,
        groupedRatio: groupedMs / deterministicMs,
        maxProbDiff,
        flopsPerForward,
        deterministicGflops: flopsPerForward / (deterministicMs * 1e6),
      };
    } finally {
      store.release();
    }
  } finally {
    releaseClassifier(clf);
  }
}
