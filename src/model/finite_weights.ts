// Non-finite weights (NaN, ±Infinity) in a checkpoint: found in one pass over a tensor's F32 values
// (F16 and BF16 NaN / Inf stay NaN / Inf when widened), so the loader can refuse the file naming
// the tensor and the element, instead of training to a NaN loss at step 1.

export interface NonFinite {
  /** Flat index of the first non-finite value. */
  index: number;
  value: number;
  /** How many values of the tensor are not finite. */
  count: number;
}

/** The first non-finite value of `data` and how many there are, or null when all are finite. */
export function scanNonFinite(data: Float32Array): NonFinite | null {
  let i = 0;
  // x − x is 0 for every finite x and NaN for NaN and ±Infinity.
  while (i < data.length && data[i] - data[i] === 0) i++;
  if (i === data.length) return null;
  const first = { index: i, value: data[i], count: 0 };
  for (; i < data.length; i++) if (data[i] - data[i] !== 0) first.count++;
  return first;
}

/** "tensor "x" holds NaN at [3, 5] (1 of 1,024 values are not finite): …". */
export function nonFiniteMessage(name: string, shape: readonly number[], bad: NonFinite): string {
  const at: number[] = [];
  let rest = bad.index;
  for (let d = shape.length - 1; d >= 0; d--) {
    at.unshift(rest % shape[d]);
    rest = Math.floor(rest / shape[d]);
  }
  const n = shape.reduce((a, b) => a * b, 1);
  return (
    `tensor "${name}" holds ${String(bad.value)} at [${at.join(', ')}] (${bad.count.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} values are not finite): ` +
    'the checkpoint is damaged or was saved from a run that diverged, and cannot be trained from'
  );
}
