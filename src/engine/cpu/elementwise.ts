// Element-wise ops of the backend contract: add, scale, a += αb, tanh and ReLU with their backwards.

export function addCpu(a: Float32Array, b: Float32Array): Float32Array {
  if (a.length !== b.length) throw new Error(`add: sizes differ (${a.length} vs ${b.length})`);
  const y = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) y[i] = a[i] + b[i];
  return y;
}

export function addInPlaceCpu(a: Float32Array, b: Float32Array, alpha = 1): void {
  if (a.length !== b.length) throw new Error(`addInPlace: sizes differ (${a.length} vs ${b.length})`);
  for (let i = 0; i < a.length; i++) a[i] += alpha * b[i];
}

export function scaleCpu(a: Float32Array, alpha: number): Float32Array {
  const y = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) y[i] = alpha * a[i];
  return y;
}

export function tanhCpu(x: Float32Array): Float32Array {
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = Math.tanh(x[i]);
  return y;
}

/** dy · (1 − y²) with y = tanh(x). */
export function tanhBackwardCpu(dy: Float32Array, y: Float32Array): Float32Array {
  const dx = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
  return dx;
}

export function reluCpu(x: Float32Array): Float32Array {
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : 0;
  return y;
}

/** dy where y = relu(x) > 0, else 0 (torch's gradient at 0 is 0 too). */
export function reluBackwardCpu(dy: Float32Array, y: Float32Array): Float32Array {
  const dx = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) dx[i] = y[i] > 0 ? dy[i] : 0;
  return dx;
}
