// LoRA and LoRA-XS: the MAP point estimates (docs/METHOD.md §1–2), predicting with one forward pass.
import type { AdapterMethod } from '../../engine/adapters/config';
import type { MethodContext, MethodTrainer, TrainedMethod } from '../common/types';
import { adapterParamCount, buildClassifier, classifierTensors, releaseClassifier } from '../common/build';
import { trainLoop } from '../common/train_loop';
import { predictSplit } from '../common/predict';

export async function trainPointEstimate(
  ctx: MethodContext,
  method: AdapterMethod,
  seed: number,
): Promise<TrainedMethod & { model: ReturnType<typeof buildClassifier> }> {
  const model = buildClassifier(ctx, method, seed);
  const loop = await trainLoop(ctx, model, seed);
  return {
    model,
    trainableParams: adapterParamCount(ctx, method),
    posteriorParams: 0,
    warning: loop.diverged,
    note: loop.note,
    predict: (split) => predictSplit(ctx, model, split, { samples: 1 }),
    exportTensors: () => classifierTensors(model),
    release: () => releaseClassifier(model),
  };
}

export const loraMethod: MethodTrainer = { kind: 'lora', train: (ctx) => trainPointEstimate(ctx, 'lora', ctx.method.seed) };
export const loraXsMethod: MethodTrainer = { kind: 'lora-xs', train: (ctx) => trainPointEstimate(ctx, 'loraxs', ctx.method.seed) };
