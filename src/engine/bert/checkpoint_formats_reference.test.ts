// The tiny-bert torch reference outputs again, with the weights loaded from the other checkpoint
// formats (tools/golden/torch_bin_fixtures.py): pytorch_model.bin and two safetensors shards.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../model/loader';
import { nodeDirSource } from '../../model/node_dir_source';
import { loraXsDefaults } from '../adapters/config';
import { CpuBackend } from '../cpu/backend';
import { relErr } from '../cpu/testing/test_helpers';
import { uploadBatch } from './batch';
import { buildBertClassifier } from './build';

const FIX = join(__dirname, '..', '..', 'model', '__fixtures__');

describe('other checkpoint formats vs the torch reference outputs', () => {
  const ref = JSON.parse(readFileSync(join(FIX, 'tiny-bert', 'reference_outputs.json'), 'utf8'));
  for (const dir of ['tiny-bert-torch', 'tiny-bert-sharded']) {
    it(`${dir}: hidden states and pooler output match`, async () => {
      const m = await loadModel(nodeDirSource(join(FIX, dir)));
      const [B, S] = [ref.input_ids.length, ref.input_ids[0].length];
      const be = new CpuBackend();
      const model = buildBertClassifier(be, m.config, m.weights, loraXsDefaults(2), { seed: 1 });
      for (const a of model.adapters) be.write(a.r!, new Float32Array(a.r!.size)); // adapters off: the plain encoder
      const batch = uploadBatch(be, {
        batch: B,
        seqLen: S,
        ids: Int32Array.from(ref.input_ids.flat()),
        typeIds: Int32Array.from(ref.token_type_ids.flat()),
        mask: Float32Array.from(ref.attention_mask.flat()),
      });
      const { cache } = model.forward(batch, { dropout: false, cache: true });
      for (let i = 0; i <= m.config.numHiddenLayers; i++) {
        expect(relErr(be.view(cache.hidden[i]) as Float32Array, ref[`hidden_state_${i}`].data), `hidden_state_${i}`).toBeLessThan(1e-4);
      }
      expect(relErr(be.view(cache.pooled) as Float32Array, ref.pooler_output.data)).toBeLessThan(1e-4);
    });
  }
});
