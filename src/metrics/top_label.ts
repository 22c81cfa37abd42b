// Top-label view of row-major class probabilities [N, C]: the prediction is argmax p (ties go to
// the lowest class index, as numpy's argmax does) and its confidence is max p.

export interface TopLabel {
  /** Predicted class per example. */
  pred: Int32Array;
  /** max_k p_k per example (the f32 value widened to f64). */
  conf: Float64Array;
}

/** Throws a RangeError unless probs has N·C entries, C ≥ 1, and labels (if given) are in [0, C). */
export function checkShapes(probs: Float32Array, nClasses: number, labels?: Int32Array): number {
  if (!Number.isInteger(nClasses) || nClasses < 1) throw new RangeError(`nClasses must be a positive integer, got ${nClasses}`);
  if (probs.length % nClasses !== 0) throw new RangeError(`probs length ${probs.length} is not a multiple of nClasses ${nClasses}`);
  const n = probs.length / nClasses;
  if (labels) {
    if (labels.length !== n) throw new RangeError(`labels length ${labels.length} does not match N = ${n}`);
    for (let i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= nClasses) throw new RangeError(`label ${labels[i]} at ${i} is outside [0, ${nClasses})`);
    }
  }
  return n;
}

export function topLabel(probs: Float32Array, nClasses: number): TopLabel {
  const n = checkShapes(probs, nClasses);
  const pred = new Int32Array(n);
  const conf = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * nClasses;
    let best = 0;
    let bestP = probs[row];
    for (let k = 1; k < nClasses; k++) {
      if (probs[row + k] > bestP) {
        bestP = probs[row + k];
        best = k;
      }
    }
    pred[i] = best;
    conf[i] = bestP;
  }
  return { pred, conf };
}

/** 1 where the argmax prediction equals the label, else 0. */
export function correctness(pred: Int32Array, labels: Int32Array): Uint8Array {
  const out = new Uint8Array(pred.length);
  for (let i = 0; i < pred.length; i++) out[i] = pred[i] === labels[i] ? 1 : 0;
  return out;
}
