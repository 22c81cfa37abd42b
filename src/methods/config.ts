// The method configuration: which method, with which hyper-parameters. Owned by the methods layer
// (the trainer, the experiment grid, the CLI and the page all speak it); every field has a
// descriptor in settings.ts, which derives defaults, ranges, the link schema, the form and the CLI.

import type { LaplaceStructure } from '../bayes/laplace';

export type { LaplaceStructure };

export type MethodKind =
  | 'lora'
  | 'lora-xs'
  | 'b-lora-xs'
  | 'swag-lora'
  | 'mc-dropout'
  | 'temperature'
  | 'ensemble'
  | 'laplace';

export const METHOD_KINDS: readonly MethodKind[] = [
  'lora', 'lora-xs', 'b-lora-xs', 'swag-lora', 'mc-dropout', 'temperature', 'ensemble', 'laplace',
];

/** Linear layers of a BERT block an adapter can target. */
export type AdaptTarget = 'query' | 'key' | 'value' | 'attn-out' | 'ffn-in' | 'ffn-out';

export const ADAPT_TARGETS: readonly AdaptTarget[] = ['query', 'key', 'value', 'attn-out', 'ffn-in', 'ffn-out'];

/** One method to train and evaluate. Fields a kind does not use are ignored by the trainer. */
export interface MethodConfig {
  /** Unique within the state; [a-z0-9-], 1–32 chars. */
  id: string;
  kind: MethodKind;
  /** Adapter rank (LoRA-XS family: R is r × r; LoRA: A is r × in, B is out × r). */
  r: number;
  /** Scale numerator: s = alpha / r. */
  alpha: number;
  targets: AdaptTarget[];
  /** Encoder layer indices to adapt; an empty list means every layer. */
  layers: number[];
  /** SWAG: deviation rows kept (max_num_models); 0 = diagonal-only. */
  K: number;
  /** SWAG sampling scale c (0.5 canonical, 2.0 in the b-lora-xs code; 0 = SWA mean). */
  c: number;
  /** Posterior / MC-dropout samples per prediction. */
  S: number;
  /** Ensemble size. */
  M: number;
  laplace: { structure: LaplaceStructure };
  lrAdapter: number;
  lrHead: number;
  weightDecay: number;
  epochs: number;
  batch: number;
  /** Epoch (0-based) at which the SWAG phase starts. */
  swagStart: number;
  swagAnnealEpochs: number;
  swagLr: number;
  /** SWAG collection period in optimizer steps (0 = once per epoch). */
  collectEverySteps: number;
  /** Dropout probability (MC dropout keeps it on at test time). */
  dropout: number;
  /**
   * Early stopping: stop when the validation NLL has not improved for this many evaluations and
   * keep the best state (0 = off). Point-estimate training only: it would cut a SWAG phase short.
   */
  earlyStopPatience: number;
  seed: number;
}
