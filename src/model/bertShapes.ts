// The tensors a Hugging Face BertModel checkpoint holds (names without the `bert.` prefix)
// and the shapes the config implies. PyTorch layout: Linear weights are [out, in].

import type { BertConfig } from './config';

export function bertTensorShapes(c: BertConfig, opts: { pooler?: boolean } = {}): Map<string, number[]> {
  const H = c.hiddenSize;
  const I = c.intermediateSize;
  const m = new Map<string, number[]>();
  m.set('embeddings.word_embeddings.weight', [c.vocabSize, H]);
  m.set('embeddings.position_embeddings.weight', [c.maxPositionEmbeddings, H]);
  m.set('embeddings.token_type_embeddings.weight', [c.typeVocabSize, H]);
  m.set('embeddings.LayerNorm.weight', [H]);
  m.set('embeddings.LayerNorm.bias', [H]);
  for (let l = 0; l < c.numHiddenLayers; l++) {
    const p = `encoder.layer.${l}.`;
    for (const n of ['query', 'key', 'value']) {
      m.set(`${p}attention.self.${n}.weight`, [H, H]);
      m.set(`${p}attention.self.${n}.bias`, [H]);
    }
    m.set(`${p}attention.output.dense.weight`, [H, H]);
    m.set(`${p}attention.output.dense.bias`, [H]);
    m.set(`${p}attention.output.LayerNorm.weight`, [H]);
    m.set(`${p}attention.output.LayerNorm.bias`, [H]);
    m.set(`${p}intermediate.dense.weight`, [I, H]);
    m.set(`${p}intermediate.dense.bias`, [I]);
    m.set(`${p}output.dense.weight`, [H, I]);
    m.set(`${p}output.dense.bias`, [H]);
    m.set(`${p}output.LayerNorm.weight`, [H]);
    m.set(`${p}output.LayerNorm.bias`, [H]);
  }
  if (opts.pooler ?? true) {
    m.set('pooler.dense.weight', [H, H]);
    m.set('pooler.dense.bias', [H]);
  }
  return m;
}
