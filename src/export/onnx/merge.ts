// Merges a run's adapters into the base weights: W' = W + ΔW with ΔW = s·B·R·A (LoRA-XS, R the
// trained core or its posterior mean) or s·B·A (LoRA), and takes the trained pooler and
// classifier from the run. Names are Hugging Face paths with or without "bert."; the result
// uses them without it. The base map is not modified.
import { stripPrefix, type TensorMap } from '../../model/safetensors';
import { groupAdapterTensors } from '../adapter_modules';
import { scaledBR, type TensorEntry } from '../peft_lora';

export const HEAD_TENSORS = ['pooler.dense.weight', 'pooler.dense.bias', 'classifier.weight', 'classifier.bias'] as const;

export interface MergedWeights {
  weights: TensorMap;
  numLabels: number;
  /** Module paths whose weight received ΔW. */
  mergedModules: string[];
}

export interface MergeOptions {
  /** s = α / r. */
  scale: number;
  /** The run's rank; every adapter must have it. */
  rank: number;
}

const unprefixed = (name: string) => (name.startsWith('bert.') ? name.slice(5) : name);

function checkSize(t: { name: string; shape: readonly number[]; data: Float32Array }): void {
  const n = t.shape.reduce((a, b) => a * b, 1);
  if (t.data.length !== n) throw new Error(`ONNX export: tensor ${t.name} has ${t.data.length} values but shape [${t.shape.join(', ')}] (${n})`);
}

/** ΔW [out, in] = (s·B·R) A. */
function deltaW(BR: Float32Array, A: Float32Array, out: number, r: number, inF: number): Float32Array {
  const d = new Float32Array(out * inF);
  for (let i = 0; i < out; i++) {
    const row = d.subarray(i * inF, (i + 1) * inF);
    for (let k = 0; k < r; k++) {
      const c = BR[i * r + k];
      if (c === 0) continue;
      const a = A.subarray(k * inF, (k + 1) * inF);
      for (let j = 0; j < inF; j++) row[j] += c * a[j];
    }
  }
  return d;
}

export function mergeAdapters(base: TensorMap, runTensors: readonly TensorEntry[], o: MergeOptions): MergedWeights {
  const weights = stripPrefix(base);
  for (const t of runTensors) checkSize(t);
  let grouped: ReturnType<typeof groupAdapterTensors>;
  try {
    grouped = groupAdapterTensors(
      runTensors.map((t) => ({ ...t, name: unprefixed(t.name) })),
      o.scale,
    );
  } catch (e) {
    throw new Error(`ONNX export: ${(e as Error).message}`);
  }
  if (grouped.modules.length === 0) throw new Error('ONNX export: the run has no adapter factors (tensors named <module>.lora_A / lora_B) to merge');

  const mergedModules: string[] = [];
  for (const m of grouped.modules) {
    const W = weights.get(`${m.path}.weight`);
    if (!W) throw new Error(`ONNX export: adapter ${m.path} has no base weight ${m.path}.weight in the loaded model (was the run trained on another model?)`);
    const [out, inF] = W.shape;
    if (m.r !== o.rank) throw new Error(`ONNX export: adapter ${m.path} has rank ${m.r}, the run's method has r = ${o.rank}`);
    if (m.outFeatures !== out || m.inFeatures !== inF) {
      throw new Error(`ONNX export: adapter ${m.path} is ${m.outFeatures}×${m.inFeatures} (B·A) but the base weight is ${out}×${inF}`);
    }
    if (m.R && m.R.length !== m.r * m.r) throw new Error(`ONNX export: adapter ${m.path} has an R of ${m.R.length} values, expected ${m.r}×${m.r}`);
    const d = deltaW(scaledBR(m.B, m.R, out, m.r, m.scale), m.A, out, m.r, inF);
    for (let i = 0; i < d.length; i++) d[i] += W.data[i];
    weights.set(`${m.path}.weight`, { shape: [out, inF], data: d });
    mergedModules.push(m.path);
  }

  const head = new Map(grouped.others.map((t) => [t.name, t]));
  for (const name of HEAD_TENSORS) {
    const t = head.get(name);
    if (!t) throw new Error(`ONNX export: the run has no trained head tensor ${name}`);
    weights.set(name, { shape: [...t.shape], data: t.data });
  }
  return { weights, numLabels: head.get('classifier.weight')!.shape[0], mergedModules };
}
