// The Monte-Carlo predictive forward over G posterior samples of the adapters at once (docs/METHOD.md
// §4), without dropout. Below the lowest adapted layer nothing depends on the sample: the hidden
// state entering it is computed once per batch (or is the batch's frozen-trunk input). From there
// activations hold G row groups of n = batch·seqLen rows, group g carrying sample g's adapters
// (AdapterStacks). A tensor stays shared (one copy of n rows) until it meets an adapter, so in the
// lowest adapted layer the frozen x Wᵀ + b of query/key/value and LoRA-XS's u = x Aᵀ run once and
// are broadcast to the groups. The logits [G·batch, C] are the [S, batch, C] stack mc_average takes.
// Work on shared inputs is kept in a SharedActivations memo, so when the S samples run as several
// chunks (a memory cap) every chunk after the first reuses it instead of recomputing it.
import type { Backend, Tensor } from '../backend';
import type { AdapterModule } from '../adapters/config';
import type { AdapterStacks } from '../adapters/stacks';
import type { BatchTensors } from './batch';
import { headActivation } from './head_activation';
import type { BertClassifier } from './model';
import type { LinearParams } from './params';

/** An activation: shared by every group ([n, D]) or one block per group ([G·n, D]). */
interface Act {
  t: Tensor;
  shared: boolean;
}

/** Activations computed from sample-independent inputs of one batch, by site; reused across chunks of samples. */
export class SharedActivations {
  private readonly memo = new Map<string, Tensor>();
  constructor(readonly be: Backend) {}
  get(key: string, make: () => Tensor): Tensor {
    let t = this.memo.get(key);
    if (!t) this.memo.set(key, (t = make()));
    return t;
  }
  release(): void {
    for (const t of this.memo.values()) this.be.release(t);
    this.memo.clear();
  }
}

/**
 * Logits [G·batch, C] of the G adapter samples in `stacks` (row g·batch + b: sample g, example b).
 * Pass one `shared` memo to every chunk of samples of the same batch (and release it after them);
 * without one the work on shared inputs is done here and released. The caller releases the logits.
 */
export function groupedLogits(model: BertClassifier, batch: BatchTensors, stacks: AdapterStacks, shared?: SharedActivations): Tensor {
  const be = model.be,
    cfg = model.cfg,
    P = model.params,
    G = stacks.groups;
  const { batch: B, seqLen: S } = batch;
  const n = B * S;
  const start = model.lowestAdaptedLayer();
  if (model.adapters.length === 0) throw new Error('groupedLogits: the model has no adapters to sample');
  if (stacks.sites.length !== model.adapters.length)
    throw new Error(`groupedLogits: ${stacks.sites.length} stacked sites for ${model.adapters.length} adapters`);
  const site = new Map<string, number>();
  model.adapters.forEach((a, i) => site.set(`${a.site.layer}/${a.site.module}`, i));
  const memo = shared ?? new SharedActivations(be);

  // Per-sample tensors of the current layer; shared ones belong to the memo (or the batch).
  let scope: Tensor[] = [];
  const keep = <T extends Tensor>(t: T) => (scope.push(t), t);
  /** An op's output: memoised under `key` when its inputs are all shared, else per-sample. */
  const act = (isShared: boolean, key: string, make: () => Tensor): Act => ({ t: isShared ? memo.get(key, make) : keep(make()), shared: isShared });
  let mask: Tensor | null = null;
  const groupedMask = () => (mask ??= be.repeatRows(batch.mask, G));
  const grouped = (x: Act): Tensor => (x.shared ? keep(be.repeatRows(x.t, G)) : x.t);
  const gm = { groups: G, rowsPerGroup: n };

  const linear = (layer: number, m: AdapterModule, p: LinearParams, x: Act): Act => {
    const key = `${layer}/${m}`;
    const i = site.get(key);
    const frozen = act(x.shared, key, () => be.linear(x.t, p.w, p.b)); // x Wᵀ + b, once when x is shared
    if (i === undefined) return frozen;
    const ad = model.adapters[i],
      st = stacks.sites[i];
    // Adapter branch per group: LoRA-XS t_g = (x Aᵀ) R_gᵀ then · Bᵀ; LoRA t_g = x A_gᵀ then · B_gᵀ.
    const t =
      ad.method === 'loraxs'
        ? keep(be.groupedMatmul(act(x.shared, `${key}/u`, () => be.linear(x.t, ad.a, null)).t, st.r!, gm))
        : keep(be.groupedMatmul(x.t, st.a!, gm));
    const up = ad.method === 'loraxs' ? ad.b : st.b!;
    if (x.shared) return { t: keep(be.groupedMatmul(t, up, { ...gm, base: frozen.t, alpha: ad.s })), shared: false };
    be.groupedMatmul(t, up, { ...gm, alpha: ad.s, out: frozen.t, accumulate: true });
    return { t: frozen.t, shared: false };
  };
  const add = (key: string, a: Act, b: Act): Act =>
    a.shared && b.shared ? act(true, key, () => be.add(a.t, b.t)) : { t: keep(be.add(grouped(a), grouped(b))), shared: false };
  const layerNorm = (key: string, x: Act, g: Tensor, b: Tensor): Act =>
    act(x.shared, key, () => {
      const o = be.layerNorm(x.t, g, b, cfg.layerNormEps);
      be.release(o.mean);
      be.release(o.rstd);
      return o.y;
    });

  try {
    // The shared hidden state entering the lowest adapted layer.
    let h: Act = { t: batch.trunk?.layer === start ? batch.trunk.hidden : memo.get('trunk', () => model.trunkHidden(batch, start)), shared: true };
    for (let l = start; l < cfg.numHiddenLayers; l++) {
      const L = P.layers[l];
      if (!h.shared) keep(h.t); // the previous layer's output, released with this layer's work
      const q = linear(l, 'query', L.query, h),
        k = linear(l, 'key', L.key, h),
        v = linear(l, 'value', L.value, h);
      const ctx = act(q.shared && k.shared && v.shared, `${l}/context`, () => {
        const att =
          q.shared && k.shared && v.shared
            ? be.attention(q.t, k.t, v.t, batch.mask, B, S, cfg.numAttentionHeads)
            : be.attention(grouped(q), grouped(k), grouped(v), groupedMask(), G * B, S, cfg.numAttentionHeads);
        be.release(att.probs);
        if (att.probsPreDropout !== att.probs) be.release(att.probsPreDropout);
        return att.ctx;
      });
      const ao = linear(l, 'attention.output', L.attnOut, ctx);
      const h1 = layerNorm(`${l}/ln1`, add(`${l}/sum1`, ao, h), L.ln1.g, L.ln1.b);
      const fi = linear(l, 'ffn.in', L.ffnIn, h1);
      const inter = act(fi.shared, `${l}/gelu`, () => be.gelu(fi.t));
      const fo = linear(l, 'ffn.out', L.ffnOut, inter);
      h = layerNorm(`${l}/ln2`, add(`${l}/sum2`, fo, h1), L.ln2.g, L.ln2.b);
      // Release this layer's per-sample work except its output, which the next layer owns.
      for (const t of scope) if (t !== h.t) be.release(t);
      scope = [];
    }
    const hidden = grouped(h);
    if (!h.shared) keep(h.t);
    const cls = keep(be.gatherCls(hidden, G * B, S));
    const pooled = keep(headActivation(be, cfg, keep(be.linear(cls, P.pooler.w, P.pooler.b))));
    return be.linear(pooled, P.classifier.w, P.classifier.b);
  } finally {
    for (const t of scope) be.release(t);
    if (mask) be.release(mask);
    if (!shared) memo.release();
  }
}

/** Bytes of the largest activation one sample adds to a grouped forward of `n` rows (sizes the groups). */
export function groupedBytesPerSample(model: BertClassifier, n: number, seqLen: number): number {
  const c = model.cfg;
  return 4 * n * Math.max(c.intermediateSize, c.hiddenSize, c.numAttentionHeads * seqLen);
}
