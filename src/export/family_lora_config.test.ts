// The run's settings as a PEFT LoraConfig in each family's names, from the adapters a classifier
// trained on the family's fixture writes.
import { describe, expect, it } from 'vitest';
import { loraConfig } from './lora_config';
import { trainedOnFixture } from './testing/trained_fixture';

describe('loraConfig in the family names', () => {
  it("DistilBERT: transformer.layer.N q_lin … ffn.lin2, its head modules, no note on the head (it trains HF's ReLU head)", async () => {
    const t = await trainedOnFixture('tiny-distilbert', 'loraxs');
    const { json, python } = loraConfig(t.run.method, t.run.adapters, null, t.model.family);
    expect(json.target_modules).toContain('distilbert.transformer.layer.1.attention.q_lin');
    expect(json.target_modules).toContain('distilbert.transformer.layer.0.ffn.lin2');
    expect(
      (json.target_modules as string[]).every((m) => /^distilbert\.transformer\.layer\.\d\.(attention\.[qkv]_lin|attention\.out_lin|ffn\.lin[12])$/.test(m)),
    ).toBe(true);
    expect(json.modules_to_save).toEqual(['pre_classifier', 'classifier']);
    expect(python).not.toMatch(/ReLU|tanh/);
  });
  it('RoBERTa and XLM-R: roberta.encoder paths, the classifier head module', async () => {
    for (const fixture of ['tiny-roberta', 'tiny-xlmr']) {
      const t = await trainedOnFixture(fixture, 'lora');
      const { json, python } = loraConfig(t.run.method, t.run.adapters, 'owner/x', t.model.family);
      expect((json.target_modules as string[]).every((m) => m.startsWith('roberta.encoder.layer.'))).toBe(true);
      expect(json.modules_to_save).toEqual(['classifier']);
      expect(python).not.toMatch(/ReLU/);
    }
  });
});
