// Adapter files of a finished run: raw adapters as safetensors, and a PEFT LoRA as a zip of
// adapter_config.json + adapter_model.safetensors (posterior-mean R folded into lora_B).
import { zipSync, strToU8 } from 'fflate';
import { serializeSafetensors, type TensorMap } from '../model/safetensors';
import type { RunResult } from '../methods/run_types';
import { groupAdapterTensors } from './adapter_modules';
import { buildPeftLora } from './peft_lora';
import { meanModelTensors } from './onnx/run_tensors';

export function adaptersSafetensors(r: RunResult): Uint8Array {
  const map: TensorMap = new Map();
  for (const t of r.adapters) map.set(t.name, { shape: [...t.shape], data: t.data });
  return serializeSafetensors(map, { format: 'pt', method: r.method.kind, run_id: r.runId, r: String(r.method.r), alpha: String(r.method.alpha) });
}

/**
 * The engine's names are Hugging Face BertModel names (encoder.…, pooler.…); PEFT loads into
 * BertForSequenceClassification, whose encoder and pooler sit under `bert.` and whose head is
 * `classifier`. Names already under `bert.` are kept.
 */
export function seqClsPath(name: string): string {
  return /^(?:embeddings|encoder|pooler)\./.test(name) ? `bert.${name}` : name;
}

/** The Hub id PEFT records as the base model: `hf:owner/name` → `owner/name`; a model that is not on the Hub → null. */
export function peftBaseModel(modelId: string): string | null {
  return modelId.startsWith('hf:') ? modelId.slice(3) : null;
}

/**
 * PEFT LoRA zip for BertForSequenceClassification: LoRA factors on the adapted linears, and the
 * trained pooler and classifier saved whole (modules_to_save), named as PEFT's save_pretrained names them.
 */
export function peftLoraZip(r: RunResult, modelId: string): Uint8Array {
  // One model, as the merged ONNX export picks it: posterior statistics left out, an ensemble's first member.
  const { tensors } = meanModelTensors(r.method, r.adapters);
  const { modules, others } = groupAdapterTensors(tensors, r.method.alpha / r.method.r);
  const renamed = modules.map((m) => ({ ...m, path: seqClsPath(m.path) }));
  const head = others.map((t) => ({ ...t, name: seqClsPath(t.name) }));
  const save = (module: string, prefix: string) => ({ module, tensors: head.filter((t) => t.name.startsWith(prefix)) });
  const modulesToSave = [save('classifier', 'classifier.'), save('pooler', 'bert.pooler.')].filter((m) => m.tensors.length > 0);
  const peft = buildPeftLora(renamed, { baseModel: peftBaseModel(modelId), modulesToSave });
  const map: TensorMap = new Map();
  for (const t of peft.tensors) map.set(t.name, { shape: t.shape, data: t.data });
  return zipSync({
    'adapter_config.json': strToU8(JSON.stringify(peft.config, null, 2)),
    'adapter_model.safetensors': serializeSafetensors(map, { format: 'pt' }),
  });
}
