// Display names and which hyper-parameters each method kind uses.
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

export type Param = keyof Pick<MethodConfig, 'K' | 'c' | 'S' | 'M' | 'swagStart' | 'swagAnnealEpochs' | 'swagLr' | 'collectEverySteps' | 'dropout' | 'earlyStopPatience'>;

const SWAG: Param[] = ['K', 'c', 'S', 'swagStart', 'swagAnnealEpochs', 'swagLr', 'collectEverySteps'];

/** Kind-specific parameters shown on a method card (shared ones are always shown). */
export const KIND_PARAMS: Record<MethodKind, Param[]> = {
  lora: ['earlyStopPatience'],
  'lora-xs': ['earlyStopPatience'],
  'b-lora-xs': SWAG,
  'swag-lora': SWAG,
  'mc-dropout': ['S', 'dropout', 'earlyStopPatience'],
  temperature: ['earlyStopPatience'],
  ensemble: ['M', 'earlyStopPatience'],
  laplace: ['S', 'earlyStopPatience'],
};


/** Short label for a configuration, e.g. "B-LoRA-XS r=2 K=5". */
export function methodLabel(m: MethodConfig): string {
  const short = METHOD_NAMES[m.kind].replace(/ \(.*\)$/, '');
  const extra = m.kind === 'b-lora-xs' || m.kind === 'swag-lora' ? ` K=${m.K} c=${m.c}` : m.kind === 'ensemble' ? ` M=${m.M}` : '';
  return `${short} r=${m.r}${extra}`;
}
