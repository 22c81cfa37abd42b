// The adapter file check on the other families: adapters a classifier trained a few steps on each
// family's fixture writes (classifierTensors) fit that model, and on a model of another shape the
// check names the first tensor that does not fit, both shapes and the family's own module name.
import { describe, expect, it } from 'vitest';
import { checkAdaptersFitBase } from './adapter_check';
import { R, trainedOnFixture } from './testing/trained_fixture';

describe('checkAdaptersFitBase on every family', () => {
  for (const fixture of ['tiny-distilbert', 'tiny-roberta', 'tiny-xlmr', 'tiny-minilm']) {
    it(`${fixture}: its own adapters fit`, async () => {
      const t = await trainedOnFixture(fixture, 'loraxs');
      expect(() => checkAdaptersFitBase(t.model.weights, t.run.adapters, R, fixture, t.model.family)).not.toThrow();
    });
  }

  it("MiniLM's adapters (FFN 4×, 3 layers) on DistilBERT: the first mismatching tensor, its shape, DistilBERT's name", async () => {
    const minilm = await trainedOnFixture('tiny-minilm', 'loraxs');
    const distil = await trainedOnFixture('tiny-distilbert', 'loraxs');
    // The first of MiniLM's tensors whose shape DistilBERT's own run does not have under that name.
    const own = new Map(distil.run.adapters.map((a) => [a.name, a.shape.join(',')]));
    const first = minilm.run.adapters.find((a) => own.get(a.name) !== a.shape.join(','));
    let message = '';
    try {
      checkAdaptersFitBase(distil.model.weights, minilm.run.adapters, R, 'tiny-distilbert', 'distilbert');
    } catch (e) {
      message = (e as Error).message;
    }
    console.log(message);
    expect(message).toContain(`adapter tensor ${first!.name} has shape [${first!.shape.join(', ')}] but tiny-distilbert needs`);
    expect(message).toMatch(/DistilBERT calls it distilbert\.transformer\.layer\.0\.ffn\.lin[12]\)/);
    // Layer 2 exists only in MiniLM: named with DistilBERT's path when the shapes before it fit.
    const layer2 = minilm.run.adapters.filter((a) => a.name.startsWith('encoder.layer.2.attention.self.query'));
    expect(() => checkAdaptersFitBase(distil.model.weights, layer2, R, 'tiny-distilbert', 'distilbert')).toThrow(
      /no linear layer encoder\.layer\.2\.attention\.self\.query \(no encoder\.layer\.2\.attention\.self\.query\.weight; DistilBERT calls it distilbert\.transformer\.layer\.2\.attention\.q_lin\)/,
    );
  });
});
