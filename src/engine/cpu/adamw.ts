// AdamW with PyTorch's semantics (torch.optim.AdamW, amsgrad off), in place:
//   p ← p − lr·wd·p; m ← β1 m + (1 − β1) g; v ← β2 v + (1 − β2) g²;
//   p ← p − lr · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + eps).
import type { AdamWHyper } from '../backend';

export function adamwCpu(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, h: AdamWHyper): void {
  const { lr, beta1, beta2, eps, weightDecay, step } = h;
  if (!(step >= 1)) throw new Error(`adamw: step must be ≥ 1 (1-based), got ${step}`);
  const bc1 = 1 - beta1 ** step,
    bc2 = 1 - beta2 ** step;
  for (let i = 0; i < param.length; i++) {
    const g = grad[i];
    let p = param[i] * (1 - lr * weightDecay);
    const mi = beta1 * m[i] + (1 - beta1) * g;
    const vi = beta2 * v[i] + (1 - beta2) * g * g;
    p -= (lr * (mi / bc1)) / (Math.sqrt(vi / bc2) + eps);
    param[i] = p;
    m[i] = mi;
    v[i] = vi;
  }
}
