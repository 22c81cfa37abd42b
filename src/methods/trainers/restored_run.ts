// A finished run's predictor rebuilt on the loaded model from what its result keeps
// (RunResult.adapters: adapters and head, SWAG moments, ensemble members, T, Laplace's GGN), so it
// predicts new text exactly as the run predicted its test split: the same predict path, seeds and
// sample numbering (the try-a-sentence panel, train/text_prediction.ts).
import type { AdapterMethod } from '../../engine/adapters/config';
import { resolveAdapterSites } from '../../engine/adapters/config';
import type { AdapterInit } from '../../engine/adapters/init';
import { buildBertClassifier } from '../../engine/bert/build';
import type { BertClassifier } from '../../engine/bert/model';
import type { NamedTensor } from '../../model/safetensors';
import { swagFromTensors } from '../../bayes/swag_tensors';
import { GgnAccumulator, LaplacePosterior } from '../../bayes/laplace';
import { bayesAverage } from '../../bayes/predictive';
import { adapterConfigFor, withDropout } from '../common/adapter_config';
import { releaseClassifier } from '../common/build';
import { predictSplit, summarizeSamples, type DetailedPredictions } from '../common/predict';
import type { TokenizedSplit } from '../common/batches';
import { storeFromState } from '../common/swag_store';
import { swagPredictOptions } from './swag';
import { mcDropoutSeed } from './mc_dropout';
import { laplaceSampleSeed, linearizedPredict } from './laplace';
import type { MethodContext } from '../common/types';

/** A run whose stored tensors cannot rebuild its predictor (a record from before they were kept, or damaged). */
export class RunNotRestorable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunNotRestorable';
  }
}

/** Where the split's rows sit in the split the run predicted: batch number and example index of its first row. */
export interface SplitPlace {
  firstBatch: number;
  firstIndex: number;
}

export type RestoredPredictions = DetailedPredictions & { sampleProbs: Float32Array; expectedEntropy: Float32Array; samples: number };

export interface RestoredRun {
  /**
   * MC dropout: an example's masks depend on its row and the padded length of its evaluation batch,
   * so a test example is predicted again only within its whole batch.
   */
  readonly needsBatch: boolean;
  predict(split: TokenizedSplit, at?: SplitPlace): Promise<RestoredPredictions>;
  release(): void;
}

const HEAD = ['pooler.dense.weight', 'pooler.dense.bias', 'classifier.weight', 'classifier.bias'];

function tensorsByName(tensors: readonly (NamedTensor & { name: string })[]): Map<string, NamedTensor> {
  return new Map(tensors.map((t) => [t.name, { shape: t.shape, data: t.data }]));
}

/** The classifier with the run's adapters and head (tensor names under `prefix`, e.g. an ensemble member's). */
function rebuild(ctx: MethodContext, method: AdapterMethod, byName: Map<string, NamedTensor>, prefix = ''): BertClassifier {
  const cfg = withDropout(ctx.model.config, ctx.method.dropout);
  const ac = adapterConfigFor(ctx.method, method);
  const need = (name: string) => {
    const t = byName.get(prefix + name);
    if (!t) throw new RunNotRestorable(`the run keeps no tensor ${prefix + name}`);
    return t;
  };
  const adapterInit: AdapterInit[] = resolveAdapterSites(cfg, ac).map((site) => ({
    site,
    a: need(`${site.path}.lora_A`).data as Float32Array,
    b: need(`${site.path}.lora_B`).data as Float32Array,
    r: method === 'loraxs' ? (need(`${site.path}.lora_R`).data as Float32Array) : null,
  }));
  const weights = new Map(ctx.model.weights);
  for (const h of HEAD) weights.set(h, need(h));
  return buildBertClassifier(ctx.be, cfg, weights, ac, { seed: ctx.method.seed, numLabels: ctx.data.nClasses, adapterInit });
}

function scalar(byName: Map<string, NamedTensor>, name: string): number {
  const t = byName.get(name);
  if (!t || t.data.length !== 1) throw new RunNotRestorable(`the run keeps no ${name}`);
  return t.data[0];
}

/** With expected entropy and samples from per-sample probabilities [S, N, C] (ensembles, Laplace). */
function fromSamples(p: DetailedPredictions, sampleProbs: Float32Array, S: number, C: number): RestoredPredictions {
  const avg = bayesAverage(sampleProbs, S, p.labels.length, C, 'probs');
  return { ...p, sampleProbs, expectedEntropy: avg.expectedEntropy, samples: S };
}

function detailed(p: DetailedPredictions, S: number): RestoredPredictions {
  if (!p.sampleProbs || !p.expectedEntropy) throw new Error('restored run: the prediction kept no samples');
  return { ...p, sampleProbs: p.sampleProbs, expectedEntropy: p.expectedEntropy, samples: S };
}

/**
 * The predictor of the run `ctx.method` describes, from its tensors. Its numbers equal the run's
 * stored test predictions for a test example predicted at its place (SplitPlace); a Laplace run's
 * curvature is kept in f32, so its numbers agree to round-off only.
 */
export function restoreRun(ctx: MethodContext, tensors: readonly (NamedTensor & { name: string })[]): RestoredRun {
  const m = ctx.method;
  const C = ctx.data.nClasses;
  if (!Array.isArray(tensors) || tensors.length === 0) throw new RunNotRestorable('it was stored without its adapter tensors');
  const byName = tensorsByName(tensors);
  const origin: SplitPlace = { firstBatch: 0, firstIndex: 0 };
  switch (m.kind) {
    case 'lora':
    case 'lora-xs':
    case 'temperature': {
      const model = rebuild(ctx, m.kind === 'lora' ? 'lora' : 'loraxs', byName);
      const temperature = m.kind === 'temperature' ? scalar(byName, 'temperature') : 1;
      return {
        needsBatch: false,
        predict: async (split) => detailed(await predictSplit(ctx, model, split, { samples: 1, temperature, keepSamples: true }), 1),
        release: () => releaseClassifier(model),
      };
    }
    case 'mc-dropout': {
      const model = rebuild(ctx, 'loraxs', byName);
      return {
        needsBatch: true,
        predict: async (split, at = origin) =>
          detailed(await predictSplit(ctx, model, split, { samples: m.S, mcDropoutSeed: mcDropoutSeed(m), firstBatch: at.firstBatch, keepSamples: true }), m.S),
        release: () => releaseClassifier(model),
      };
    }
    case 'b-lora-xs':
    case 'swag-lora': {
      const model = rebuild(ctx, m.kind === 'b-lora-xs' ? 'loraxs' : 'lora', byName);
      const state = swagState(byName, m.K);
      const store = storeFromState(ctx.be, state);
      return {
        needsBatch: false,
        predict: async (split, at = origin) =>
          detailed(await predictSplit(ctx, model, split, { ...swagPredictOptions(model, store, m), firstBatch: at.firstBatch, keepSamples: true }), m.S),
        release: () => {
          store.release();
          releaseClassifier(model);
        },
      };
    }
    case 'ensemble': {
      const members: BertClassifier[] = [];
      try {
        for (let i = 0; i < m.M; i++) members.push(rebuild(ctx, 'loraxs', byName, `member${i}.`));
      } catch (e) {
        members.forEach(releaseClassifier);
        throw e;
      }
      return {
        needsBatch: false,
        async predict(split) {
          const nc = split.labels.length * C;
          const all = new Float32Array(members.length * nc);
          for (let i = 0; i < members.length; i++) all.set((await predictSplit(ctx, members[i], split, { samples: 1 })).probs, i * nc);
          return fromSamples(summarizeSamples(all, members.length, C, split.labels), all, members.length, C);
        },
        release: () => members.forEach(releaseClassifier),
      };
    }
    case 'laplace': {
      const model = rebuild(ctx, 'loraxs', byName);
      const ggn = byName.get('laplace.ggn');
      const P = resolveAdapterSites(ctx.model.config, adapterConfigFor(m, 'loraxs')).length * m.r * m.r;
      if (!ggn) throw new RunNotRestorable('the run keeps no laplace.ggn');
      let posterior: LaplacePosterior;
      try {
        const theta = new Float32Array(P);
        let o = 0;
        for (const site of resolveAdapterSites(ctx.model.config, adapterConfigFor(m, 'loraxs'))) {
          theta.set(byName.get(`${site.path}.lora_R`)!.data as Float32Array, o);
          o += m.r * m.r;
        }
        posterior = new LaplacePosterior(GgnAccumulator.fromPrecision(P, m.laplace.structure, ggn.data), theta);
        posterior.setPriorPrecision(scalar(byName, 'laplace.prior_precision'));
      } catch (e) {
        releaseClassifier(model);
        throw e instanceof RunNotRestorable ? e : new RunNotRestorable(`its Laplace posterior does not fit: ${(e as Error).message}`);
      }
      return {
        needsBatch: false,
        async predict(split, at = origin) {
          const p = await linearizedPredict(ctx, model, posterior, split, m.S, laplaceSampleSeed(m), { firstIndex: at.firstIndex, keepSamples: true });
          return fromSamples(p, p.sampleProbs!, m.S, C);
        },
        release: () => releaseClassifier(model),
      };
    }
  }
}

/**
 * The SWAG posterior from swag.* tensors, its ring buffer as it stood in training: the export writes
 * the deviations oldest first, while draw k pairs z₂[k] with ring slot k (swag_tensors.ts), so the
 * rows go back to their slots for the run's own draws.
 */
function swagState(byName: Map<string, NamedTensor>, K: number) {
  const get = (n: string) => {
    const t = byName.get(n);
    if (!t) throw new RunNotRestorable(`the run keeps no ${n}`);
    return t;
  };
  const n = Math.round(get('swag.n').data[0]);
  const dev = get('swag.deviations');
  const s = swagFromTensors(
    {
      'swag.mean': { dtype: 'F32', shape: get('swag.mean').shape, data: get('swag.mean').data as Float32Array },
      'swag.sq_mean': { dtype: 'F32', shape: get('swag.sq_mean').shape, data: get('swag.sq_mean').data as Float32Array },
      'swag.deviations': { dtype: 'F32', shape: dev.shape, data: dev.data as Float32Array },
      'swag.n': { dtype: 'I64', shape: [], data: BigInt64Array.of(BigInt(n)) },
    },
    K,
  );
  if (K > 0 && s.rows === K) {
    const oldest = n % K;
    const rows = Float32Array.from(s.deviations);
    for (let r = 0; r < K; r++) s.deviations.set(rows.subarray(r * s.P, (r + 1) * s.P), ((oldest + r) % K) * s.P);
    s.writeIndex = oldest;
  }
  return s;
}
