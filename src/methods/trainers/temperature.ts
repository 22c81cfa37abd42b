// Temperature scaling (docs/METHOD.md §8): a LoRA-XS MAP model whose logits are divided by one scalar
// T, fitted on the validation split's NLL after training.
import { fitTemperature } from '../../bayes/temperature';
import type { MethodContext, MethodTrainer, TrainedMethod } from '../common/types';
import { trainPointEstimate } from './deterministic';
import { predictSplit, splitLogits } from '../common/predict';

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

export const temperatureMethod: MethodTrainer = {
  kind: 'temperature',
  async train(ctx) {
    const base = await trainPointEstimate(ctx, 'loraxs', ctx.method.seed);
    const t = await temperatureFrom(ctx, base);
    return { ...t, release: () => base.release() };
  },
};
