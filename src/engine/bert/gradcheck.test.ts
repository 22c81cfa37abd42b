// Finite-difference checks of the full model's adapter gradients (CPU backend), with dropout off
// and with dropout on (a fixed seed makes the masked network a deterministic function of θ).
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/backend';
import { relErr } from '../cpu/testing/test_helpers';
import { getAdapterVector, setAdapterVector } from '../adapters/tensors';
import { uploadBatch } from './batch';
import { buildBertClassifier } from './build';
import { loadEngineGolden } from './testing/golden_fixture';
import type { BertClassifier } from './model';

const golden = loadEngineGolden();

function setup(variant: string, dropoutP: number) {
  const be = new CpuBackend();
  const v = golden.variants.get(variant)!;
  const cfg = { ...v.config, hiddenDropoutProb: dropoutP, attentionProbsDropoutProb: dropoutP };
  const model = buildBertClassifier(be, cfg, golden.weights, v.adapter, { seed: 0, adapterInit: v.adapterInit });
  return { be, model, batch: uploadBatch(be, golden.batch) };
}

function lossAndGrad(be: CpuBackend, model: BertClassifier, batch: ReturnType<typeof uploadBatch>, dropout: boolean) {
  const { logits, cache } = model.forward(batch, { dropout, seed: 77, cache: true });
  const { loss, dLogits } = be.softmaxCrossEntropy(logits, batch.labels!);
  const grads = model.backward(cache, dLogits);
  return { loss: (be.view(loss) as Float32Array)[0], grads };
}

async function checkTheta(variant: string, dropoutP: number, eps: number) {
  const { be, model, batch } = setup(variant, dropoutP);
  const dropout = dropoutP > 0;
  const { grads } = lossAndGrad(be, model, batch, dropout);
  const analytic = model
    .trainableParams()
    .filter((p) => p.group === 'adapter')
    .flatMap((p) => [...(be.view(grads.get(p.name)!) as Float32Array)]);
  const theta = await getAdapterVector(be, model.adapters);
  expect(analytic.length).toBe(theta.length);
  const fd = new Float64Array(theta.length);
  for (let i = 0; i < theta.length; i++) {
    const x0 = theta[i];
    theta[i] = x0 + eps;
    setAdapterVector(be, model.adapters, theta);
    const lp = lossAndGrad(be, model, batch, dropout).loss;
    theta[i] = x0 - eps;
    setAdapterVector(be, model.adapters, theta);
    const lm = lossAndGrad(be, model, batch, dropout).loss;
    theta[i] = x0;
    fd[i] = (lp - lm) / (Math.fround(x0 + eps) - Math.fround(x0 - eps));
  }
  return relErr(analytic, fd);
}

describe('adapter gradients vs central finite differences', () => {
  it('LoRA-XS R gradient (all 8 R matrices), dropout off', async () => {
    expect(await checkTheta('loraxs', 0, 4e-3)).toBeLessThan(2e-3);
  });
  it('LoRA-XS R gradient with hidden and attention dropout on (p = 0.2, fixed seed)', async () => {
    expect(await checkTheta('loraxs', 0.2, 4e-3)).toBeLessThan(2e-3);
  });
  it('LoRA-XS R gradient when only layer 1 FFN-in is adapted (early stop of the backward)', async () => {
    expect(await checkTheta('loraxs_l1', 0, 4e-3)).toBeLessThan(2e-3);
  });
  it('LoRA-XS R gradient through the ReLU head (DistilBERT), dropout off', async () => {
    // A smaller step than the smooth heads': with 4e-3 the differences reach across ReLU's kink (1.6e-2 off).
    expect(await checkTheta('loraxs_relu', 0, 1e-3)).toBeLessThan(2e-3);
  });
});
