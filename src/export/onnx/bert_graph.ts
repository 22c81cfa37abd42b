// The ONNX graph of Hugging Face BertForSequenceClassification in eval mode, from a full set of
// weights (HF names without "bert."): word + position + token-type embeddings, LayerNorm, post-LN
// encoder layers (additive mask (1 − mask)·finfo(f32).min, softmax(QKᵀ/√d), erf GELU), pooler
// act(dense([CLS])) (Tanh, or Relu for DistilBERT's pre_classifier: cfg.headActivation) and the
// classifier. Inputs input_ids, attention_mask, token_type_ids are int64 [batch, sequence] (both
// dynamic); outputs logits [batch, classes] and their softmax.
// The other families run the same graph on their weights in the engine's layout: RoBERTa/XLM-R's
// position table starts at padding_idx + 1 (the loader cut the rows below), so position i is HF's
// position id padding_idx + 1 + i, which HF gives every non-pad token of a right-padded row; a family
// with one token type (DistilBERT, RoBERTa, XLM-R) has no token_type_ids input and adds its row 0.
import type { BertConfig } from '../../model/config';
import { validateShapes, type TensorMap } from '../../model/safetensors';
import { expectedBertShapes } from '../../model/bert_shapes';
import { attr, GraphBuilder } from './graph_builder';
import type { OnnxGraph, OnnxValueInfo } from './onnx_proto';

export interface BertGraphOptions {
  numLabels: number;
  /** Divide the logits by this (temperature scaling); 1 or undefined leaves them as they are. */
  temperature?: number;
  /** Also output softmax(logits) as "probabilities" (default true). */
  probabilities?: boolean;
  /** Take token_type_ids (default true); false adds token type 0 to every token, as one-type families do. */
  tokenTypes?: boolean;
  name?: string;
  docString?: string;
}

/** torch.finfo(torch.float32).min, the value Hugging Face adds at masked positions. */
const MASK_MIN = -3.4028234663852886e38;

export const BERT_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'] as const;

/** Every tensor the graph reads, with its shape: the encoder, the pooler and the classifier. */
export function bertClassifierShapes(cfg: BertConfig, numLabels: number): Map<string, number[]> {
  const m = expectedBertShapes(cfg, true);
  m.set('classifier.weight', [numLabels, cfg.hiddenSize]);
  m.set('classifier.bias', [numLabels]);
  return m;
}

/** W [out, in] → Wᵀ [in, out], so a linear is one MatMul on [batch, seq, in] activations. */
function transpose(w: Float32Array, out: number, inF: number): Float32Array {
  const t = new Float32Array(w.length);
  for (let i = 0; i < out; i++) for (let j = 0; j < inF; j++) t[j * out + i] = w[i * inF + j];
  return t;
}

export function bertClassifierGraph(cfg: BertConfig, weights: TensorMap, opts: BertGraphOptions): OnnxGraph {
  validateShapes(weights, bertClassifierShapes(cfg, opts.numLabels), 'merged weights');
  const T = opts.temperature ?? 1;
  if (!(T > 0) || !Number.isFinite(T)) throw new Error(`ONNX export: the temperature must be a positive number, got ${T}`);
  const g = new GraphBuilder();
  const H = cfg.hiddenSize,
    nH = cfg.numAttentionHeads,
    dH = H / nH;
  const w = (name: string) => weights.get(name)!;
  const init = (name: string) => g.weight(name, w(name).shape, w(name).data);
  const linear = (x: string, prefix: string): string => {
    const W = w(`${prefix}.weight`);
    const [out, inF] = W.shape;
    const wt = g.weight(`${prefix}.weight_T`, [inF, out], transpose(W.data, out, inF));
    return g.op('Add', [g.op('MatMul', [x, wt]), init(`${prefix}.bias`)]);
  };
  const layerNorm = (x: string, prefix: string) =>
    g.op('LayerNormalization', [x, init(`${prefix}.weight`), init(`${prefix}.bias`)], { axis: attr.i(-1), epsilon: attr.f(cfg.layerNormEps) });

  const withTypes = opts.tokenTypes ?? true;
  const [ids, mask, types] = BERT_INPUTS.map((n) => g.fresh(n));
  const one = g.scalar('one', 1);

  // Embeddings: positions 0 … seq − 1 from the input's own length.
  const seqLen = g.op('Gather', [g.op('Shape', [ids]), g.int64('dim1', [1], [])], { axis: attr.i(0) });
  const positions = g.op('Range', [g.int64('zero_i64', [0], []), seqLen, g.int64('one_i64', [1], [])]);
  let emb = g.op('Add', [
    g.op('Gather', [init('embeddings.word_embeddings.weight'), ids]),
    g.op('Gather', [init('embeddings.position_embeddings.weight'), positions]),
  ]);
  const typeTable = w('embeddings.token_type_embeddings.weight');
  const typeEmb = withTypes
    ? g.op('Gather', [init('embeddings.token_type_embeddings.weight'), types])
    : g.weight('token_type_0', [H], typeTable.data.slice(0, H));
  emb = g.op('Add', [emb, typeEmb]);
  let h = layerNorm(emb, 'embeddings.LayerNorm');

  // Additive attention mask [batch, 1, 1, seq].
  const keep = g.op('Cast', [mask], { to: attr.i(1) });
  const additive = g.op('Unsqueeze', [g.op('Mul', [g.op('Sub', [one, keep]), g.scalar('mask_min', MASK_MIN)]), g.int64('axes_1_2', [1, 2])]);

  const headsShape = g.int64('heads_shape', [0, 0, nH, dH]);
  const hiddenShape = g.int64('hidden_shape', [0, 0, H]);
  const sqrtDh = g.scalar('sqrt_head_dim', Math.sqrt(dH));
  const sqrt2 = g.scalar('sqrt2', Math.SQRT2);
  const half = g.scalar('half', 0.5);
  const split = (x: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [x, headsShape])], { perm: attr.ints(perm) });

  for (let l = 0; l < cfg.numHiddenLayers; l++) {
    const p = `encoder.layer.${l}.`;
    const q = split(linear(h, `${p}attention.self.query`), [0, 2, 1, 3]);
    const kT = split(linear(h, `${p}attention.self.key`), [0, 2, 3, 1]);
    const v = split(linear(h, `${p}attention.self.value`), [0, 2, 1, 3]);
    const scores = g.op('Add', [g.op('Div', [g.op('MatMul', [q, kT]), sqrtDh]), additive]);
    const probs = g.op('Softmax', [scores], { axis: attr.i(-1) });
    const ctx = g.op('Reshape', [g.op('Transpose', [g.op('MatMul', [probs, v])], { perm: attr.ints([0, 2, 1, 3]) }), hiddenShape]);
    const h1 = layerNorm(g.op('Add', [linear(ctx, `${p}attention.output.dense`), h]), `${p}attention.output.LayerNorm`);
    const pre = linear(h1, `${p}intermediate.dense`);
    const gelu = g.op('Mul', [g.op('Mul', [pre, g.op('Add', [g.op('Erf', [g.op('Div', [pre, sqrt2])]), one])]), half]);
    h = layerNorm(g.op('Add', [linear(gelu, `${p}output.dense`), h1]), `${p}output.LayerNorm`);
  }

  const cls = g.op('Gather', [h, g.int64('cls_index', [0], [])], { axis: attr.i(1) });
  const pooled = g.op(cfg.headActivation === 'relu' ? 'Relu' : 'Tanh', [linear(cls, 'pooler.dense')]);
  const raw = linear(pooled, 'classifier');
  const logits = T === 1 ? g.op('Identity', [raw], undefined, 'logits') : g.op('Div', [raw, g.scalar('temperature', T)], undefined, 'logits');
  const outputs: OnnxValueInfo[] = [{ name: logits, elemType: 'float32', shape: ['batch', opts.numLabels] }];
  if (opts.probabilities ?? true) {
    outputs.push({ name: g.op('Softmax', [logits], { axis: attr.i(-1) }, 'probabilities'), elemType: 'float32', shape: ['batch', opts.numLabels] });
  }
  const inputs: OnnxValueInfo[] = (withTypes ? [ids, mask, types] : [ids, mask]).map((name) => ({ name, elemType: 'int64', shape: ['batch', 'sequence'] }));
  return g.build(opts.name ?? 'bert_for_sequence_classification', inputs, outputs, opts.docString);
}
