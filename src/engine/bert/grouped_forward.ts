// The Monte-Carlo predictive forward over G posterior samples of the adapters at once (METHOD.md
// §4), without dropout. Below the lowest adapted layer nothing depends on the sample: the hidden
// state entering it is computed once per batch (or is the batch's frozen-trunk input). From there
// activations hold G row groups of n = batch·seqLen rows, group g carrying sample g's adapters
// (AdapterStacks). A tensor stays shared (one copy of n rows) until it meets an adapter, so in the
// lowest adapted layer the frozen x Wᵀ + b of query/key/value and LoRA-XS's u = x Aᵀ run once and
// are broadcast to the groups. The logits [G·batch, C] are the [S, batch, C] stack mc_average takes.
import type { Backend, Tensor } from '../backend';
import type { AdapterModule } from '../adapters/config';
import type { AdapterStacks } from '../adapters/stacks';
import type { BatchTensors } from './batch';
import type { BertClassifier } from './model';
import type { LinearParams } from './params';

/** An activation: shared by every group ([n, D]) or one block per group ([G·n, D]). */
interface Act { t: Tensor; shared: boolean }

/** Logits [G·batch, C] of the G adapter samples in `stacks` (row g·batch + b: sample g, example b). Caller releases. */
export function groupedLogits(model: BertClassifier, batch: BatchTensors, stacks: AdapterStacks): Tensor {
  const be = model.be, cfg = model.cfg, P = model.params, G = stacks.groups;
  const { batch: B, seqLen: S } = batch;
  const n = B * S;
  const start = model.lowestAdaptedLayer();
  if (model.adapters.length === 0) throw new Error('groupedLogits: the model has no adapters to sample');
  if (stacks.sites.length !== model.adapters.length) throw new Error(`groupedLogits: ${stacks.sites.length} stacked sites for ${model.adapters.length} adapters`);
  const site = new Map<string, number>();
  model.adapters.forEach((a, i) => site.set(`${a.site.layer}/${a.site.module}`, i));

  let scope: Tensor[] = [];
  const keep = <T extends Tensor>(t: T) => (scope.push(t), t);
  let mask: Tensor | null = null;
  const groupedMask = () => (mask ??= be.repeatRows(batch.mask, G));
  const grouped = (x: Act): Tensor => (x.shared ? keep(be.repeatRows(x.t, G)) : x.t);
  const gm = { groups: G, rowsPerGroup: n };

  const linear = (layer: number, m: AdapterModule, p: LinearParams, x: Act): Act => {
    const i = site.get(`${layer}/${m}`);
    if (i === undefined) return { t: keep(be.linear(x.t, p.w, p.b)), shared: x.shared };
    const ad = model.adapters[i], st = stacks.sites[i];
    // Adapter branch per group: LoRA-XS t_g = (x Aᵀ) R_gᵀ then · Bᵀ; LoRA t_g = x A_gᵀ then · B_gᵀ.
    const t = ad.method === 'loraxs'
      ? keep(be.groupedMatmul(keep(be.linear(x.t, ad.a, null)), st.r!, gm))
      : keep(be.groupedMatmul(x.t, st.a!, gm));
    const up = ad.method === 'loraxs' ? ad.b : st.b!;
    const base = keep(be.linear(x.t, p.w, p.b)); // frozen x Wᵀ + b, once when x is shared
    if (x.shared) return { t: keep(be.groupedMatmul(t, up, { ...gm, base, alpha: ad.s })), shared: false };
    be.groupedMatmul(t, up, { ...gm, alpha: ad.s, out: base, accumulate: true });
    return { t: base, shared: false };
  };
  const add = (a: Act, b: Act): Act => (a.shared && b.shared ? { t: keep(be.add(a.t, b.t)), shared: true } : { t: keep(be.add(grouped(a), grouped(b))), shared: false });
  const layerNorm = (x: Act, g: Tensor, b: Tensor): Act => {
    const o = be.layerNorm(x.t, g, b, cfg.layerNormEps);
    be.release(o.mean); be.release(o.rstd);
    return { t: keep(o.y), shared: x.shared };
  };

  // The shared hidden state entering the lowest adapted layer.
  let h: Act = batch.trunk?.layer === start
    ? { t: batch.trunk.hidden, shared: true }
    : { t: model.trunkHidden(batch, start), shared: true };
  let ownsH = batch.trunk?.layer !== start;
  try {
    for (let l = start; l < cfg.numHiddenLayers; l++) {
      const L = P.layers[l];
      if (ownsH) keep(h.t);
      const q = linear(l, 'query', L.query, h), k = linear(l, 'key', L.key, h), v = linear(l, 'value', L.value, h);
      const shared = q.shared && k.shared && v.shared;
      const att = shared
        ? be.attention(q.t, k.t, v.t, batch.mask, B, S, cfg.numAttentionHeads)
        : be.attention(grouped(q), grouped(k), grouped(v), groupedMask(), G * B, S, cfg.numAttentionHeads);
      keep(att.ctx); be.release(att.probs);
      if (att.probsPreDropout !== att.probs) be.release(att.probsPreDropout);
      const ao = linear(l, 'attention.output', L.attnOut, { t: att.ctx, shared });
      const h1 = layerNorm(add(ao, h), L.ln1.g, L.ln1.b);
      const inter: Act = { t: keep(be.gelu(linear(l, 'ffn.in', L.ffnIn, h1).t)), shared: h1.shared };
      const fo = linear(l, 'ffn.out', L.ffnOut, inter);
      h = layerNorm(add(fo, h1), L.ln2.g, L.ln2.b);
      // Release this layer's work except its output, which the next layer owns.
      for (const t of scope) if (t !== h.t) be.release(t);
      scope = [];
      ownsH = true;
    }
    const hidden = grouped(h);
    if (ownsH) keep(h.t);
    const cls = keep(be.gatherCls(hidden, G * B, S));
    const pooled = keep(be.tanh(keep(be.linear(cls, P.pooler.w, P.pooler.b))));
    return be.linear(pooled, P.classifier.w, P.classifier.b);
  } finally {
    for (const t of scope) be.release(t);
    if (mask) be.release(mask);
  }
}

/** Bytes of the largest activation one sample adds to a grouped forward of `n` rows (sizes the groups). */
export function groupedBytesPerSample(model: BertClassifier, n: number, seqLen: number): number {
  const c = model.cfg;
  return 4 * n * Math.max(c.intermediateSize, c.hiddenSize, c.numAttentionHeads * seqLen);
}
