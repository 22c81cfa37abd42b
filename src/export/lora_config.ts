// A run's adapter settings as a PEFT LoraConfig (the training-side config: lora_alpha = α, not the
// folded lora_alpha = r of the exported adapter_config.json), as JSON of its keyword arguments and
// as a short Python snippet. Target modules are the exact module paths of the family's
// *ForSequenceClassification (family_export.ts) the run adapted, taken from its adapter tensors.
import { hasTrait, type MethodConfig } from '../methods/config';
import { groupAdapterTensors } from './adapter_modules';
import type { ModelFamilyId } from '../model/families';
import { familyExport, headModuleOf, seqClsName } from './family_export';
import type { TensorEntry } from './peft_lora';
import { isPosteriorStatistic } from './run_tensors';

export interface LoraConfigExport {
  json: Record<string, unknown>;
  python: string;
}

export function loraConfig(
  method: Pick<MethodConfig, 'kind' | 'r' | 'alpha'>,
  adapters: readonly TensorEntry[],
  baseModel: string | null,
  family?: ModelFamilyId,
): LoraConfigExport {
  const fam = familyExport(family);
  const weights = adapters.filter((t) => !isPosteriorStatistic(t.name) && t.name !== 'temperature');
  // An ensemble's members share their settings: the first one names the modules.
  const member = weights.some((t) => t.name.startsWith('member0.'));
  const own = member ? weights.filter((t) => t.name.startsWith('member0.')).map((t) => ({ ...t, name: t.name.slice('member0.'.length) })) : weights;
  const { modules, others } = groupAdapterTensors(own, method.alpha / method.r);
  const targets = [...new Set(modules.map((m) => seqClsName(fam.id, m.path)))].sort();
  const trained = new Set(others.map((t) => headModuleOf(fam.id, seqClsName(fam.id, t.name))));
  const head = fam.headModules.map((h) => h.module).filter((m) => trained.has(m));
  const json = {
    task_type: 'SEQ_CLS',
    r: method.r,
    lora_alpha: method.alpha,
    lora_dropout: 0,
    bias: 'none',
    target_modules: targets,
    modules_to_save: head,
  };
  const loraXs = !hasTrait(method.kind, 'lora-adapters');
  const py = (x: unknown) => JSON.stringify(x);
  const python = [
    `# The LoRA settings of a blora ${method.kind} run as a PEFT LoraConfig (r = ${method.r}, alpha = ${method.alpha}, scale ${method.alpha / method.r}).`,
    'from peft import LoraConfig, get_peft_model',
    'from transformers import AutoModelForSequenceClassification',
    '',
    'config = LoraConfig(',
    ...Object.entries(json).map(([k, v]) => `    ${k}=${py(v)},`),
    ')',
    `model = AutoModelForSequenceClassification.from_pretrained(${py(baseModel ?? 'PATH/TO/BASE_MODEL')}, num_labels=NUM_LABELS)`,
    'model = get_peft_model(model, config)',
    ...(fam.peftRefusal ? [`# ${fam.seqClsArchitecture}: ${fam.peftRefusal}.`] : []),
    ...(loraXs
      ? [
          '# LoRA-XS: PEFT trains lora_B @ lora_A; LoRA-XS freezes A and B from the truncated SVD of W and trains an r x r core R',
          '# between them. The reference (gmum/b-lora-xs, utils/run_experiment.py) builds it on this config with find_and_initialize.',
        ]
      : []),
    '',
  ].join('\n');
  return { json, python };
}
