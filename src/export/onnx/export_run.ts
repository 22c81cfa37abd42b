// One run → one self-contained model.onnx: the base encoder with the run's adapters merged at the
// posterior mean, the trained head, logits (and probabilities) out; inputs as the family's HF ONNX
// exports take them (no token_type_ids where the family has one token type).
import type { BertConfig } from '../../model/config';
import type { ModelFamilyId } from '../../model/families';
import { familyExport } from '../family_export';
import type { TensorMap } from '../../model/safetensors';
import type { MethodConfig } from '../../methods/config';
import type { DatasetIdentity } from '../../data/dataset_identity';
import type { TensorEntry } from '../peft_lora';
import { bertClassifierGraph } from './bert_graph';
import { mergeAdapters } from './merge';
import { encodeModel } from './onnx_proto';
import { meanModelTensors } from '../run_tensors';

export const ONNX_OPSET = 17;

export interface RunToExport {
  runId: string;
  method: Pick<MethodConfig, 'kind' | 'r' | 'alpha' | 'M'>;
  adapters: readonly TensorEntry[];
  /** The data the run trained on (named in the model folder's README). */
  dataset?: DatasetIdentity;
}

export interface OnnxExport {
  bytes: Uint8Array;
  /** What the file is (e.g. "member 1 of the 3-member deep ensemble"). */
  description: string;
}

export function exportMergedOnnx(cfg: BertConfig, base: TensorMap, run: RunToExport, modelId = '', family?: ModelFamilyId): OnnxExport {
  const fam = familyExport(family);
  const { r, alpha } = run.method;
  if (!(Number.isInteger(r) && r > 0 && alpha > 0)) throw new Error(`ONNX export: the run's method has r = ${r}, alpha = ${alpha}`);
  const chosen = meanModelTensors(run.method, run.adapters);
  const merged = mergeAdapters(base, chosen.tensors, { scale: alpha / r, rank: r });
  const docString = `${run.method.kind} run ${run.runId}${modelId ? ` on ${modelId}` : ''}: ${chosen.description}`;
  const graph = bertClassifierGraph(cfg, merged.weights, {
    numLabels: merged.numLabels,
    temperature: chosen.temperature,
    tokenTypes: fam.tokenTypes,
    name: fam.seqClsArchitecture.replace(/(?<=[a-z])(?=[A-Z])/g, '_').toLowerCase(),
    docString,
  });
  const bytes = encodeModel({
    graph,
    opset: ONNX_OPSET,
    producerName: 'blora-playground',
    producerVersion: '0.1.0',
    docString,
    metadata: {
      run_id: run.runId,
      method: run.method.kind,
      base_model: modelId,
      family: fam.id,
      r: String(r),
      alpha: String(alpha),
      merged_modules: merged.mergedModules.join(','),
      ...(chosen.temperature !== undefined ? { temperature: String(chosen.temperature) } : {}),
      description: chosen.description,
    },
  });
  return { bytes, description: chosen.description };
}
