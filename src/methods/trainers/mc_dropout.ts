// MC dropout (docs/METHOD.md §8): a LoRA-XS model trained with dropout, predicting with S passes
// with dropout kept on, averaging the probabilities.
import type { MethodTrainer } from '../common/types';
import type { MethodConfig } from '../config';
import { trainPointEstimate } from './deterministic';
import { predictSplit } from '../common/predict';

/** The base seed of an MC-dropout run's test-time dropout masks. */
export const mcDropoutSeed = (m: Pick<MethodConfig, 'seed'>) => (m.seed * 31 + 17) >>> 0;

export const mcDropoutMethod: MethodTrainer = {
  kind: 'mc-dropout',
  async train(ctx) {
    const base = await trainPointEstimate(ctx, 'loraxs', ctx.method.seed);
    const seed = mcDropoutSeed(ctx.method);
    return {
      ...base,
      async predict(split) {
        const mc = await predictSplit(ctx, base.model, split, { samples: ctx.method.S, mcDropoutSeed: seed });
        if (ctx.options.meanModel === false) return mc;
        const det = await predictSplit(ctx, base.model, split, { samples: 1 });
        return { ...mc, meanModelProbs: det.probs };
      },
    };
  },
};
