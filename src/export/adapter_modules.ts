// Groups a run's flat adapter tensors (RunResult.adapters) into per-module LoRA-XS / LoRA factors.
// Accepted names: "<module>.A|B|R", "<module>.lora_A|lora_B|lora_R", each optionally ending
// in ".weight". Tensors that are not adapter factors (e.g. the head) are returned separately.
import type { AdaptedModule, TensorEntry } from './peft_lora';

const FACTOR = /^(.*)\.(?:lora_)?([ABR])(?:\.weight)?$/;

export function groupAdapterTensors(tensors: readonly TensorEntry[], scale: number): { modules: AdaptedModule[]; others: TensorEntry[] } {
  const byModule = new Map<string, Partial<Record<'A' | 'B' | 'R', TensorEntry>>>();
  const others: TensorEntry[] = [];
  for (const t of tensors) {
    const m = FACTOR.exec(t.name);
    if (!m) {
      others.push(t);
      continue;
    }
    const entry = byModule.get(m[1]) ?? {};
    entry[m[2] as 'A' | 'B' | 'R'] = t;
    byModule.set(m[1], entry);
  }
  const modules: AdaptedModule[] = [];
  for (const [path, f] of byModule) {
    if (!f.A || !f.B) {
      // A lone R (LoRA-XS without its frozen factors) cannot become a PEFT LoRA or a merged weight.
      throw new Error(`adapter ${path} lacks its ${f.A ? 'B' : 'A'} factor; exporting it needs both A and B`);
    }
    const [r, inF] = f.A.shape;
    const [outF, rB] = f.B.shape;
    if (rB !== r) throw new Error(`adapter ${path}: A is ${f.A.shape.join('×')} but B is ${f.B.shape.join('×')}`);
    modules.push({ path, A: f.A.data, B: f.B.data, R: f.R?.data, r, inFeatures: inF, outFeatures: outF, scale });
  }
  modules.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
  return { modules, others };
}
