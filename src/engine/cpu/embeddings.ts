// BERT embeddings sum: word[ids] + position[index within sequence] + tokenType[typeIds].
// (LayerNorm and dropout are separate ops.) Positions restart at 0 for every sequence, as in
// Hugging Face BertEmbeddings with default position_ids.

export function embeddingsCpu(
  ids: Int32Array,
  typeIds: Int32Array,
  seqLen: number,
  word: Float32Array,
  pos: Float32Array,
  type: Float32Array,
  hidden: number,
): Float32Array {
  const N = ids.length;
  const vocab = word.length / hidden,
    maxPos = pos.length / hidden,
    nTypes = type.length / hidden;
  if (seqLen > maxPos) throw new Error(`embeddings: sequence length ${seqLen} exceeds max_position_embeddings ${maxPos}`);
  const out = new Float32Array(N * hidden);
  for (let n = 0; n < N; n++) {
    const id = ids[n],
      t = typeIds[n],
      p = n % seqLen;
    if (id < 0 || id >= vocab) throw new Error(`embeddings: token id ${id} at position ${n} is outside the vocabulary [0, ${vocab})`);
    if (t < 0 || t >= nTypes) throw new Error(`embeddings: token type ${t} at position ${n} is outside [0, ${nTypes})`);
    const o = n * hidden,
      wo = id * hidden,
      po = p * hidden,
      to = t * hidden;
    for (let h = 0; h < hidden; h++) out[o + h] = word[wo + h] + pos[po + h] + type[to + h];
  }
  return out;
}

/** Scatter-add dOut [N, hidden] into the given tables (any may be null). */
export function embeddingsBackwardCpu(
  dOut: Float32Array,
  ids: Int32Array,
  typeIds: Int32Array,
  seqLen: number,
  hidden: number,
  dWord: Float32Array | null,
  dPos: Float32Array | null,
  dType: Float32Array | null,
): void {
  const N = ids.length;
  for (let n = 0; n < N; n++) {
    const o = n * hidden;
    for (let h = 0; h < hidden; h++) {
      const g = dOut[o + h];
      if (dWord) dWord[ids[n] * hidden + h] += g;
      if (dPos) dPos[(n % seqLen) * hidden + h] += g;
      if (dType) dType[typeIds[n] * hidden + h] += g;
    }
  }
}
