// Deep ensemble (docs/METHOD.md §8): M LoRA-XS runs from different seeds; the predictive is the
// average of the members' probabilities, and the members' spread gives the mutual information.
import type { TensorMap } from '../../model/safetensors';
import type { MethodTrainer, TrainedMethod } from '../common/types';
import { METHOD_CATALOG } from '../config';
import { trainPointEstimate } from './deterministic';
import { splitLogits, softmaxRows, summarizeSamples } from '../common/predict';
import { classifierTensors } from '../common/build';

export const ensembleMethod: MethodTrainer = {
  kind: 'ensemble',
  async train(ctx) {
    const members: Awaited<ReturnType<typeof trainPointEstimate>>[] = [];
    for (let i = 0; i < ctx.method.M; i++) members.push(await trainPointEstimate(ctx, 'loraxs', ctx.method.seed + 1000 * i));
    const trained: TrainedMethod = {
      trainableParams: METHOD_CATALOG.ensemble.trainableParams(members[0].trainableParams, ctx.method),
      posteriorParams: METHOD_CATALOG.ensemble.posteriorParams(members[0].trainableParams, ctx.method),
      warning: members.map((m) => m.warning).find(Boolean),
      note: members.some((m) => m.note)
        ? members
            .map((m, i) => (m.note ? `member ${i + 1}: ${m.note}` : ''))
            .filter(Boolean)
            .join('; ')
        : undefined,
      async predict(split) {
        const C = members[0].model.numLabels;
        const nc = split.labels.length * C;
        const all = new Float32Array(members.length * nc);
        for (let i = 0; i < members.length; i++) softmaxRows(await splitLogits(ctx, members[i].model, split), C, 1, all.subarray(i * nc, (i + 1) * nc));
        return { ...summarizeSamples(all, members.length, C, split.labels), meanModelProbs: all.slice(0, nc) };
      },
      async exportTensors() {
        const out: TensorMap = new Map();
        for (let i = 0; i < members.length; i++) for (const [k, v] of await classifierTensors(members[i].model, `member${i}.`)) out.set(k, v);
        return out;
      },
      release: () => members.forEach((m) => m.release()),
    };
    return trained;
  },
};
