// LayerNorm over rows of length C (biased variance, as PyTorch), f32x4 (twin: src/engine/cpu/layernorm.ts).

// @ts-ignore: decorator
@inline
function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** y = (x − μ) · rstd · γ + β; writes mean and rstd per row. */
export function layerNorm(x: usize, gamma: usize, beta: usize, y: usize, mean: usize, rstd: usize, R: i32, C: i32, eps: f32): void {
  const C4 = C & ~3;
  for (let i = 0; i < R; i++) {
    const row = x + <usize>i * C * 4, out = y + <usize>i * C * 4;
    let sv = f32x4.splat(0);
    for (let j = 0; j < C4; j += 4) sv = f32x4.add(sv, v128.load(row + <usize>j * 4));
    let s = hsum(sv);
    for (let j = C4; j < C; j++) s += load<f32>(row + <usize>j * 4);
    const m = s / <f32>C;
    const mv = f32x4.splat(m);
    let qv = f32x4.splat(0);
    for (let j = 0; j < C4; j += 4) { const d = f32x4.sub(v128.load(row + <usize>j * 4), mv); qv = f32x4.add(qv, f32x4.mul(d, d)); }
    let q = hsum(qv);
    for (let j = C4; j < C; j++) { const d = load<f32>(row + <usize>j * 4) - m; q += d * d; }
    const rs: f32 = 1 / Mathf.sqrt(q / <f32>C + eps);
    store<f32>(mean + <usize>i * 4, m);
    store<f32>(rstd + <usize>i * 4, rs);
    const rv = f32x4.splat(rs);
    for (let j = 0; j < C4; j += 4) {
      const o = <usize>j * 4;
      const xh = f32x4.mul(f32x4.sub(v128.load(row + o), mv), rv);
      v128.store(out + o, f32x4.add(f32x4.mul(xh, v128.load(gamma + o)), v128.load(beta + o)));
    }
    for (let j = C4; j < C; j++) {
      const o = <usize>j * 4;
      store<f32>(out + o, (load<f32>(row + o) - m) * rs * load<f32>(gamma + o) + load<f32>(beta + o));
    }
  }
}

/**
 * g = dy · γ, x̂ = (x − μ) rstd: dx = rstd (g − mean(g) − x̂ mean(g x̂)); dγ = Σ dy x̂; dβ = Σ dy.
 * dGamma and dBeta are overwritten.
 */
export function layerNormBackward(dy: usize, x: usize, mean: usize, rstd: usize, gamma: usize,
  dx: usize, dGamma: usize, dBeta: usize, R: i32, C: i32): void {
  const C4 = C & ~3;
  memory.fill(dGamma, 0, <usize>C * 4);
  memory.fill(dBeta, 0, <usize>C * 4);
  for (let i = 0; i < R; i++) {
    const ro = <usize>i * C * 4;
    const m = f32x4.splat(load<f32>(mean + <usize>i * 4)), rsS = load<f32>(rstd + <usize>i * 4), rs = f32x4.splat(rsS);
    let sgv = f32x4.splat(0), sgxv = f32x4.splat(0);
    for (let j = 0; j < C4; j += 4) {
      const o = <usize>j * 4;
      const d = v128.load(dy + ro + o);
      const xh = f32x4.mul(f32x4.sub(v128.load(x + ro + o), m), rs);
      const g = f32x4.mul(d, v128.load(gamma + o));
      sgv = f32x4.add(sgv, g); sgxv = f32x4.add(sgxv, f32x4.mul(g, xh));
      v128.store(dGamma + o, f32x4.add(v128.load(dGamma + o), f32x4.mul(d, xh)));
      v128.store(dBeta + o, f32x4.add(v128.load(dBeta + o), d));
    }
    let sg = hsum(sgv), sgx = hsum(sgxv);
    const mS = load<f32>(mean + <usize>i * 4);
    for (let j = C4; j < C; j++) {
      const o = <usize>j * 4;
      const d = load<f32>(dy + ro + o), xh = (load<f32>(x + ro + o) - mS) * rsS, g = d * load<f32>(gamma + o);
      sg += g; sgx += g * xh;
      store<f32>(dGamma + o, load<f32>(dGamma + o) + d * xh);
      store<f32>(dBeta + o, load<f32>(dBeta + o) + d);
    }
    sg /= <f32>C; sgx /= <f32>C;
    const sgV = f32x4.splat(sg), sgxV = f32x4.splat(sgx);
    for (let j = 0; j < C4; j += 4) {
      const o = <usize>j * 4;
      const xh = f32x4.mul(f32x4.sub(v128.load(x + ro + o), m), rs);
      const g = f32x4.mul(v128.load(dy + ro + o), v128.load(gamma + o));
      v128.store(dx + ro + o, f32x4.mul(rs, f32x4.sub(f32x4.sub(g, sgV), f32x4.mul(xh, sgxV))));
    }
    for (let j = C4; j < C; j++) {
      const o = <usize>j * 4;
      const xh = (load<f32>(x + ro + o) - mS) * rsS;
      store<f32>(dx + ro + o, rsS * (load<f32>(dy + ro + o) * load<f32>(gamma + o) - sg - xh * sgx));
    }
  }
}
