// Analytic FLOP counts of the encoder's matrix products (docs/benchmarks.md): a multiply-add is 2
// FLOPs, a GEMM [m, k]·[k, n] is 2·m·k·n. Elementwise work (embeddings, LayerNorm, GELU, softmax,
// dropout, bias adds, AdamW) is left out: it is O(N·H) and small next to the products, and leaving
// it out makes "achieved GFLOP/s" a lower bound. The counts follow BertClassifier exactly: the
// backward stops below the lowest adapted layer, and inside it below the deepest adapted module.
import type { AdapterModule } from '../engine/adapters/config';

export interface EncoderShape {
  batch: number;
  seqLen: number;
  hidden: number;
  intermediate: number;
  layers: number;
  numLabels: number;
  /** LoRA-XS rank. */
  r: number;
  /** Adapted modules (LoRA-XS), the same in every layer. */
  modules: readonly AdapterModule[];
}

/** How far the backward goes inside a layer to reach a module (as BertClassifier's DEPTH). */
const DEPTH: Record<AdapterModule, number> = { 'ffn.out': 1, 'ffn.in': 2, 'attention.output': 3, query: 4, key: 4, value: 4 };
const FULL = 5;

const gemm = (m: number, k: number, n: number) => 2 * m * k * n;

function dims(s: EncoderShape, m: AdapterModule): { inF: number; outF: number } {
  const H = s.hidden,
    I = s.intermediate;
  return m === 'ffn.in' ? { inF: H, outF: I } : m === 'ffn.out' ? { inF: I, outF: H } : { inF: H, outF: H };
}

/** One linear's forward: x Wᵀ, plus ((x Aᵀ) Rᵀ) Bᵀ when adapted. */
function linearForward(s: EncoderShape, m: AdapterModule): number {
  const N = s.batch * s.seqLen,
    r = s.r,
    { inF, outF } = dims(s, m);
  let f = gemm(N, inF, outF);
  if (s.modules.includes(m)) f += gemm(N, inF, r) + gemm(N, r, r) + gemm(N, r, outF);
  return f;
}

/** One linear's backward: dx = dy W when needed; adapted: g = dy B, dR = gᵀu, and dx += (g R) A. */
function linearBackward(s: EncoderShape, m: AdapterModule, needDx: boolean): number {
  const N = s.batch * s.seqLen,
    r = s.r,
    { inF, outF } = dims(s, m);
  if (!s.modules.includes(m)) return needDx ? gemm(N, outF, inF) : 0;
  let f = gemm(N, outF, r) + gemm(r, N, r);
  if (needDx) f += gemm(N, outF, inF) + gemm(N, r, r) + gemm(N, r, inF);
  return f;
}

/** Scores Q Kᵀ and context P V over all heads: 2 · (2 · B · T² · H). */
function attentionForward(s: EncoderShape): number {
  return 2 * gemm(s.batch * s.seqLen, s.hidden, s.seqLen);
}

/** dP = dCtx Vᵀ, dV = Pᵀ dCtx, dQ = dS K, dK = dSᵀ Q. */
function attentionBackward(s: EncoderShape): number {
  return 2 * attentionForward(s);
}

function headForward(s: EncoderShape): number {
  return gemm(s.batch, s.hidden, s.hidden) + gemm(s.batch, s.hidden, s.numLabels);
}

/** Logits of one batch (inference, no cache). */
export function forwardFlops(s: EncoderShape): number {
  let f = headForward(s);
  for (let l = 0; l < s.layers; l++) {
    f += linearForward(s, 'query') + linearForward(s, 'key') + linearForward(s, 'value');
    f += attentionForward(s) + linearForward(s, 'attention.output');
    f += linearForward(s, 'ffn.in') + linearForward(s, 'ffn.out');
  }
  return f;
}

/** Gradients of the adapters and the head (pooler + classifier), as BertClassifier.backward does them. */
export function backwardFlops(s: EncoderShape): number {
  const B = s.batch,
    H = s.hidden,
    C = s.numLabels;
  // Classifier dW, dx; pooler dW.
  let f = gemm(C, B, H) + gemm(B, C, H) + gemm(H, B, H);
  if (s.modules.length === 0) return f;
  f += gemm(B, H, H); // pooler dx, into the [CLS] rows
  const stopDepth = Math.max(...s.modules.map((m) => DEPTH[m]));
  for (let l = s.layers - 1; l >= 0; l--) {
    const depth = l === 0 ? stopDepth : FULL; // every layer is adapted, so layer 0 is the lowest
    f += linearBackward(s, 'ffn.out', depth > 1);
    if (depth <= 1) break;
    f += linearBackward(s, 'ffn.in', depth > 2);
    if (depth <= 2) break;
    f += linearBackward(s, 'attention.output', depth > 3);
    if (depth <= 3) break;
    f += attentionBackward(s);
    const needX = depth > 4;
    f += linearBackward(s, 'query', needX) + linearBackward(s, 'key', needX) + linearBackward(s, 'value', needX);
  }
  return f;
}

/** One optimisation step: forward with cache + backward (AdamW is elementwise, not counted). */
export function trainStepFlops(s: EncoderShape): number {
  return forwardFlops(s) + backwardFlops(s);
}
