// Multi-head self-attention as batched GEMMs through the packed kernel, one (batch, head) at a time
// (twin: src/engine/cpu/attention.ts). q, k, v, ctx are [B·S, H·d]; a head is a strided [S, d] slice
// (row stride H·d), so no head is ever copied. P is [B, H, S, S].
import { gemm } from './gemm';
import { dropoutScale } from './philox';
import { vexp } from './vmath';

// HF attention mask: masked keys get finfo(f32).min added to their scores.
const MASK_VALUE: f32 = -3.4028234663852886e38;

/** Row softmax in place of s = scores + (1 − mask) · MASK_VALUE over S keys. */
function maskedSoftmaxRows(p: usize, mask: usize, S: i32): void {
  const S4 = S & ~3;
  for (let i = 0; i < S; i++) {
    const row = p + <usize>i * S * 4;
    let mxv = f32x4.splat(-Infinity);
    const mk = f32x4.splat(MASK_VALUE), one = f32x4.splat(1);
    for (let j = 0; j < S4; j += 4) {
      const o = <usize>j * 4;
      const s = f32x4.add(v128.load(row + o), f32x4.mul(f32x4.sub(one, v128.load(mask + o)), mk));
      v128.store(row + o, s);
      mxv = f32x4.pmax(mxv, s);
    }
    let mx: f32 = max(max(f32x4.extract_lane(mxv, 0), f32x4.extract_lane(mxv, 1)), max(f32x4.extract_lane(mxv, 2), f32x4.extract_lane(mxv, 3)));
    for (let j = S4; j < S; j++) {
      const o = <usize>j * 4;
      const s = load<f32>(row + o) + (1 - load<f32>(mask + o)) * MASK_VALUE;
      store<f32>(row + o, s);
      mx = max(mx, s);
    }
    const mv = f32x4.splat(mx);
    let sv = f32x4.splat(0);
    for (let j = 0; j < S4; j += 4) {
      const o = <usize>j * 4;
      const e = vexp(f32x4.sub(v128.load(row + o), mv));
      v128.store(row + o, e);
      sv = f32x4.add(sv, e);
    }
    let sum = f32x4.extract_lane(sv, 0) + f32x4.extract_lane(sv, 1) + f32x4.extract_lane(sv, 2) + f32x4.extract_lane(sv, 3);
    for (let j = S4; j < S; j++) {
      const o = <usize>j * 4;
      const e = f32x4.extract_lane(vexp(f32x4.splat(load<f32>(row + o) - mx)), 0); // no Mathf: it reads tables from static data
      store<f32>(row + o, e);
      sum += e;
    }
    const inv = f32x4.splat(1 / sum);
    for (let j = 0; j < S4; j += 4) v128.store(row + <usize>j * 4, f32x4.mul(v128.load(row + <usize>j * 4), inv));
    for (let j = S4; j < S; j++) store<f32>(row + <usize>j * 4, load<f32>(row + <usize>j * 4) / sum);
  }
}

/**
 * pre = softmax(q kᵀ/√d + mask) per head; probs = dropout(pre) when p > 0 (probs may equal pre when
 * p = 0: the caller passes the same pointer); ctx = probs v. pBase is the index in the whole P of this
 * call's first element, so that a call over a range of the batch (one thread's share) draws the
 * same dropout mask as one call over the whole batch.
 */
export function attentionForward(q: usize, k: usize, v: usize, mask: usize, B: i32, S: i32, H: i32, d: i32,
  pre: usize, probs: usize, ctx: usize, p: f64, seed: u32, stream: u32, pBase: i32, ws: usize): void {
  const D = H * d;
  const scale: f32 = <f32>(1.0 / Math.sqrt(<f64>d));
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const head = (<usize>b * S * D + <usize>h * d) * 4;
      const po = <usize>(b * H + h) * S * S;
      const P = pre + po * 4;
      gemm(S, S, d, q + head, D, false, k + head, D, true, P, S, scale, 0, false, ws);
      maskedSoftmaxRows(P, mask + <usize>b * S * 4, S);
      let Pd = P;
      if (p > 0) {
        Pd = probs + po * 4;
        dropoutScale(P, Pd, S * S, pBase + <i32>po, seed, stream, p);
      }
      gemm(S, d, S, Pd, S, false, v + head, D, false, ctx + head, D, 1, 0, false, ws);
    }
  }
}

/**
 * dv = P'ᵀ dctx; dP' = dctx vᵀ; dP = dropout'(dP'); dS = P ⊙ (dP − Σ_j P dP) / √d; dq = dS k; dk = dSᵀ q.
 * scratch holds S·S floats (dS). The dropout mask is read off P', so only p is needed here.
 */
export function attentionBackward(dCtx: usize, q: usize, k: usize, v: usize, probs: usize, pre: usize,
  B: i32, S: i32, H: i32, d: i32, dq: usize, dk: usize, dv: usize, p: f64, ws: usize, scratch: usize): void {
  const D = H * d;
  const scale: f32 = <f32>(1.0 / Math.sqrt(<f64>d));
  const dS = scratch;
  const S4 = S & ~3;
  const keepScale: f32 = p > 0 ? <f32>(1.0 / (1.0 - p)) : 1;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const head = (<usize>b * S * D + <usize>h * d) * 4;
      const po = <usize>(b * H + h) * S * S;
      const P = pre + po * 4, Pd = probs + po * 4;
      gemm(S, d, S, Pd, S, true, dCtx + head, D, false, dv + head, D, 1, 0, false, ws);
      gemm(S, S, d, dCtx + head, D, false, v + head, D, true, dS, S, 1, 0, false, ws);
      if (p > 0) {
        // dP = dP' ⊙ mask, the mask read off P' (kept entries are P/(1 − p) > 0). Where P' is 0 but
        // the entry was kept, P is 0 too, and dS = P ⊙ (…) is 0 whatever the mask says.
        const kv = f32x4.splat(keepScale);
        for (let j = 0; j < S * S; j += 4) {
          const o = <usize>j * 4;
          if (j + 4 <= S * S) {
            const kept = f32x4.ne(v128.load(Pd + o), f32x4.splat(0));
            v128.store(dS + o, f32x4.mul(v128.load(dS + o), v128.and(kv, kept)));
          } else {
            for (let t = j; t < S * S; t++) {
              const ot = <usize>t * 4;
              store<f32>(dS + ot, load<f32>(Pd + ot) != 0 ? load<f32>(dS + ot) * keepScale : 0);
            }
          }
        }
      }
      const sc = f32x4.splat(scale);
      for (let i = 0; i < S; i++) {
        const gr = dS + <usize>i * S * 4, pr = P + <usize>i * S * 4;
        let dv4 = f32x4.splat(0);
        for (let j = 0; j < S4; j += 4) dv4 = f32x4.add(dv4, f32x4.mul(v128.load(gr + <usize>j * 4), v128.load(pr + <usize>j * 4)));
        let dot = f32x4.extract_lane(dv4, 0) + f32x4.extract_lane(dv4, 1) + f32x4.extract_lane(dv4, 2) + f32x4.extract_lane(dv4, 3);
        for (let j = S4; j < S; j++) dot += load<f32>(gr + <usize>j * 4) * load<f32>(pr + <usize>j * 4);
        const dt = f32x4.splat(dot);
        for (let j = 0; j < S4; j += 4) {
          const o = <usize>j * 4;
          v128.store(gr + o, f32x4.mul(f32x4.mul(v128.load(pr + o), f32x4.sub(v128.load(gr + o), dt)), sc));
        }
        for (let j = S4; j < S; j++) {
          const o = <usize>j * 4;
          store<f32>(gr + o, load<f32>(pr + o) * (load<f32>(gr + o) - dot) * scale);
        }
      }
      gemm(S, d, S, dS, S, false, k + head, D, false, dq + head, D, 1, 0, false, ws);
      gemm(S, d, S, dS, S, true, q + head, D, false, dk + head, D, 1, 0, false, ws);
    }
  }
}
