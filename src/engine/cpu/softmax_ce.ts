// Row softmax and mean cross-entropy (max-shifted, accumulated in f64).

export function softmaxCpu(logits: Float32Array, rows: number, cols: number): Float32Array {
  const p = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Math.max(m, logits[o + j]);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(logits[o + j] - m);
    for (let j = 0; j < cols; j++) p[o + j] = Math.exp(logits[o + j] - m) / s;
  }
  return p;
}

/** loss = −(1/N) Σ log softmax(logits)[label]; dLogits = (p − onehot) / N. */
export function softmaxCrossEntropyCpu(logits: Float32Array, labels: Int32Array, rows: number, cols: number): { loss: number; dLogits: Float32Array } {
  const d = new Float32Array(rows * cols);
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    const o = i * cols,
      y = labels[i];
    if (y < 0 || y >= cols) throw new Error(`softmaxCrossEntropy: label ${y} in row ${i} is outside [0, ${cols})`);
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Math.max(m, logits[o + j]);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(logits[o + j] - m);
    const lse = m + Math.log(s);
    loss += lse - logits[o + y];
    for (let j = 0; j < cols; j++) d[o + j] = (Math.exp(logits[o + j] - lse) - (j === y ? 1 : 0)) / rows;
  }
  return { loss: loss / rows, dLogits: d };
}
