// Display names of the method kinds (which settings a kind uses is in src/methods/settings.ts).
import type { MethodConfig, MethodKind } from '../../state/types';

export const METHOD_NAMES: Record<MethodKind, string> = {
  lora: 'LoRA',
  'lora-xs': 'LoRA-XS',
  'b-lora-xs': 'B-LoRA-XS (SWAG on R)',
  'swag-lora': 'SWAG-LoRA',
  'mc-dropout': 'MC dropout',
  temperature: 'Temperature scaling',
  ensemble: 'Deep ensemble',
  laplace: 'L-LoRA-XS (Laplace)',
};

/** Short label for a configuration, e.g. "B-LoRA-XS r=2 K=5". */
export function methodLabel(m: MethodConfig): string {
  const short = METHOD_NAMES[m.kind].replace(/ \(.*\)$/, '');
  const extra = m.kind === 'b-lora-xs' || m.kind === 'swag-lora' ? ` K=${m.K} c=${m.c}` : m.kind === 'ensemble' ? ` M=${m.M}` : '';
  return `${short} r=${m.r}${extra}`;
}
