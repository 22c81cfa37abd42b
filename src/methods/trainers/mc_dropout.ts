// MC dropout (docs/METHOD.md §8): a LoRA-XS model trained with dropout, predicting with S passes
// with dropout kept on, averaging the probabilities.
import type { MethodTrainer } from '../common/types';
import { trainPointEstimate } from './deterministic';
import { predictSplit } from '../common/predict';

export const mcDropoutMethod: MethodTrainer = {
  kind: 'mc-dropout',
  async train(ctx) {
    const base = await trainPointEstimate(ctx, 'loraxs', ctx.method.seed);
    const seed = (ctx.method.seed * 31 + 17) >>> 0;
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
