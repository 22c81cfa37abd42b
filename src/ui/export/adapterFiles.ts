// Adapter files of a finished run: raw adapters as safetensors, and a PEFT LoRA as a zip of
// adapter_config.json + adapter_model.safetensors (posterior-mean R folded into lora_B).
import { zipSync, strToU8 } from 'fflate';
import { serializeSafetensors, type TensorMap } from '../../model/safetensors';
import type { RunResult } from '../../train/protocol';
import { groupAdapterTensors } from './adapterModules';
import { buildPeftLora } from './peftLora';

export function adaptersSafetensors(r: RunResult): Uint8Array {
  const map: TensorMap = new Map();
  for (const t of r.adapters) map.set(t.name, { shape: [...t.shape], data: t.data });
  return serializeSafetensors(map, { format: 'pt', method: r.method.kind, run_id: r.runId, r: String(r.method.r), alpha: String(r.method.alpha) });
}

/** PEFT LoRA zip. `headModule` names the fully trained head, saved whole via modules_to_save. */
export function peftLoraZip(r: RunResult, baseModel: string, headModule = 'classifier'): Uint8Array {
  const { modules, others } = groupAdapterTensors(r.adapters, r.method.alpha / r.method.r);
  const head = others.filter((t) => t.name.startsWith(`${headModule}.`));
  const peft = buildPeftLora(modules, { baseModel, modulesToSave: head.length ? { module: headModule, tensors: head } : undefined });
  const map: TensorMap = new Map();
  for (const t of peft.tensors) map.set(t.name, { shape: t.shape, data: t.data });
  return zipSync({
    'adapter_config.json': strToU8(JSON.stringify(peft.config, null, 2)),
    'adapter_model.safetensors': serializeSafetensors(map, { format: 'pt' }),
  });
}
