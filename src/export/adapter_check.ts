// Does an adapter file fit a base model? Checked before any export (PEFT, safetensors, ONNX), in
// the file's tensor order, so the error names the first tensor that does not fit, its shape and
// the shape the base model implies. Posterior statistics (swag.*, laplace.*) and the fitted
// temperature are not weights and are not checked; an ensemble's members are checked each.
import type { TensorMap } from '../model/safetensors';
import type { TensorEntry } from './peft_lora';
import { isPosteriorStatistic } from './onnx/run_tensors';

const FACTOR = /^(.*)\.(?:lora_)?([ABR])(?:\.weight)?$/;

export class AdapterMismatchError extends Error {
  readonly code = 'adapter-mismatch';
}

const dims = (s: readonly number[]) => `[${s.join(', ')}]`;

/** `weights`: the base model's tensors under canonical names (no `bert.`); r: the run's rank. */
export function checkAdaptersFitBase(weights: TensorMap, tensors: readonly TensorEntry[], r: number, modelId = 'the base model'): void {
  const H = weights.get('embeddings.word_embeddings.weight')?.shape[1];
  // classifier.bias sorts before classifier.weight: take the label count first.
  const numLabels = tensors.find((t) => /(?:^|\.)classifier\.weight$/.test(t.name))?.shape[0];
  for (const t of tensors) {
    if (isPosteriorStatistic(t.name) || t.name === 'temperature') continue;
    const name = t.name.replace(/^member\d+\./, '').replace(/^bert\./, '');
    const fail = (expected: readonly number[], why: string) => {
      throw new AdapterMismatchError(
        `adapter tensor ${t.name} has shape ${dims(t.shape)} but ${modelId} needs ${dims(expected)} (${why}); was it trained on another model?`,
      );
    };
    const f = FACTOR.exec(name);
    if (f) {
      const W = weights.get(`${f[1]}.weight`);
      if (!W || W.shape.length !== 2)
        throw new AdapterMismatchError(
          `adapter tensor ${t.name}: ${modelId} has no linear layer ${f[1]} (no ${f[1]}.weight); was it trained on another model?`,
        );
      const [out, inF] = W.shape;
      const expected = f[2] === 'A' ? [r, inF] : f[2] === 'B' ? [out, r] : [r, r];
      const why = f[2] === 'R' ? `r × r, r = ${r}` : `${f[1]}.weight is ${dims(W.shape)}, r = ${r}`;
      if (dims(t.shape) !== dims(expected)) fail(expected, why);
      continue;
    }
    if (H === undefined) continue;
    if (name === 'pooler.dense.weight' && dims(t.shape) !== dims([H, H])) fail([H, H], `hidden size ${H}`);
    if (name === 'pooler.dense.bias' && dims(t.shape) !== dims([H])) fail([H], `hidden size ${H}`);
    if (name === 'classifier.weight') {
      if (t.shape.length !== 2 || t.shape[1] !== H) fail([t.shape[0] ?? 2, H], `labels × hidden size ${H}`);
    }
    if (name === 'classifier.bias' && numLabels !== undefined && dims(t.shape) !== dims([numLabels])) fail([numLabels], `one per label of classifier.weight`);
  }
}
