// BertForSequenceClassification with LoRA-XS / LoRA adapters, written only against `Backend`.
// Math and names follow Hugging Face BertModel: post-LayerNorm layers, erf GELU, additive mask
// with finfo(f32).min, pooler = act(dense([CLS])) with act tanh (BERT's pooler) or ReLU
// (DistilBERT's pre_classifier; cfg.headActivation), dropout, linear classifier.
//
// Only adapters and the head are trained: the backward computes gradients for every adapter's
// trainable tensors and for pooler.dense + classifier, and stops below the lowest adapted layer
// (and, inside that layer, below the deepest adapted module).
import type { Backend, DropoutSpec, Tensor } from '../backend';
import type { BertConfig } from '../../model/config';
import type { AdapterModule } from '../adapters/config';
import { adapterTrainables, type AdapterTensors } from '../adapters/tensors';
import type { BatchTensors } from './batch';
import { classifierStream, embeddingsStream, LayerSite, layerStream, siteSpec } from './dropout_sites';
import { headActivation, headActivationBackward } from './head_activation';
import type { BertParams, LinearParams } from './params';

export interface ForwardOptions {
  /** Apply dropout (training, or MC-dropout prediction). */
  dropout: boolean;
  /** Seed of this pass's dropout masks (see dropout_sites.stepSeed). */
  seed?: number;
  /** Keep the activations for backward(). */
  cache: boolean;
  /** Stop before this layer and skip the head (used by trunkHidden). */
  untilLayer?: number;
}

interface LinearCache {
  x: Tensor;
  u: Tensor | null;
}

interface LayerCache {
  x: Tensor;
  q: LinearCache;
  k: LinearCache;
  v: LinearCache;
  qOut: Tensor;
  kOut: Tensor;
  vOut: Tensor;
  probs: Tensor;
  probsPre: Tensor;
  ctx: Tensor;
  ao: LinearCache;
  sum1: Tensor;
  mean1: Tensor;
  rstd1: Tensor;
  h1: Tensor;
  fi: LinearCache;
  pre: Tensor;
  inter: Tensor;
  fo: LinearCache;
  sum2: Tensor;
  mean2: Tensor;
  rstd2: Tensor;
}

export interface ForwardCache {
  batch: BatchTensors;
  seed: number;
  dropout: boolean;
  /** hidden[0] = embeddings output, hidden[l + 1] = output of layer l (HF hidden_states). */
  hidden: Tensor[];
  layers: LayerCache[];
  cls: Tensor;
  pooled: Tensor;
  pooledDrop: Tensor;
  /** Every tensor the forward created, released by releaseCache (logits excluded). */
  owned: Tensor[];
}

export interface ForwardResult {
  logits: Tensor;
  cache: ForwardCache;
}

/** Backward depth inside a layer: how far down the gradient has to go. */
const DEPTH: Record<AdapterModule, number> = { 'ffn.out': 1, 'ffn.in': 2, 'attention.output': 3, query: 4, key: 4, value: 4 };
const FULL = 5;

export interface TrainableParam {
  name: string;
  tensor: Tensor;
  group: 'adapter' | 'head';
}

export class BertClassifier {
  private readonly siteMap = new Map<string, AdapterTensors>();
  readonly numLabels: number;

  constructor(
    readonly be: Backend,
    readonly cfg: BertConfig,
    readonly params: BertParams,
    readonly adapters: AdapterTensors[],
  ) {
    for (const a of adapters) this.siteMap.set(`${a.site.layer}/${a.site.module}`, a);
    this.numLabels = params.classifier.w.shape[0];
  }

  /** Adapter tensors first (θ order), then the head: pooler.dense then classifier. */
  trainableParams(): TrainableParam[] {
    const out: TrainableParam[] = [];
    for (const a of this.adapters) for (const t of adapterTrainables(a)) out.push({ ...t, group: 'adapter' });
    const p = this.params;
    out.push({ name: 'pooler.dense.weight', tensor: p.pooler.w, group: 'head' }, { name: 'pooler.dense.bias', tensor: p.pooler.b, group: 'head' });
    out.push({ name: 'classifier.weight', tensor: p.classifier.w, group: 'head' }, { name: 'classifier.bias', tensor: p.classifier.b, group: 'head' });
    return out;
  }

  private adapter(layer: number, m: AdapterModule): AdapterTensors | undefined {
    return this.siteMap.get(`${layer}/${m}`);
  }

  private linearFwd(layer: number, m: AdapterModule, p: LinearParams, x: Tensor, owned: Tensor[]): { y: Tensor; c: LinearCache } {
    const ad = this.adapter(layer, m);
    let y: Tensor,
      u: Tensor | null = null;
    if (!ad) y = this.be.linear(x, p.w, p.b);
    else if (ad.method === 'loraxs') ({ y, u } = this.be.loraXsForward(x, p.w, p.b, ad.a, ad.b, ad.r!, ad.s));
    else ({ y, u } = this.be.loraForward(x, p.w, p.b, ad.a, ad.b, ad.s));
    owned.push(y);
    if (u) owned.push(u);
    return { y, c: { x, u } };
  }

  forward(batch: BatchTensors, opts: ForwardOptions): ForwardResult {
    const be = this.be,
      cfg = this.cfg,
      P = this.params;
    const { batch: B, seqLen: S } = batch;
    const seed = opts.seed ?? 0,
      on = opts.dropout;
    const pH = cfg.hiddenDropoutProb,
      pA = cfg.attentionProbsDropoutProb;
    const owned: Tensor[] = [];
    const keep = <T extends Tensor>(t: T) => (owned.push(t), t);

    // With a frozen trunk the forward starts at layer `start` from the given hidden state; the
    // backward never goes below the lowest adapted layer, so nothing beneath is needed.
    const start = batch.trunk?.layer ?? 0;
    const stop = this.stopPoint();
    if (stop && start > stop.layer) throw new Error(`forward: the frozen trunk ends at layer ${start}, above the lowest adapted layer ${stop.layer}`);
    if (opts.untilLayer !== undefined && opts.untilLayer < start) throw new Error(`forward: untilLayer ${opts.untilLayer} is below the trunk's layer ${start}`);
    let h: Tensor;
    if (batch.trunk) h = batch.trunk.hidden;
    else {
      const emb = keep(be.embeddings(batch.ids, batch.typeIds, S, P.word, P.pos, P.type));
      const eln = be.layerNorm(emb, P.embLn.g, P.embLn.b, cfg.layerNormEps);
      keep(eln.y);
      keep(eln.mean);
      keep(eln.rstd);
      h = this.maybeDropout(eln.y, siteSpec(on, pH, seed, embeddingsStream()), owned);
    }
    // Sparse when a trunk is used: hidden[start] is the trunk's output, layers[l] is indexed by layer.
    const hidden: Tensor[] = [];
    hidden[start] = h;
    const layers: LayerCache[] = [];
    const end = opts.untilLayer ?? cfg.numHiddenLayers;
    for (let l = start; l < end; l++) {
      const L = P.layers[l];
      const q = this.linearFwd(l, 'query', L.query, h, owned);
      const k = this.linearFwd(l, 'key', L.key, h, owned);
      const v = this.linearFwd(l, 'value', L.value, h, owned);
      const attnSpec = siteSpec(on, pA, seed, layerStream(l, LayerSite.AttentionProbs));
      const att = be.attention(q.y, k.y, v.y, batch.mask, B, S, cfg.numAttentionHeads, attnSpec);
      keep(att.ctx);
      keep(att.probs);
      if (att.probsPreDropout !== att.probs) keep(att.probsPreDropout);
      const ao = this.linearFwd(l, 'attention.output', L.attnOut, att.ctx, owned);
      const aoD = this.maybeDropout(ao.y, siteSpec(on, pH, seed, layerStream(l, LayerSite.AttentionOutput)), owned);
      const ln1 = be.addLayerNorm(aoD, h, L.ln1.g, L.ln1.b, cfg.layerNormEps);
      const sum1 = keep(ln1.sum);
      keep(ln1.y);
      keep(ln1.mean);
      keep(ln1.rstd);
      // An unadapted FFN input layer and its GELU are one op (one dispatch on the GPU).
      let fi: { y: Tensor; c: LinearCache }, inter: Tensor;
      if (this.adapter(l, 'ffn.in')) {
        fi = this.linearFwd(l, 'ffn.in', L.ffnIn, ln1.y, owned);
        inter = keep(be.gelu(fi.y));
      } else {
        const o = be.linearGelu(ln1.y, L.ffnIn.w, L.ffnIn.b);
        fi = { y: keep(o.pre), c: { x: ln1.y, u: null } };
        inter = keep(o.y);
      }
      const fo = this.linearFwd(l, 'ffn.out', L.ffnOut, inter, owned);
      const foD = this.maybeDropout(fo.y, siteSpec(on, pH, seed, layerStream(l, LayerSite.FfnOutput)), owned);
      const ln2 = be.addLayerNorm(foD, ln1.y, L.ln2.g, L.ln2.b, cfg.layerNormEps);
      const sum2 = keep(ln2.sum);
      keep(ln2.y);
      keep(ln2.mean);
      keep(ln2.rstd);
      layers[l] = {
        x: h,
        q: q.c,
        k: k.c,
        v: v.c,
        qOut: q.y,
        kOut: k.y,
        vOut: v.y,
        probs: att.probs,
        probsPre: att.probsPreDropout,
        ctx: att.ctx,
        ao: ao.c,
        sum1,
        mean1: ln1.mean,
        rstd1: ln1.rstd,
        h1: ln1.y,
        fi: fi.c,
        pre: fi.y,
        inter,
        fo: fo.c,
        sum2,
        mean2: ln2.mean,
        rstd2: ln2.rstd,
      };
      h = ln2.y;
      hidden.push(h);
    }
    if (opts.untilLayer !== undefined) {
      const out = be.zeros(h.shape, `trunk.hidden.${end}`);
      be.copy(h, out);
      this.releaseCache({ batch, seed, dropout: on, hidden, layers, cls: h, pooled: h, pooledDrop: h, owned });
      return { logits: out, cache: { batch, seed, dropout: on, hidden: [], layers: [], cls: out, pooled: out, pooledDrop: out, owned: [] } };
    }
    const cls = keep(be.gatherCls(h, B, S));
    const pooledPre = keep(be.linear(cls, P.pooler.w, P.pooler.b));
    const pooled = keep(headActivation(be, cfg, pooledPre));
    const pC = cfg.classifierDropout ?? pH;
    const pooledDrop = this.maybeDropout(pooled, siteSpec(on, pC, seed, classifierStream(cfg.numHiddenLayers)), owned);
    const logits = be.linear(pooledDrop, P.classifier.w, P.classifier.b);
    const cache: ForwardCache = { batch, seed, dropout: on, hidden, layers, cls, pooled, pooledDrop, owned };
    if (!opts.cache) this.releaseCache(cache);
    return { logits, cache };
  }

  /** The hidden state entering `layer` [batch·seqLen, hidden] without dropout: frozen-trunk features. Caller releases. */
  trunkHidden(batch: BatchTensors, layer: number): Tensor {
    return this.forward(batch, { dropout: false, cache: false, untilLayer: layer }).logits;
  }

  /** The lowest adapted layer: everything below it is frozen and can be computed once per example. */
  lowestAdaptedLayer(): number {
    return this.stopPoint()?.layer ?? this.cfg.numHiddenLayers;
  }

  /** Logits only; MC-dropout keeps dropout on with the given seed. The caller releases logits. */
  predict(batch: BatchTensors, mcDropoutSeed?: number): Tensor {
    return this.forward(batch, { dropout: mcDropoutSeed !== undefined, seed: mcDropoutSeed, cache: false }).logits;
  }

  private maybeDropout(x: Tensor, spec: DropoutSpec | undefined, owned: Tensor[]): Tensor {
    if (!spec) return x;
    const y = this.be.dropout(x, spec);
    owned.push(y);
    return y;
  }

  releaseCache(cache: ForwardCache): void {
    for (const t of cache.owned) this.be.release(t);
    cache.owned.length = 0;
  }

  /** Lowest adapted layer and the backward depth needed inside it; null if nothing is adapted. */
  private stopPoint(): { layer: number; depth: number } | null {
    if (this.adapters.length === 0) return null;
    const layer = Math.min(...this.adapters.map((a) => a.site.layer));
    const depth = Math.max(...this.adapters.filter((a) => a.site.layer === layer).map((a) => DEPTH[a.site.module]));
    return { layer, depth };
  }

  /** Backward of one linear: records adapter gradients, returns dx when needed. */
  private linearBwd(layer: number, m: AdapterModule, p: LinearParams, c: LinearCache, dy: Tensor, needDx: boolean, grads: Map<string, Tensor>): Tensor | null {
    const ad = this.adapter(layer, m);
    const be = this.be;
    if (!ad) return needDx ? be.linearBackwardInput(dy, p.w) : null;
    if (ad.method === 'loraxs') {
      const o = be.loraXsBackward(dy, c.u!, p.w, ad.a, ad.b, ad.r!, ad.s, needDx);
      grads.set(`${ad.site.path}.R`, o.dR);
      return o.dx;
    }
    const o = be.loraBackward(dy, c.x, c.u!, p.w, ad.a, ad.b, ad.s, needDx);
    grads.set(`${ad.site.path}.A`, o.dA);
    grads.set(`${ad.site.path}.B`, o.dB);
    return o.dx;
  }

  /**
   * Gradients of the loss w.r.t. every trainable parameter (names as trainableParams()), given
   * dLogits. Frozen trunk weights get none. The caller releases the returned tensors and the cache.
   */
  backward(cache: ForwardCache, dLogits: Tensor): Map<string, Tensor> {
    const be = this.be,
      cfg = this.cfg,
      P = this.params;
    const { batch: B, seqLen: S } = cache.batch;
    const grads = new Map<string, Tensor>();
    const tmp: Tensor[] = [];
    const t = <T extends Tensor | null>(x: T): T => {
      if (x) tmp.push(x);
      return x;
    };
    const on = cache.dropout,
      seed = cache.seed,
      pH = cfg.hiddenDropoutProb,
      pA = cfg.attentionProbsDropoutProb;
    const undrop = (dy: Tensor, spec: DropoutSpec | undefined) => (spec ? t(be.dropoutBackward(dy, spec)) : dy);

    // Head.
    const H = cfg.hiddenSize;
    const dCw = be.zeros([this.numLabels, H], 'grad.classifier.weight'),
      dCb = be.zeros([this.numLabels], 'grad.classifier.bias');
    be.linearBackwardParams(dLogits, cache.pooledDrop, dCw, dCb, false);
    grads.set('classifier.weight', dCw);
    grads.set('classifier.bias', dCb);
    const pC = cfg.classifierDropout ?? pH;
    const dPooled = undrop(t(be.linearBackwardInput(dLogits, P.classifier.w)), siteSpec(on, pC, seed, classifierStream(cfg.numHiddenLayers)));
    const dPre = t(headActivationBackward(be, cfg, dPooled, cache.pooled));
    const dPw = be.zeros([H, H], 'grad.pooler.dense.weight'),
      dPb = be.zeros([H], 'grad.pooler.dense.bias');
    be.linearBackwardParams(dPre, cache.cls, dPw, dPb, false);
    grads.set('pooler.dense.weight', dPw);
    grads.set('pooler.dense.bias', dPb);

    const stop = this.stopPoint();
    if (stop) {
      const dCls = t(be.linearBackwardInput(dPre, P.pooler.w));
      let dh: Tensor = t(be.scatterCls(dCls, B, S));
      for (let l = cfg.numHiddenLayers - 1; l >= stop.layer; l--) {
        const depth = l === stop.layer ? stop.depth : FULL;
        const L = P.layers[l],
          c = cache.layers[l];
        const dropBack = (dy: Tensor, site: LayerSite) => undrop(dy, siteSpec(on, pH, seed, layerStream(l, site)));
        // LN2 → FFN out.
        const ln2 = be.layerNormBackward(dh, c.sum2, c.mean2, c.rstd2, L.ln2.g);
        t(ln2.dx);
        be.release(ln2.dGamma);
        be.release(ln2.dBeta);
        const dFo = dropBack(ln2.dx, LayerSite.FfnOutput);
        const dInter = t(this.linearBwd(l, 'ffn.out', L.ffnOut, c.fo, dFo, depth > 1, grads));
        if (depth <= 1) break;
        const dPreAct = t(be.geluBackward(dInter!, c.pre));
        const dH1 = t(this.linearBwd(l, 'ffn.in', L.ffnIn, c.fi, dPreAct, depth > 2, grads));
        if (depth <= 2) break;
        be.addInPlace(dH1!, ln2.dx); // residual around the FFN
        const ln1 = be.layerNormBackward(dH1!, c.sum1, c.mean1, c.rstd1, L.ln1.g);
        t(ln1.dx);
        be.release(ln1.dGamma);
        be.release(ln1.dBeta);
        const dAo = dropBack(ln1.dx, LayerSite.AttentionOutput);
        const dCtx = t(this.linearBwd(l, 'attention.output', L.attnOut, c.ao, dAo, depth > 3, grads));
        if (depth <= 3) break;
        const attnSpec = siteSpec(on, pA, seed, layerStream(l, LayerSite.AttentionProbs));
        const g = be.attentionBackward(dCtx!, c.qOut, c.kOut, c.vOut, c.probs, c.probsPre, B, S, cfg.numAttentionHeads, attnSpec);
        t(g.dq);
        t(g.dk);
        t(g.dv);
        const needX = depth > 4;
        const dxq = t(this.linearBwd(l, 'query', L.query, c.q, g.dq, needX, grads));
        const dxk = t(this.linearBwd(l, 'key', L.key, c.k, g.dk, needX, grads));
        const dxv = t(this.linearBwd(l, 'value', L.value, c.v, g.dv, needX, grads));
        if (!needX) break;
        const dx = t(be.add(dxq!, dxk!));
        be.addInPlace(dx, dxv!);
        be.addInPlace(dx, ln1.dx); // residual around attention
        dh = dx;
      }
    }
    for (const x of tmp) be.release(x);
    return grads;
  }
}
