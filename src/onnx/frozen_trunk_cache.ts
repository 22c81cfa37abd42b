// Per-example cache of frozen activations. Below the lowest adapted layer the encoder never
// changes during training, so the hidden state entering that layer is a pure function of the
// example's tokens and can be computed once. With a padding mask the real positions do not
// depend on how much padding the batch adds, so a row is keyed by its unpadded token ids and
// type ids and stores only its real positions [len, hidden]. LRU, bounded by bytes.

import type { TokenBatch } from './trunk_runner';

export class FrozenTrunkCache {
  private readonly map = new Map<string, Float32Array>();
  private used = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number = 256 * 1024 * 1024) {}

  static key(layer: number, ids: ArrayLike<number>, typeIds: ArrayLike<number>): string {
    let s = `${layer}|`;
    for (let i = 0; i < ids.length; i++) s += ids[i] + (typeIds[i] ? '+' : ',');
    return s;
  }

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): Float32Array | undefined {
    const v = this.map.get(key);
    if (v === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.map.delete(key); // move to the most-recent end
    this.map.set(key, v);
    return v;
  }

  /** Store a row; evicts least-recently-used rows to stay under maxBytes. Too-large rows are not kept. */
  set(key: string, value: Float32Array): void {
    if (value.byteLength > this.maxBytes) return;
    const old = this.map.get(key);
    if (old) {
      this.used -= old.byteLength;
      this.map.delete(key);
    }
    while (this.used + value.byteLength > this.maxBytes) {
      const [k, v] = this.map.entries().next().value as [string, Float32Array];
      this.map.delete(k);
      this.used -= v.byteLength;
    }
    this.map.set(key, value);
    this.used += value.byteLength;
  }

  clear(): void {
    this.map.clear();
    this.used = 0;
  }
}

/**
 * The hidden state entering `layer` for a right-padded batch, [batch · seqLen · hidden] with zeros
 * at padded positions. Cached rows are reused; `compute` gets the missing rows' indices and real
 * lengths and returns their [len, hidden] values in that order, which are then cached. Shared by
 * every trunk source (onnxruntime-web, our engine).
 */
export async function cachedHiddenRows(
  cache: FrozenTrunkCache | null,
  batch: TokenBatch,
  layer: number,
  compute: (miss: number[], lens: number[]) => Promise<Float32Array[]>,
): Promise<Float32Array> {
  const { batch: B, seqLen: L } = batch;
  const lens: number[] = [];
  const keys: string[] = [];
  const rows: (Float32Array | undefined)[] = [];
  for (let b = 0; b < B; b++) {
    const len = prefixLength(batch.attentionMask, b * L, L);
    lens.push(len);
    const key = FrozenTrunkCache.key(layer, batch.inputIds.subarray(b * L, b * L + len), batch.tokenTypeIds.subarray(b * L, b * L + len));
    keys.push(key);
    rows.push(cache?.get(key));
  }
  const miss = rows.flatMap((r, b) => (r ? [] : [b]));
  if (miss.length) {
    const computed = await compute(miss, lens);
    miss.forEach((b, i) => {
      rows[b] = computed[i];
      cache?.set(keys[b], computed[i]);
    });
  }
  const H = rows[0]!.length / Math.max(1, lens[0]);
  const out = new Float32Array(B * L * H);
  rows.forEach((r, b) => out.set(r!, b * L * H));
  return out;
}

/** Number of leading real tokens; a mask with holes is refused (its rows could not be keyed). */
function prefixLength(mask: Int32Array, off: number, L: number): number {
  let n = 0;
  while (n < L && mask[off + n]) n++;
  for (let i = n; i < L; i++) if (mask[off + i]) throw new Error('attention_mask must be 1s followed by 0s (right padding)');
  if (n === 0) throw new Error('a row has no real tokens');
  return n;
}
