// The tensor names and shapes a BERT checkpoint must hold (Hugging Face names without "bert."),
// from its config alone: what the loader checks a checkpoint against and the engine builds from.
import type { BertConfig } from './config';

/** Names and shapes of the encoder (embeddings + layers) and, if withPooler, the pooler. */
export function expectedBertShapes(cfg: BertConfig, withPooler = true): Map<string, number[]> {
  const H = cfg.hiddenSize,
    I = cfg.intermediateSize;
  const m = new Map<string, number[]>();
  m.set('embeddings.word_embeddings.weight', [cfg.vocabSize, H]);
  m.set('embeddings.position_embeddings.weight', [cfg.maxPositionEmbeddings, H]);
  m.set('embeddings.token_type_embeddings.weight', [cfg.typeVocabSize, H]);
  m.set('embeddings.LayerNorm.weight', [H]);
  m.set('embeddings.LayerNorm.bias', [H]);
  for (let l = 0; l < cfg.numHiddenLayers; l++) {
    const p = `encoder.layer.${l}.`;
    for (const n of ['attention.self.query', 'attention.self.key', 'attention.self.value', 'attention.output.dense']) {
      m.set(`${p}${n}.weight`, [H, H]);
      m.set(`${p}${n}.bias`, [H]);
    }
    m.set(`${p}attention.output.LayerNorm.weight`, [H]);
    m.set(`${p}attention.output.LayerNorm.bias`, [H]);
    m.set(`${p}intermediate.dense.weight`, [I, H]);
    m.set(`${p}intermediate.dense.bias`, [I]);
    m.set(`${p}output.dense.weight`, [H, I]);
    m.set(`${p}output.dense.bias`, [H]);
    m.set(`${p}output.LayerNorm.weight`, [H]);
    m.set(`${p}output.LayerNorm.bias`, [H]);
  }
  if (withPooler) {
    m.set('pooler.dense.weight', [H, H]);
    m.set('pooler.dense.bias', [H]);
  }
  return m;
}
