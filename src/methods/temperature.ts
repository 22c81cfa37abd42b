// Temperature scaling (METHOD.md §8): a LoRA-XS MAP model whose logits are divided by one scalar
// T, fitted on the validation split's NLL after training.
import { goldenSectionMin } from '../bayes/laplace';
import type { MethodContext, MethodModule, TrainedMethod } from './types';
import { trainPointEstimate } from './deterministic';
import { predictSplit, splitLogits } from './common/predict';

/** NLL of logits / T (mean over rows), in f64. */
export function temperatureNll(logits: Float32Array, labels: Int32Array, C: number, T: number): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    let mx = -Infinity;
    for (let k = 0; k < C; k++) mx = Math.max(mx, logits[i * C + k] / T);
    let z = 0;
    for (let k = 0; k < C; k++) z += Math.exp(logits[i * C + k] / T - mx);
    sum -= logits[i * C + labels[i]] / T - mx - Math.log(z);
  }
  return sum / Math.max(labels.length, 1);
}

/** T minimising the validation NLL: golden-section search on log T over [0.05, 20] (NLL is unimodal in log T here). */
export function fitTemperature(logits: Float32Array, labels: Int32Array, C: number): { temperature: number; nllBefore: number; nllAfter: number } {
  const t = goldenSectionMin((lt) => temperatureNll(logits, labels, C, Math.exp(lt)), Math.log(0.05), Math.log(20), 1e-6);
  const temperature = Math.exp(t);
  return { temperature, nllBefore: temperatureNll(logits, labels, C, 1), nllAfter: temperatureNll(logits, labels, C, temperature) };
}

type PointEstimate = Awaited<ReturnType<typeof trainPointEstimate>>;

/** Fit T on validation and return a predictor over the same model (the base keeps ownership). */
export async function temperatureFrom(ctx: MethodContext, base: PointEstimate): Promise<TrainedMethod & { temperature: number }> {
  const val = ctx.data.validation;
  if (val.labels.length === 0) throw new Error('temperature scaling needs a validation split to fit T on');
  const logits = await splitLogits(ctx, base.model, val);
  const T = fitTemperature(logits, val.labels, base.model.numLabels).temperature;
  return {
    ...base,
    temperature: T,
    posteriorParams: 1,
    async predict(split) {
      const scaled = await predictSplit(ctx, base.model, split, { samples: 1, temperature: T });
      const raw = await predictSplit(ctx, base.model, split, { samples: 1 });
      return { ...scaled, meanModelProbs: raw.probs };
    },
    async exportTensors() {
      const out = await base.exportTensors();
      out.set('temperature', { shape: [1], data: Float32Array.of(T) });
      return out;
    },
    release: () => {},
  };
}

export const temperatureMethod: MethodModule = {
  kind: 'temperature',
  async train(ctx) {
    const base = await trainPointEstimate(ctx, 'loraxs', ctx.method.seed);
    const t = await temperatureFrom(ctx, base);
    return { ...t, release: () => base.release() };
  },
};
