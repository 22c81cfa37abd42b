// LoRA-XS on each family's tiny model: the truncated SVD of the default targets, then a few AdamW
// steps on one batch (no dropout) must give a finite, falling loss.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LORA_XS_MODULES } from '../../model/families';
import { ADAPTER_MODULES, loraXsDefaults } from '../adapters/config';
import { CpuBackend } from '../cpu/backend';
import { uploadBatch } from './batch';
import { buildBertClassifier } from './build';
import { FAMILY_FIXTURES, loadFamilyFixture } from './testing/family_fixture';
import { DEFAULT_OPTIMIZER, Trainer } from './train';

describe('LoRA-XS trains on every family', () => {
  it('the registry names the engine modules', () => {
    expect(loraXsDefaults(2).modules).toEqual(DEFAULT_LORA_XS_MODULES);
    for (const m of DEFAULT_LORA_XS_MODULES) expect(ADAPTER_MODULES).toContain(m);
  });

  for (const name of FAMILY_FIXTURES) {
    it(`${name}: SVD set-up and 8 steps, loss finite and falling`, async () => {
      const { model: m, ref } = await loadFamilyFixture(name);
      const be = new CpuBackend();
      let svds = 0;
      const model = buildBertClassifier(be, m.config, m.weights, loraXsDefaults(2), { seed: 3, numLabels: 2, onAdapterInit: () => svds++ });
      expect(svds).toBe(m.config.numHiddenLayers * 4);
      const [B, S] = [ref.input_ids.length, ref.input_ids[0].length];
      const batch = uploadBatch(be, {
        batch: B,
        seqLen: S,
        ids: Int32Array.from(ref.input_ids.flat()),
        typeIds: new Int32Array(B * S),
        mask: Float32Array.from(ref.attention_mask.flat()),
        labels: Int32Array.from({ length: B }, (_, i) => i % 2),
      });
      const trainer = new Trainer(model, { ...DEFAULT_OPTIMIZER, dropout: false, adapterLr: 1e-2, headLr: 1e-2 });
      const losses: number[] = [];
      for (let s = 0; s < 8; s++) {
        const loss = trainer.trainStep(batch);
        losses.push((be.view(loss) as Float32Array)[0]);
        be.release(loss);
      }
      console.log(`${name}: loss ${losses.map((l) => l.toFixed(4)).join(' → ')}`);
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses[7]).toBeLessThan(losses[0] - 0.05);
    });
  }
});
