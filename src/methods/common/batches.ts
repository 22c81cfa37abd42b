// Turns a parsed data set into tokenized examples once, then into padded batches per step.
// Batches pad to their own longest row ('longest'), which on short texts saves most of the work.
import type { BertTokenizer } from '../../model/tokenizer';
import { philoxUniform } from '../../rng/philox';
import type { ExampleRow } from '../../data/payload';

/** Examples per evaluation batch (predict.ts): a test example's batch is index ÷ EVAL_BATCH (its dropout masks and redrawn samples). */
export const EVAL_BATCH = 64;

export interface TokenizedSplit {
  /** Token ids per example, already truncated to maxLength and with [CLS]/[SEP]. */
  ids: Int32Array[];
  typeIds: Int32Array[];
  labels: Int32Array;
}

export interface Batch {
  inputIds: Int32Array;
  tokenTypeIds: Int32Array;
  /** f32 padding mask [batch, seqLen] (1 = token, 0 = padding), as the engine's attention takes it. */
  mask: Float32Array;
  labels: Int32Array;
  batch: number;
  seqLen: number;
  /** Indices of the examples in their split. */
  index: Int32Array;
}

/** Tokenize a split; `onRows(done)` is told every `every` rows (tokenizing a big data set takes a while). */
export function tokenizeSplit(
  tok: BertTokenizer,
  rows: readonly ExampleRow[],
  maxLength: number,
  onRows?: (done: number) => void,
  every = 2000,
): TokenizedSplit {
  const ids: Int32Array[] = [];
  const typeIds: Int32Array[] = [];
  const labels = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    const enc = tok.encode(r.text, r.textPair ?? null, { maxLength, truncation: 'longest_first' });
    ids.push(Int32Array.from(enc.inputIds));
    typeIds.push(Int32Array.from(enc.tokenTypeIds));
    labels[i] = r.label;
    if (onRows && (i + 1) % every === 0) onRows(i + 1);
  });
  onRows?.(rows.length);
  return { ids, typeIds, labels };
}

/** Assemble the examples `index` into one padded batch. */
export function makeBatch(split: TokenizedSplit, index: Int32Array, padId: number): Batch {
  let seqLen = 0;
  for (const i of index) seqLen = Math.max(seqLen, split.ids[i].length);
  const n = index.length;
  const inputIds = new Int32Array(n * seqLen).fill(padId);
  const tokenTypeIds = new Int32Array(n * seqLen);
  const mask = new Float32Array(n * seqLen);
  const labels = new Int32Array(n);
  index.forEach((ex, b) => {
    const ids = split.ids[ex];
    inputIds.set(ids, b * seqLen);
    tokenTypeIds.set(split.typeIds[ex], b * seqLen);
    mask.fill(1, b * seqLen, b * seqLen + ids.length);
    labels[b] = split.labels[ex];
  });
  return { inputIds, tokenTypeIds, mask, labels, batch: n, seqLen, index };
}

/** A seeded permutation of 0 … n−1 (Fisher–Yates driven by Philox, so it is the same everywhere). */
export function seededPermutation(n: number, seed: number, stream: number): Int32Array {
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const u = philoxUniform(seed, stream, new Float32Array(n));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(u[i] * (i + 1)));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return perm;
}

/** Index lists of the batches of one epoch (shuffled for training, in order for evaluation). */
export function epochBatches(n: number, batchSize: number, shuffle: { seed: number; epoch: number } | null): Int32Array[] {
  const order = shuffle ? seededPermutation(n, shuffle.seed, 0x5eed0000 + shuffle.epoch) : Int32Array.from({ length: n }, (_, i) => i);
  const out: Int32Array[] = [];
  for (let s = 0; s < n; s += batchSize) out.push(order.subarray(s, Math.min(n, s + batchSize)));
  return out;
}
