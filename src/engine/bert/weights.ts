// BERT weights by Hugging Face name without the "bert." prefix, e.g.
// "encoder.layer.0.attention.self.query.weight"; linear weights are [out, in] as PyTorch stores them.
import type { BertConfig } from '../../model/config';
import { parseSafetensors, stripPrefix, validateShapes, type NamedTensor } from '../../model/safetensors';
import { philoxNormal } from '../../rng/philox';
import { expectedBertShapes } from '../../model/bert_shapes';

export type BertWeights = Map<string, NamedTensor>;

/**
 * Read BERT weights from safetensors bytes: strips "bert.", checks every encoder tensor's shape.
 * A missing pooler (some exports drop it) or classifier is filled in by initHead().
 */
export function loadBertWeights(bytes: Uint8Array, cfg: BertConfig, file = 'model.safetensors'): BertWeights {
  const all = stripPrefix(parseSafetensors(bytes, file));
  validateShapes(all, expectedBertShapes(cfg, false), file);
  const H = cfg.hiddenSize;
  const opt = new Map<string, number[]>();
  if (all.has('pooler.dense.weight') || all.has('pooler.dense.bias')) {
    opt.set('pooler.dense.weight', [H, H]);
    opt.set('pooler.dense.bias', [H]);
  }
  if (all.has('classifier.weight') || all.has('classifier.bias')) {
    opt.set('classifier.weight', [cfg.numLabels, H]);
    opt.set('classifier.bias', [cfg.numLabels]);
  }
  validateShapes(all, opt, file);
  return all;
}

/**
 * Add the classification head where missing, as Hugging Face's _init_weights does:
 * weights ~ N(0, 0.02²) (Philox streams 0xC1A5 and 0xC1A6), biases 0.
 */
export function initHead(w: BertWeights, cfg: BertConfig, numLabels: number, seed: number, initializerRange = 0.02): void {
  const H = cfg.hiddenSize;
  const normal = (n: number, stream: number) => {
    const a = philoxNormal(seed, stream, new Float32Array(n));
    for (let i = 0; i < n; i++) a[i] *= initializerRange;
    return a;
  };
  if (!w.has('pooler.dense.weight')) {
    w.set('pooler.dense.weight', { shape: [H, H], data: normal(H * H, 0xc1a5) });
    w.set('pooler.dense.bias', { shape: [H], data: new Float32Array(H) });
  }
  const cw = w.get('classifier.weight');
  if (!cw || cw.shape[0] !== numLabels) {
    w.set('classifier.weight', { shape: [numLabels, H], data: normal(numLabels * H, 0xc1a6) });
    w.set('classifier.bias', { shape: [numLabels], data: new Float32Array(numLabels) });
  }
}
