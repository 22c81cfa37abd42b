// The CPU backend against PyTorch (float64) on the golden fixtures: rel err ≤ 1e-4 per tensor.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/backend';
import { relErr } from '../cpu/testing/test_helpers';
import { initAdapters } from '../adapters/init';
import { truncatedSvd } from '../linalg/svd';
import { uploadBatch } from './batch';
import { buildBertClassifier } from './build';
import { loadEngineGolden } from './testing/golden_fixture';

const golden = loadEngineGolden();
const TOL = 1e-4;

describe('CPU BERT vs PyTorch golden fixtures', () => {
  for (const [name, v] of golden.variants) {
    it(`${name}: logits, loss, pooled output, hidden states and every trainable gradient match`, () => {
      const be = new CpuBackend();
      const model = buildBertClassifier(be, v.config, golden.weights, v.adapter, { seed: 0, adapterInit: v.adapterInit });
      const batch = uploadBatch(be, golden.batch);
      const { logits, cache } = model.forward(batch, { dropout: false, cache: true });
      const view = (t: Parameters<CpuBackend['view']>[0]) => be.view(t) as Float32Array;
      expect(relErr(view(logits), v.logits)).toBeLessThan(TOL);
      expect(relErr(view(cache.pooled), v.pooled)).toBeLessThan(TOL);
      expect(cache.hidden.length).toBe(v.hidden.length);
      cache.hidden.forEach((h, i) => expect(relErr(view(h), v.hidden[i]), `hidden ${i}`).toBeLessThan(TOL));
      const { loss, dLogits } = be.softmaxCrossEntropy(logits, batch.labels!);
      expect(Math.abs(view(loss)[0] - v.loss) / v.loss).toBeLessThan(TOL);
      const grads = model.backward(cache, dLogits);
      expect([...grads.keys()].sort()).toEqual([...v.grads.keys()].sort());
      for (const [g, want] of v.grads) expect(relErr(view(grads.get(g)!), want), g).toBeLessThan(TOL);
    });
  }

  it('LoRA-XS A = Σ_r V_rᵀ and B = U_r from our SVD match numpy with the same sign convention', () => {
    const v = golden.variants.get('loraxs')!;
    const mine = initAdapters(golden.config, golden.weights, v.adapter, 1);
    mine.forEach((m, i) => {
      expect(m.site.path).toBe(v.adapterInit[i].site.path);
      expect(relErr(m.a, v.adapterInit[i].a), `${m.site.path}.A`).toBeLessThan(TOL);
      expect(relErr(m.b, v.adapterInit[i].b), `${m.site.path}.B`).toBeLessThan(TOL);
    });
  });

  it('singular values match numpy', () => {
    const { matrix, m, n, singularValues } = golden.svd;
    const { s } = truncatedSvd(matrix, m, n, Math.min(m, n));
    expect(relErr(s, singularValues)).toBeLessThan(1e-6);
  });
});
