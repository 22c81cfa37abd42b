// Does an adapter file fit a base model? Checked before any export (PEFT, safetensors, ONNX), in
// the file's tensor order, so the error names the first tensor that does not fit, its shape and
// the shape the base model implies. Posterior statistics (swag.*, laplace.*) and the fitted
// temperature are not weights and are not checked; an ensemble's members are checked each.
import { familyById, type ModelFamilyId } from '../model/families';
import type { TensorMap } from '../model/safetensors';
import { seqClsName } from './family_export';
import type { TensorEntry } from './peft_lora';
import { isPosteriorStatistic } from './run_tensors';

const FACTOR = /^(.*)\.(?:lora_)?([ABR])(?:\.weight)?$/;

export class AdapterMismatchError extends Error {
  readonly code = 'adapter-mismatch';
}

const dims = (s: readonly number[]) => `[${s.join(', ')}]`;

/**
 * `weights`: the base model's tensors under canonical names (BertModel's, no `bert.`; every family
 * loads into them); r: the run's rank; family: the base model's, so a message also gives the
 * family's own name of the module (DistilBERT's ffn.lin2 for output.dense).
 */
export function checkAdaptersFitBase(weights: TensorMap, tensors: readonly TensorEntry[], r: number, modelId = 'the base model', family?: ModelFamilyId): void {
  const own = (module: string) => (family && family !== 'bert' ? `; ${familyById(family).label} calls it ${seqClsName(family, module)}` : '');
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
          `adapter tensor ${t.name}: ${modelId} has no linear layer ${f[1]} (no ${f[1]}.weight${own(f[1])}); was it trained on another model?`,
        );
      const [out, inF] = W.shape;
      const expected = f[2] === 'A' ? [r, inF] : f[2] === 'B' ? [out, r] : [r, r];
      const why = (f[2] === 'R' ? `r × r, r = ${r}` : `${f[1]}.weight is ${dims(W.shape)}, r = ${r}`) + own(f[1]);
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
