// LayerNorm over the last dimension (biased variance, as PyTorch): y = (x − μ) · rstd · γ + β.

export function layerNormCpu(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  rows: number,
  cols: number,
  eps: number,
): { y: Float32Array; mean: Float32Array; rstd: Float32Array } {
  const y = new Float32Array(rows * cols),
    mean = new Float32Array(rows),
    rstd = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let m = 0;
    for (let j = 0; j < cols; j++) m += x[o + j];
    m /= cols;
    let v = 0;
    for (let j = 0; j < cols; j++) {
      const d = x[o + j] - m;
      v += d * d;
    }
    v /= cols;
    const rs = 1 / Math.sqrt(v + eps);
    mean[i] = m;
    rstd[i] = rs;
    for (let j = 0; j < cols; j++) y[o + j] = (x[o + j] - m) * rs * gamma[j] + beta[j];
  }
  return { y, mean, rstd };
}

/**
 * With x̂ = (x − μ) rstd and g = dy · γ: dx = rstd · (g − mean(g) − x̂ · mean(g · x̂)),
 * dγ = Σ_rows dy · x̂, dβ = Σ_rows dy.
 */
export function layerNormBackwardCpu(
  dy: Float32Array,
  x: Float32Array,
  mean: Float32Array,
  rstd: Float32Array,
  gamma: Float32Array,
  rows: number,
  cols: number,
): { dx: Float32Array; dGamma: Float32Array; dBeta: Float32Array } {
  const dx = new Float32Array(rows * cols);
  const dG = new Float64Array(cols),
    dB = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols,
      m = mean[i],
      rs = rstd[i];
    let sg = 0,
      sgx = 0;
    for (let j = 0; j < cols; j++) {
      const xh = (x[o + j] - m) * rs,
        g = dy[o + j] * gamma[j];
      sg += g;
      sgx += g * xh;
      dG[j] += dy[o + j] * xh;
      dB[j] += dy[o + j];
    }
    sg /= cols;
    sgx /= cols;
    for (let j = 0; j < cols; j++) {
      const xh = (x[o + j] - m) * rs;
      dx[o + j] = rs * (dy[o + j] * gamma[j] - sg - xh * sgx);
    }
  }
  return { dx, dGamma: Float32Array.from(dG), dBeta: Float32Array.from(dB) };
}
