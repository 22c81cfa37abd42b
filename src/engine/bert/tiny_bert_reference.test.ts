// An independent oracle: the tiny-bert fixture of src/model (F16 safetensors + config.json, with
// torch outputs written by tools/golden/model_fixtures.py) through our loader and encoder.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBertConfig } from '../../model/config';
import { CpuBackend } from '../cpu/backend';
import { relErr } from '../cpu/testing/test_helpers';
import { loraXsDefaults } from '../adapters/config';
import { uploadBatch } from './batch';
import { buildBertClassifier } from './build';
import { loadBertWeights } from './weights';

const dir = new URL('../../model/__fixtures__/tiny-bert/', import.meta.url);

describe('tiny-bert (F16 safetensors) vs its torch reference outputs', () => {
  it('hidden states and pooler output match', () => {
    const cfg = parseBertConfig(JSON.parse(readFileSync(new URL('config.json', dir), 'utf8')), 'tiny-bert/config.json');
    const weights = loadBertWeights(new Uint8Array(readFileSync(new URL('model.safetensors', dir))), cfg, 'tiny-bert/model.safetensors');
    const ref = JSON.parse(readFileSync(new URL('reference_outputs.json', dir), 'utf8'));
    const [B, S] = [ref.input_ids.length, ref.input_ids[0].length];
    const be = new CpuBackend();
    const model = buildBertClassifier(be, cfg, weights, loraXsDefaults(2), { seed: 1 });
    // With R ~ N(0, 1e-5²) the adapters perturb the encoder slightly; zero them for an exact comparison.
    for (const a of model.adapters) be.write(a.r!, new Float32Array(a.r!.size));
    const batch = uploadBatch(be, {
      batch: B,
      seqLen: S,
      ids: Int32Array.from(ref.input_ids.flat()),
      typeIds: Int32Array.from(ref.token_type_ids.flat()),
      mask: Float32Array.from(ref.attention_mask.flat()),
    });
    const { cache } = model.forward(batch, { dropout: false, cache: true });
    for (let i = 0; i <= cfg.numHiddenLayers; i++) {
      expect(relErr(be.view(cache.hidden[i]) as Float32Array, ref[`hidden_state_${i}`].data), `hidden_state_${i}`).toBeLessThan(1e-4);
    }
    expect(relErr(be.view(cache.hidden[cfg.numHiddenLayers]) as Float32Array, ref.last_hidden_state.data)).toBeLessThan(1e-4);
    expect(relErr(be.view(cache.pooled) as Float32Array, ref.pooler_output.data)).toBeLessThan(1e-4);
  });
});
