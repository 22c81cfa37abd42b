// Tiny DistilBERT, RoBERTa, XLM-R and MiniLM-style models (tools/golden/family_fixtures.py) through
// the loader and our encoder on the TypeScript and the WebAssembly CPU backends, against their
// float64 torch reference forwards: every hidden state at the real tokens, and the logits of the
// head we train, which is the checkpoint's own HF head where it has one (RoBERTa's classification
// head; DistilBERT's pre_classifier → ReLU → classifier, families.ts headActivation).
import { describe, expect, it } from 'vitest';
import { loraXsDefaults } from '../adapters/config';
import type { CpuBackend } from '../cpu/backend';
import { CpuBackend as TsBackend } from '../cpu/backend';
import { createWasmCpuBackend } from '../wasm/wasm_backend';
import { uploadBatch } from './batch';
import { buildBertClassifier } from './build';
import { FAMILY_FIXTURES, loadFamilyFixture } from './testing/family_fixture';

/** Max |a − b| / max |b| over the rows (tokens) where mask is 1. */
function maskedRelErr(a: Float32Array, b: number[], mask: number[], width: number): number {
  let d = 0,
    m = 0;
  mask.forEach((keep, row) => {
    if (!keep) return;
    for (let j = row * width; j < (row + 1) * width; j++) {
      d = Math.max(d, Math.abs(a[j] - b[j]));
      m = Math.max(m, Math.abs(b[j]));
    }
  });
  return d / m;
}

const EXPECTED_FAMILY = { 'tiny-distilbert': 'distilbert', 'tiny-roberta': 'roberta', 'tiny-xlmr': 'xlm-roberta', 'tiny-minilm': 'bert' };

describe('other encoder families vs their torch reference forwards', () => {
  for (const backendName of ['ts', 'wasm'] as const) {
    for (const name of FAMILY_FIXTURES) {
      it(`${name} on the ${backendName} backend: hidden states and logits match`, async () => {
        const { model: m, ref, head } = await loadFamilyFixture(name);
        expect(m.family).toBe(EXPECTED_FAMILY[name]);
        const be: CpuBackend = backendName === 'ts' ? new TsBackend() : await createWasmCpuBackend({ threads: 1 });
        const weights = new Map([...m.weights, ...head]);
        const numLabels = head.get('classifier.weight')?.shape[0] ?? 2;
        const model = buildBertClassifier(be, m.config, weights, loraXsDefaults(2), { seed: 1, numLabels });
        for (const a of model.adapters) be.write(a.r!, new Float32Array(a.r!.size)); // adapters off: the plain encoder
        const [B, S] = [ref.input_ids.length, ref.input_ids[0].length];
        const mask: number[] = ref.attention_mask.flat();
        const batch = uploadBatch(be, {
          batch: B,
          seqLen: S,
          ids: Int32Array.from(ref.input_ids.flat()),
          typeIds: new Int32Array(B * S),
          mask: Float32Array.from(mask),
        });
        const { logits, cache } = model.forward(batch, { dropout: false, cache: true });
        const errs: Record<string, number> = {};
        const H = m.config.hiddenSize;
        for (let i = 0; i <= m.config.numHiddenLayers; i++)
          errs[`hidden_state_${i}`] = maskedRelErr(be.view(cache.hidden[i]) as Float32Array, ref[`hidden_state_${i}`].data, mask, H);
        if (ref.logits_trained_head) errs.logits = maskedRelErr(be.view(logits) as Float32Array, ref.logits_trained_head.data, new Array(B).fill(1), numLabels);
        if (ref.logits_checkpoint_head)
          errs.logitsHfHead = maskedRelErr(be.view(logits) as Float32Array, ref.logits_checkpoint_head.data, new Array(B).fill(1), numLabels);
        if (ref.pooler_output) errs.pooler = maskedRelErr(be.view(cache.pooled) as Float32Array, ref.pooler_output.data, new Array(B).fill(1), H);
        console.log(
          `${name} ${backendName}: max rel. error ${Math.max(...Object.values(errs)).toExponential(2)}`,
          JSON.stringify(errs, (_, v) => (typeof v === 'number' ? Number(v.toExponential(2)) : v)),
        );
        for (const [k, e] of Object.entries(errs)) expect(e, k).toBeLessThan(1e-4);
      });
    }
  }
});
