// Runs the frozen model.onnx trunk and returns hidden states for a token batch.
// Output names follow the project's export: hidden_state_0 is the embeddings output and
// hidden_state_k the output of encoder layer k (1-based), i.e. the input of 0-based layer k.

import { ort } from './ort_env';
import { createOrtSession, type OrtModel, type SessionOptions } from './session';
import { FrozenTrunkCache, cachedHiddenRows } from './frozen_trunk_cache';

/** Row-major [batch, seqLen] token arrays (what BertTokenizer.encodeBatch returns). */
export interface TokenBatch {
  inputIds: Int32Array;
  attentionMask: Int32Array;
  tokenTypeIds: Int32Array;
  batch: number;
  seqLen: number;
}

export function toInt64(a: ArrayLike<number>): BigInt64Array {
  const out = new BigInt64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = BigInt(a[i]);
  return out;
}

export function hiddenStateName(k: number): string {
  return `hidden_state_${k}`;
}

export class TrunkRunner {
  /** Number of encoder layers whose outputs the graph exposes (hidden_state_0..numLayers). */
  readonly numLayers: number;

  constructor(
    readonly model: OrtModel,
    readonly cache: FrozenTrunkCache | null = null,
  ) {
    const names = new Set(model.session.outputNames);
    let k = 0;
    while (names.has(hiddenStateName(k))) k++;
    this.numLayers = k - 1;
  }

  static async create(onnxBytes: Uint8Array, opts: SessionOptions & { cacheBytes?: number } = {}): Promise<TrunkRunner> {
    const model = await createOrtSession(onnxBytes, opts);
    return new TrunkRunner(model, opts.cacheBytes === 0 ? null : new FrozenTrunkCache(opts.cacheBytes));
  }

  get outputNames(): readonly string[] {
    return this.model.session.outputNames;
  }

  /** Run the graph for the named outputs; the caller disposes the returned tensors. */
  async run(batch: TokenBatch, outputs: readonly string[]): Promise<Record<string, ort.Tensor>> {
    const missing = outputs.filter((o) => !this.model.session.outputNames.includes(o));
    if (missing.length) throw new Error(`model.onnx has no output ${missing.join(', ')} (it has ${this.model.session.outputNames.join(', ')})`);
    const dims = [batch.batch, batch.seqLen];
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', toInt64(batch.inputIds), dims),
      attention_mask: new ort.Tensor('int64', toInt64(batch.attentionMask), dims),
    };
    if (this.model.session.inputNames.includes('token_type_ids')) feeds.token_type_ids = new ort.Tensor('int64', toInt64(batch.tokenTypeIds), dims);
    const res = await this.model.session.run(feeds, outputs as string[]);
    for (const f of Object.values(feeds)) f.dispose();
    return res as Record<string, ort.Tensor>;
  }

  /** Outputs as host Float32Arrays (downloads GPU buffers). Padded positions hold ORT's values. */
  async runToHost(batch: TokenBatch, outputs: readonly string[]): Promise<Record<string, Float32Array>> {
    const res = await this.run(batch, outputs);
    const out: Record<string, Float32Array> = {};
    for (const [name, t] of Object.entries(res)) {
      out[name] = new Float32Array((await t.getData(true)) as Float32Array);
    }
    return out;
  }

  /**
   * The hidden state entering 0-based layer `layer` (layer = numLayers: the last hidden state),
   * [batch, seqLen, hidden], zeros at padded positions. Rows come from the cache when present.
   */
  async hiddenState(batch: TokenBatch, layer: number): Promise<Float32Array> {
    if (layer < 0 || layer > this.numLayers) throw new Error(`layer ${layer} outside 0..${this.numLayers}`);
    const name = hiddenStateName(layer);
    return cachedHiddenRows(this.cache, batch, layer, async (miss, lens) => {
      const sub = subBatch(batch, miss, Math.max(...miss.map((b) => lens[b])));
      const h = (await this.runToHost(sub, [name]))[name];
      const H = h.length / (sub.batch * sub.seqLen);
      return miss.map((b, i) => h.slice(i * sub.seqLen * H, (i * sub.seqLen + lens[b]) * H));
    });
  }

  release(): Promise<void> {
    return this.model.session.release();
  }
}

function subBatch(batch: TokenBatch, rows: number[], seqLen: number): TokenBatch {
  const n = rows.length;
  const out: TokenBatch = {
    inputIds: new Int32Array(n * seqLen),
    attentionMask: new Int32Array(n * seqLen),
    tokenTypeIds: new Int32Array(n * seqLen),
    batch: n,
    seqLen,
  };
  rows.forEach((b, i) => {
    const src = b * batch.seqLen;
    out.inputIds.set(batch.inputIds.subarray(src, src + seqLen), i * seqLen);
    out.attentionMask.set(batch.attentionMask.subarray(src, src + seqLen), i * seqLen);
    out.tokenTypeIds.set(batch.tokenTypeIds.subarray(src, src + seqLen), i * seqLen);
  });
  return out;
}
