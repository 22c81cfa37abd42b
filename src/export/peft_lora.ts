// A PEFT-compatible LoRA adapter from LoRA-XS (or LoRA) factors.
// LoRA-XS: ΔW = s · B R A. PEFT computes ΔW = (lora_alpha / r) · lora_B lora_A, so we export
// lora_A = A, lora_B = s · B R and lora_alpha = r (scaling exactly 1). For Bayesian methods the
// caller passes R at the posterior mean. Plain LoRA passes R = undefined (identity).
import type { NamedTensor } from '../model/safetensors';

export interface AdaptedModule {
  /** Module path inside the base model, e.g. "bert.encoder.layer.0.attention.self.query". */
  path: string;
  /** A: [r, in] row-major. */
  A: Float32Array;
  /** B: [out, r] row-major. */
  B: Float32Array;
  /** R: [r, r] row-major; omitted for plain LoRA. */
  R?: Float32Array;
  r: number;
  inFeatures: number;
  outFeatures: number;
  /** Adapter scale s = α / r. */
  scale: number;
}

/** A tensor with its file name, as the export files list them. */
export interface TensorEntry extends NamedTensor {
  name: string;
}

export interface PeftLoraExport {
  config: Record<string, unknown>;
  tensors: TensorEntry[];
}

export interface PeftOptions {
  /** A Hugging Face Hub id, or null when the base model is not on the Hub (PEFT then needs it passed in). */
  baseModel: string | null;
  /** Fully trained modules saved whole (the classifier head, the pooler), tensors named by module path. */
  modulesToSave?: { module: string; tensors: TensorEntry[] } | { module: string; tensors: TensorEntry[] }[];
  taskType?: string;
}

/** out[i, j] = s · Σ_k B[i, k] R[k, j]. */
export function scaledBR(B: Float32Array, R: Float32Array | undefined, out: number, r: number, s: number): Float32Array {
  const res = new Float32Array(out * r);
  for (let i = 0; i < out; i++) {
    for (let j = 0; j < r; j++) {
      let acc = 0;
      if (R) for (let k = 0; k < r; k++) acc += B[i * r + k] * R[k * r + j];
      else acc = B[i * r + j];
      res[i * r + j] = s * acc;
    }
  }
  return res;
}

export function buildPeftLora(modules: readonly AdaptedModule[], opts: PeftOptions): PeftLoraExport {
  if (modules.length === 0) throw new Error('no adapted modules to export');
  const r = modules[0].r;
  const tensors: TensorEntry[] = [];
  for (const m of modules) {
    if (m.r !== r) throw new Error(`PEFT needs one rank: ${m.path} has r=${m.r}, expected ${r}`);
    check(m.A, m.r * m.inFeatures, `${m.path} A`);
    check(m.B, m.outFeatures * m.r, `${m.path} B`);
    if (m.R) check(m.R, m.r * m.r, `${m.path} R`);
    const prefix = `base_model.model.${m.path}`;
    tensors.push({ name: `${prefix}.lora_A.weight`, shape: [m.r, m.inFeatures], data: Float32Array.from(m.A) });
    tensors.push({ name: `${prefix}.lora_B.weight`, shape: [m.outFeatures, m.r], data: scaledBR(m.B, m.R, m.outFeatures, m.r, m.scale) });
  }
  const toSave = opts.modulesToSave === undefined ? [] : Array.isArray(opts.modulesToSave) ? opts.modulesToSave : [opts.modulesToSave];
  // PEFT saves a modules_to_save module under its own path, without the wrapper's inner names.
  for (const m of toSave) for (const t of m.tensors) tensors.push({ ...t, name: `base_model.model.${t.name}` });
  // Full module paths: PEFT accepts exact names, and suffixes like "output.dense" would be ambiguous.
  const targets = [...new Set(modules.map((m) => m.path))].sort();
  const config = {
    peft_type: 'LORA',
    task_type: opts.taskType ?? 'SEQ_CLS',
    base_model_name_or_path: opts.baseModel,
    r,
    lora_alpha: r,
    lora_dropout: 0,
    bias: 'none',
    fan_in_fan_out: false,
    inference_mode: true,
    init_lora_weights: true,
    use_rslora: false,
    target_modules: targets,
    modules_to_save: toSave.length ? toSave.map((m) => m.module) : null,
  };
  return { config, tensors };
}

function check(a: Float32Array, n: number, what: string): void {
  if (a.length !== n) throw new Error(`${what} has ${a.length} values, expected ${n}`);
}
