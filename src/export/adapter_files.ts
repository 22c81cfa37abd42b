// Adapter files of a finished run: raw adapters as safetensors, and a PEFT LoRA as a zip of
// adapter_config.json + adapter_model.safetensors (posterior-mean R folded into lora_B).
import { zipSync, strToU8 } from 'fflate';
import { serializeSafetensors, type TensorMap } from '../model/safetensors';
import type { ModelFamilyId } from '../model/families';
import type { RunResult } from '../methods/run_types';
import { groupAdapterTensors } from './adapter_modules';
import { familyExport, seqClsName } from './family_export';
import { buildPeftLora } from './peft_lora';
import { meanModelTensors } from './run_tensors';
import { labelMaps, runClassNames } from './run_classes';

/**
 * The run's adapter tensors with metadata: method, run id, r, alpha, the family (non-BERT), and the
 * data it trained on: label_names (a JSON array in label-index order), dataset, dataset_id and
 * dataset_sha256, so a later export from the file alone names the classes after the run's data.
 */
export function adaptersSafetensors(r: RunResult): Uint8Array {
  const map: TensorMap = new Map();
  for (const t of r.adapters) map.set(t.name, { shape: [...t.shape], data: t.data });
  const meta: Record<string, string> = { format: 'pt', method: r.method.kind, run_id: r.runId, r: String(r.method.r), alpha: String(r.method.alpha) };
  if (r.family) meta.family = r.family;
  const ds = r.dataset;
  if (ds && runClassNames(r).known) {
    Object.assign(meta, { label_names: JSON.stringify(ds.labelNames), dataset: ds.name, dataset_id: ds.id });
    if (ds.sha256) meta.dataset_sha256 = ds.sha256;
  }
  return serializeSafetensors(map, meta);
}

/** The adapter file's __metadata__ (adaptersSafetensors writes method, run_id, r, alpha and the run's data). */
export function adapterFileMetadata(bytes: Uint8Array): Record<string, string> {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
  return (JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))).__metadata__ ?? {}) as Record<string, string>;
}

/** The class names an adapter file's metadata carries (adaptersSafetensors), or undefined. */
export function metadataLabelNames(meta: Record<string, string>): string[] | undefined {
  try {
    const v: unknown = JSON.parse(meta.label_names ?? 'null');
    return Array.isArray(v) && v.length > 0 && v.every((n) => typeof n === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * labels.json of the PEFT zip: PEFT's adapter_config.json has no place for labels, so the head's
 * class names go beside it, as the arguments AutoModelForSequenceClassification.from_pretrained
 * takes (num_labels, id2label, label2id), with the data set they come from.
 */
export function peftLabels(r: RunResult, nClasses: number): Record<string, unknown> {
  const classes = runClassNames(r, nClasses);
  const ds = r.dataset;
  return {
    num_labels: nClasses,
    ...labelMaps(classes.names),
    labels_known: classes.known,
    ...(classes.why ? { note: classes.why } : {}),
    dataset: ds && classes.known ? { id: ds.id, name: ds.name, sha256: ds.sha256 ?? null } : null,
  };
}

/** The Hub id PEFT records as the base model: `hf:owner/name` → `owner/name`; a model that is not on the Hub → null. */
export function peftBaseModel(modelId: string): string | null {
  return modelId.startsWith('hf:') ? modelId.slice(3) : null;
}

/** A PEFT export that would load a model other than the trained one (familyExport(…).peftRefusal says why). */
export class PeftRefusedError extends Error {
  readonly code = 'peft-refused';
}

/**
 * PEFT LoRA zip for the family's *ForSequenceClassification (the run's family, else `family`, else
 * BERT): LoRA factors on the adapted linears under the family's module paths, and the trained head
 * saved whole (modules_to_save: BERT pooler + classifier, RoBERTa/XLM-R classifier, DistilBERT
 * pre_classifier + classifier), named as PEFT's save_pretrained names them. A family whose HF head
 * is not the one trained would be refused (PeftRefusedError); none is now.
 */
export function peftLoraZip(r: RunResult, modelId: string, family?: ModelFamilyId): Uint8Array {
  if (family && r.family && family !== r.family) throw new Error(`PEFT export: the run was trained on a ${r.family} model, not ${family}`);
  const fam = familyExport(family ?? r.family);
  if (fam.peftRefusal) throw new PeftRefusedError(`PEFT export for ${fam.seqClsArchitecture} is refused: ${fam.peftRefusal}.`);
  // One model, as the merged ONNX export picks it: posterior statistics left out, an ensemble's first member.
  const { tensors } = meanModelTensors(r.method, r.adapters);
  const { modules, others } = groupAdapterTensors(tensors, r.method.alpha / r.method.r);
  const renamed = modules.map((m) => ({ ...m, path: seqClsName(fam.id, m.path) }));
  const head = others.map((t) => ({ ...t, name: seqClsName(fam.id, t.name) }));
  const modulesToSave = fam.headModules
    .map((h) => ({ module: h.module, tensors: head.filter((t) => t.name.startsWith(h.prefix)) }))
    .filter((m) => m.tensors.length > 0);
  const peft = buildPeftLora(renamed, { baseModel: peftBaseModel(modelId), modulesToSave });
  const map: TensorMap = new Map();
  for (const t of peft.tensors) map.set(t.name, { shape: t.shape, data: t.data });
  // The head's rows are its classes (engine names: classifier.weight, before the family's renaming).
  const classifier = others.find((t) => t.name === 'classifier.weight' || t.name.endsWith('.classifier.weight'));
  return zipSync({
    'adapter_config.json': strToU8(JSON.stringify(peft.config, null, 2)),
    'adapter_model.safetensors': serializeSafetensors(map, { format: 'pt' }),
    ...(classifier ? { 'labels.json': strToU8(`${JSON.stringify(peftLabels(r, classifier.shape[0]), null, 2)}\n`) } : {}),
  });
}
