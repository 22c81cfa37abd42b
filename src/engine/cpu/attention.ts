// Multi-head scaled dot-product self-attention (Hugging Face BertSelfAttention math):
//   scores = q kᵀ / √d + (1 − mask) · finfo(f32).min; P = softmax(scores); P' = dropout(P);
//   ctx = P' v. q, k, v, ctx are [batch·seqLen, heads·d]; P is [batch, heads, seqLen, seqLen].
import { ATTENTION_MASK_VALUE, type DropoutSpec } from '../backend';
import { dropoutScaleCpu } from './dropout';

export interface AttentionDims {
  batch: number;
  seqLen: number;
  heads: number;
  headDim: number;
}

export function attentionCpu(
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  mask: Float32Array,
  d: AttentionDims,
  dropout?: DropoutSpec,
): { ctx: Float32Array; probs: Float32Array; probsPreDropout: Float32Array } {
  const { batch: B, seqLen: S, heads: H, headDim: Dh } = d;
  const D = H * Dh,
    scale = 1 / Math.sqrt(Dh);
  const pre = new Float32Array(B * H * S * S);
  const row = new Float64Array(S);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      for (let i = 0; i < S; i++) {
        const qo = (b * S + i) * D + h * Dh;
        let mx = -Infinity;
        for (let j = 0; j < S; j++) {
          const ko = (b * S + j) * D + h * Dh;
          let s = 0;
          for (let t = 0; t < Dh; t++) s += q[qo + t] * k[ko + t];
          // f32 rounding of the score before adding the mask mirrors PyTorch's f32 tensors.
          s = s * scale + (1 - mask[b * S + j]) * ATTENTION_MASK_VALUE;
          row[j] = s;
          if (s > mx) mx = s;
        }
        let sum = 0;
        for (let j = 0; j < S; j++) {
          row[j] = Math.exp(row[j] - mx);
          sum += row[j];
        }
        const po = ((b * H + h) * S + i) * S;
        for (let j = 0; j < S; j++) pre[po + j] = row[j] / sum;
      }
    }
  }
  let probs: Float32Array = pre;
  if (dropout && dropout.p > 0) {
    probs = dropoutScaleCpu(pre.length, dropout);
    for (let i = 0; i < probs.length; i++) probs[i] *= pre[i];
  }
  const ctx = new Float32Array(B * S * D);
  const acc = new Float64Array(Dh);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      for (let i = 0; i < S; i++) {
        acc.fill(0);
        const po = ((b * H + h) * S + i) * S;
        for (let j = 0; j < S; j++) {
          const p = probs[po + j];
          if (p === 0) continue;
          const vo = (b * S + j) * D + h * Dh;
          for (let t = 0; t < Dh; t++) acc[t] += p * v[vo + t];
        }
        const co = (b * S + i) * D + h * Dh;
        for (let t = 0; t < Dh; t++) ctx[co + t] = acc[t];
      }
    }
  }
  return { ctx, probs, probsPreDropout: pre };
}

/**
 * dv = P'ᵀ dctx; dP' = dctx vᵀ; dP = dropoutBackward(dP'); dS = P ⊙ (dP − Σ_j P dP);
 * dq = dS k / √d; dk = dSᵀ q / √d.
 */
export function attentionBackwardCpu(
  dCtx: Float32Array,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  probs: Float32Array,
  probsPreDropout: Float32Array,
  d: AttentionDims,
  dropout?: DropoutSpec,
): { dq: Float32Array; dk: Float32Array; dv: Float32Array } {
  const { batch: B, seqLen: S, heads: H, headDim: Dh } = d;
  const D = H * Dh,
    scale = 1 / Math.sqrt(Dh);
  const dq = new Float32Array(B * S * D),
    dk = new Float32Array(B * S * D),
    dv = new Float32Array(B * S * D);
  const keep = dropout && dropout.p > 0 ? dropoutScaleCpu(probs.length, dropout) : null;
  const dS = new Float64Array(S * S);
  const accQ = new Float64Array(Dh),
    accK = new Float64Array(S * Dh),
    accV = new Float64Array(S * Dh);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const pBase = (b * H + h) * S * S;
      // dS row by row.
      for (let i = 0; i < S; i++) {
        const co = (b * S + i) * D + h * Dh;
        let dot = 0;
        for (let j = 0; j < S; j++) {
          const vo = (b * S + j) * D + h * Dh;
          let g = 0;
          for (let t = 0; t < Dh; t++) g += dCtx[co + t] * v[vo + t];
          if (keep) g *= keep[pBase + i * S + j];
          dS[i * S + j] = g;
          dot += g * probsPreDropout[pBase + i * S + j];
        }
        for (let j = 0; j < S; j++) {
          const p = probsPreDropout[pBase + i * S + j];
          dS[i * S + j] = p * (dS[i * S + j] - dot) * scale;
        }
      }
      // dq_i = Σ_j dS_ij k_j; dk_j = Σ_i dS_ij q_i; dv_j = Σ_i P'_ij dctx_i.
      for (let i = 0; i < S; i++) {
        accQ.fill(0);
        for (let j = 0; j < S; j++) {
          const g = dS[i * S + j];
          const ko = (b * S + j) * D + h * Dh;
          for (let t = 0; t < Dh; t++) accQ[t] += g * k[ko + t];
        }
        const qo = (b * S + i) * D + h * Dh;
        for (let t = 0; t < Dh; t++) dq[qo + t] = accQ[t];
      }
      // dk_j += dS_ij q_i and dv_j += P'_ij dctx_i with i outer, so inner loops are contiguous.
      accK.fill(0);
      accV.fill(0);
      for (let i = 0; i < S; i++) {
        const io = (b * S + i) * D + h * Dh;
        for (let j = 0; j < S; j++) {
          const g = dS[i * S + j],
            p = probs[pBase + i * S + j];
          const jo = j * Dh;
          for (let t = 0; t < Dh; t++) {
            accK[jo + t] += g * q[io + t];
            accV[jo + t] += p * dCtx[io + t];
          }
        }
      }
      for (let j = 0; j < S; j++) {
        const ko = (b * S + j) * D + h * Dh;
        for (let t = 0; t < Dh; t++) {
          dk[ko + t] = accK[j * Dh + t];
          dv[ko + t] = accV[j * Dh + t];
        }
      }
    }
  }
  return { dq, dk, dv };
}
