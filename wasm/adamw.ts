// AdamW with PyTorch's semantics (torch.optim.AdamW, amsgrad off), in place, f32x4
// (twin: src/engine/cpu/adamw.ts). Bias corrections bc1 = 1 − β1ᵗ, bc2 = 1 − β2ᵗ come from the caller.

export function adamw(param: usize, grad: usize, m: usize, v: usize, n: i32,
  lr: f32, beta1: f32, beta2: f32, eps: f32, weightDecay: f32, bc1: f32, bc2: f32): void {
  const decay = f32x4.splat(1 - lr * weightDecay);
  const b1 = f32x4.splat(beta1), ob1 = f32x4.splat(1 - beta1), b2 = f32x4.splat(beta2), ob2 = f32x4.splat(1 - beta2);
  const step = f32x4.splat(lr / bc1), ibc2 = f32x4.splat(1 / bc2), ep = f32x4.splat(eps);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i * 4;
    const g = v128.load(grad + o);
    const mi = f32x4.add(f32x4.mul(b1, v128.load(m + o)), f32x4.mul(ob1, g));
    const vi = f32x4.add(f32x4.mul(b2, v128.load(v + o)), f32x4.mul(ob2, f32x4.mul(g, g)));
    const den = f32x4.add(f32x4.sqrt(f32x4.mul(vi, ibc2)), ep);
    const p = f32x4.sub(f32x4.mul(v128.load(param + o), decay), f32x4.div(f32x4.mul(step, mi), den));
    v128.store(param + o, p); v128.store(m + o, mi); v128.store(v + o, vi);
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i * 4;
    const g = load<f32>(grad + o);
    const mi = beta1 * load<f32>(m + o) + (1 - beta1) * g;
    const vi = beta2 * load<f32>(v + o) + (1 - beta2) * g * g;
    const p = load<f32>(param + o) * (1 - lr * weightDecay) - (lr / bc1) * mi / (Mathf.sqrt(vi / bc2) + eps);
    store<f32>(param + o, p); store<f32>(m + o, mi); store<f32>(v + o, vi);
  }
}
