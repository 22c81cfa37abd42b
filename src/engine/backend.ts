// The contract every compute backend implements (CPU twin and WebGPU).
// The encoder, the adapters and the trainer are written once against it, so the same model code
// runs on the CPU fallback and on the GPU, in a page, a worker or Node.
//
// Conventions
// - Row-major everywhere. Activations are 2-D [N, D] with N = batch · seqLen.
// - Linear weights are stored as PyTorch stores them: W is [out, in]; y = x Wᵀ + b.
// - LoRA-XS (docs/METHOD.md §1): A = Σ_r V_rᵀ is [r, in], B = U_r is [out, r], R is [r, r],
//   y = x Wᵀ + b + s · ((x Aᵀ) Rᵀ) Bᵀ, i.e. B(R(Ax)) for a column vector x.
// - LoRA: A is [r, in], B is [out, r], y = x Wᵀ + b + s · (x Aᵀ) Bᵀ.
// - Attention mask: f32 [batch, seqLen], 1 = real token, 0 = padding; masked keys get
//   ATTENTION_MASK_VALUE added to their scores (Hugging Face convention: finfo(f32).min).
// - Random numbers come from the counter-based RNG in src/rng/philox.ts; CPU and WGSL
//   produce bit-identical streams, so dropout masks and posterior samples agree across backends.
// - Every op returns fresh tensors; the caller releases what it no longer needs.
//   The GPU backend only records work; `flush()` submits it (one command encoder per step).

/**
 * Which backend to create (src/train/backend_factory.ts): 'auto' (a hardware GPU, else 'wasm'),
 * 'webgpu', 'wasm' (the CPU backend on WebAssembly SIMD kernels), 'cpu' (the same backend on the
 * TypeScript twins, the reference).
 */
export type BackendChoice = 'auto' | 'webgpu' | 'wasm' | 'cpu';

export type DType = 'f32' | 'i32' | 'u32';
export type HostArray = Float32Array | Int32Array | Uint32Array;

export const ATTENTION_MASK_VALUE = -3.4028234663852886e38;

export interface Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Number of elements (product of shape). */
  readonly size: number;
  /** Debug label; GPU buffers carry it too. */
  readonly label: string;
}

export interface AdamWHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** 1-based step count used for bias correction. */
  step: number;
}

export interface Backend {
  readonly kind: 'cpu' | 'webgpu';

  // ---- memory -------------------------------------------------------------------------------
  upload(data: HostArray, shape: readonly number[], label: string): Tensor;
  zeros(shape: readonly number[], label: string, dtype?: DType): Tensor;
  /** Overwrite a tensor's contents from the host (same size). */
  write(t: Tensor, data: HostArray): void;
  /** Copy src into dst (same size). */
  copy(src: Tensor, dst: Tensor): void;
  /** Read a tensor back to the host; submits pending work first. */
  read(t: Tensor): Promise<HostArray>;
  release(t: Tensor): void;
  /** Submit recorded work (GPU); no-op on the CPU. */
  flush(): void;
  destroy(): void;

  // ---- dense algebra ------------------------------------------------------------------------
  /** C = alpha · op(A) op(B) (+ bias broadcast over rows) (+ C if accumulate into `out`). */
  matmul(a: Tensor, b: Tensor, opts?: { transA?: boolean; transB?: boolean; bias?: Tensor; alpha?: number; out?: Tensor; accumulate?: boolean }): Tensor;
  /** y = x Wᵀ + b. */
  linear(x: Tensor, w: Tensor, b: Tensor | null): Tensor;
  /** pre = x Wᵀ + b and y = GELU(pre): a linear layer and its activation (one dispatch on the GPU). */
  linearGelu(x: Tensor, w: Tensor, b: Tensor | null): { pre: Tensor; y: Tensor };
  /** dx = dy W. */
  linearBackwardInput(dy: Tensor, w: Tensor): Tensor;
  /** dW (+)= dyᵀ x and db (+)= column sums of dy; accumulate adds into the given tensors. */
  linearBackwardParams(dy: Tensor, x: Tensor, dW: Tensor, db: Tensor | null, accumulate: boolean): void;
  add(a: Tensor, b: Tensor): Tensor;
  /** a += alpha · b, in place. */
  addInPlace(a: Tensor, b: Tensor, alpha?: number): void;
  scale(a: Tensor, alpha: number): Tensor;

  // ---- adapters -----------------------------------------------------------------------------
  /** Fused LoRA-XS linear. Returns y and u = x Aᵀ [N, r] (kept for the backward). */
  loraXsForward(x: Tensor, w: Tensor, b: Tensor | null, a: Tensor, bMat: Tensor, r: Tensor, s: number): { y: Tensor; u: Tensor };
  /** Gradients for the input (if needDx) and R only: the frozen W, A, B get none. */
  loraXsBackward(dy: Tensor, u: Tensor, w: Tensor, a: Tensor, bMat: Tensor, r: Tensor, s: number, needDx: boolean): { dx: Tensor | null; dR: Tensor };
  /** LoRA linear. Returns y and u = x Aᵀ [N, r]. */
  loraForward(x: Tensor, w: Tensor, b: Tensor | null, a: Tensor, bMat: Tensor, s: number): { y: Tensor; u: Tensor };
  /** Gradients for the input (if needDx), A and B. */
  loraBackward(dy: Tensor, x: Tensor, u: Tensor, w: Tensor, a: Tensor, bMat: Tensor, s: number, needDx: boolean): { dx: Tensor | null; dA: Tensor; dB: Tensor };

  // ---- grouped forward (G posterior samples at once, as G row groups of n rows) ---------------
  /**
   * out[g·n + i, :] = alpha · x_g[i, :] W_gᵀ (+ base[·, :]) (+ out when accumulate), g = 0 … G−1,
   * n = rowsPerGroup. A shared operand is broadcast to every group: x is [n, K] (shared) or
   * [G·n, K]; w is [J, K] (shared) or [G, J, K] (one per group, e.g. stacked LoRA-XS cores R_g);
   * base is [n, J] (shared) or [G·n, J]. Returns out [G·n, J].
   */
  groupedMatmul(x: Tensor, w: Tensor, opts: GroupedMatmulOptions): Tensor;
  /** [n, D] → [times·n, D]: `times` copies of x stacked (broadcasts frozen work to the groups). */
  repeatRows(x: Tensor, times: number): Tensor;

  // ---- encoder ops --------------------------------------------------------------------------
  /** word[ids] + pos[position within sequence] + type[typeIds]; ids, typeIds i32 [N]. */
  embeddings(ids: Tensor, typeIds: Tensor, seqLen: number, word: Tensor, pos: Tensor, type: Tensor): Tensor;
  /** Scatter-add dOut into dWord/dPos/dType (each optional). */
  embeddingsBackward(dOut: Tensor, ids: Tensor, typeIds: Tensor, seqLen: number, dWord: Tensor | null, dPos: Tensor | null, dType: Tensor | null): void;
  layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps: number): { y: Tensor; mean: Tensor; rstd: Tensor };
  layerNormBackward(dy: Tensor, x: Tensor, mean: Tensor, rstd: Tensor, gamma: Tensor): { dx: Tensor; dGamma: Tensor; dBeta: Tensor };
  /** sum = a + b, then LayerNorm of sum: a BERT layer's residual connection and post-LN in one pass (sum is kept for the backward). */
  addLayerNorm(a: Tensor, b: Tensor, gamma: Tensor, beta: Tensor, eps: number): { sum: Tensor; y: Tensor; mean: Tensor; rstd: Tensor };
  /** Exact (erf) GELU. */
  gelu(x: Tensor): Tensor;
  geluBackward(dy: Tensor, x: Tensor): Tensor;
  tanh(x: Tensor): Tensor;
  /** dy · (1 − y²) with y = tanh(x). */
  tanhBackward(dy: Tensor, y: Tensor): Tensor;
  /** max(x, 0): DistilBERT's head activation. */
  relu(x: Tensor): Tensor;
  /** dy where y > 0, else 0, with y = relu(x) (the gradient at 0 is 0, as torch's). */
  reluBackward(dy: Tensor, y: Tensor): Tensor;
  /**
   * Multi-head self-attention on projected q, k, v [batch·seqLen, heads·headDim] with a padding
   * mask f32 [batch, seqLen]. Returns the context [batch·seqLen, heads·headDim] and the
   * probabilities [batch, heads, seqLen, seqLen] (after attention dropout if p > 0).
   */
  attention(
    q: Tensor,
    k: Tensor,
    v: Tensor,
    mask: Tensor,
    batch: number,
    seqLen: number,
    heads: number,
    dropout?: DropoutSpec,
  ): { ctx: Tensor; probs: Tensor; probsPreDropout: Tensor };
  attentionBackward(
    dCtx: Tensor,
    q: Tensor,
    k: Tensor,
    v: Tensor,
    probs: Tensor,
    probsPreDropout: Tensor,
    batch: number,
    seqLen: number,
    heads: number,
    dropout?: DropoutSpec,
  ): { dq: Tensor; dk: Tensor; dv: Tensor };
  /** Inverted dropout: keep with prob 1 − p, scale kept values by 1/(1 − p). Mask from (seed, stream, index). */
  dropout(x: Tensor, spec: DropoutSpec): Tensor;
  dropoutBackward(dy: Tensor, spec: DropoutSpec): Tensor;
  /** Rows b·seqLen of x [batch·seqLen, D] → [batch, D] (the [CLS] vectors). */
  gatherCls(x: Tensor, batch: number, seqLen: number): Tensor;
  /** Inverse of gatherCls: zeros except rows b·seqLen. */
  scatterCls(dCls: Tensor, batch: number, seqLen: number): Tensor;

  // ---- loss and prediction ------------------------------------------------------------------
  softmax(logits: Tensor): Tensor;
  /** Mean cross-entropy over rows; labels i32 [N]. Returns the scalar loss [1] and dLogits = (p − onehot)/N. */
  softmaxCrossEntropy(logits: Tensor, labels: Tensor): { loss: Tensor; dLogits: Tensor };

  // ---- optimizer ----------------------------------------------------------------------------
  /** Decoupled weight decay AdamW (PyTorch semantics), updates param, m, v in place. */
  adamw(param: Tensor, grad: Tensor, m: Tensor, v: Tensor, h: AdamWHyper): void;
}

export interface DropoutSpec {
  p: number;
  seed: number;
  /** Distinguishes the dropout sites within one step (layer, site) so masks are independent. */
  stream: number;
}

export interface GroupedMatmulOptions {
  groups: number;
  rowsPerGroup: number;
  alpha?: number;
  base?: Tensor;
  out?: Tensor;
  accumulate?: boolean;
}
