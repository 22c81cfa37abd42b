// [CLS] extraction: row b·seqLen of x [batch·seqLen, D] is sequence b's first token.

export function gatherClsCpu(x: Float32Array, batch: number, seqLen: number, D: number): Float32Array {
  const y = new Float32Array(batch * D);
  for (let b = 0; b < batch; b++) y.set(x.subarray(b * seqLen * D, b * seqLen * D + D), b * D);
  return y;
}

export function scatterClsCpu(dCls: Float32Array, batch: number, seqLen: number, D: number): Float32Array {
  const y = new Float32Array(batch * seqLen * D);
  for (let b = 0; b < batch; b++) y.set(dCls.subarray(b * D, b * D + D), b * seqLen * D);
  return y;
}
