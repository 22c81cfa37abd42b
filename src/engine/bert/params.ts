// The model's weights uploaded to a backend, grouped the way the encoder uses them.
import type { Backend, Tensor } from '../backend';
import type { BertConfig } from '../../model/config';
import type { BertWeights } from './weights';

export interface LinearParams {
  w: Tensor;
  b: Tensor;
}
export interface NormParams {
  g: Tensor;
  b: Tensor;
}

export interface LayerParams {
  query: LinearParams;
  key: LinearParams;
  value: LinearParams;
  attnOut: LinearParams;
  ln1: NormParams;
  ffnIn: LinearParams;
  ffnOut: LinearParams;
  ln2: NormParams;
}

export interface BertParams {
  word: Tensor;
  pos: Tensor;
  type: Tensor;
  embLn: NormParams;
  layers: LayerParams[];
  pooler: LinearParams;
  classifier: LinearParams;
}

export function uploadBertParams(be: Backend, cfg: BertConfig, w: BertWeights): BertParams {
  const t = (name: string): Tensor => {
    const x = w.get(name);
    if (!x) throw new Error(`weights: tensor "${name}" is missing`);
    return be.upload(x.data, x.shape, name);
  };
  const lin = (p: string): LinearParams => ({ w: t(`${p}.weight`), b: t(`${p}.bias`) });
  const ln = (p: string): NormParams => ({ g: t(`${p}.weight`), b: t(`${p}.bias`) });
  const layers: LayerParams[] = [];
  for (let l = 0; l < cfg.numHiddenLayers; l++) {
    const p = `encoder.layer.${l}.`;
    layers.push({
      query: lin(`${p}attention.self.query`),
      key: lin(`${p}attention.self.key`),
      value: lin(`${p}attention.self.value`),
      attnOut: lin(`${p}attention.output.dense`),
      ln1: ln(`${p}attention.output.LayerNorm`),
      ffnIn: lin(`${p}intermediate.dense`),
      ffnOut: lin(`${p}output.dense`),
      ln2: ln(`${p}output.LayerNorm`),
    });
  }
  return {
    word: t('embeddings.word_embeddings.weight'),
    pos: t('embeddings.position_embeddings.weight'),
    type: t('embeddings.token_type_embeddings.weight'),
    embLn: ln('embeddings.LayerNorm'),
    layers,
    pooler: lin('pooler.dense'),
    classifier: lin('classifier'),
  };
}

export function releaseBertParams(be: Backend, p: BertParams): void {
  const all: Tensor[] = [p.word, p.pos, p.type, p.embLn.g, p.embLn.b, p.pooler.w, p.pooler.b, p.classifier.w, p.classifier.b];
  for (const L of p.layers) {
    for (const x of [L.query, L.key, L.value, L.attnOut, L.ffnIn, L.ffnOut]) all.push(x.w, x.b);
    all.push(L.ln1.g, L.ln1.b, L.ln2.g, L.ln2.b);
  }
  for (const t of all) be.release(t);
}
