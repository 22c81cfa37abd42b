// The method configuration: which method, with which hyper-parameters. Owned by the methods layer
// (the trainer, the experiment grid, the CLI and the page all speak it); every field has a
// descriptor in settings.ts, which derives defaults, ranges, the link schema, the form and the CLI.

import type { LaplaceStructure } from '../bayes/laplace';
import { swagStoredParams } from '../engine/adapters/count';

export type { LaplaceStructure };

export type MethodKind = 'lora' | 'lora-xs' | 'b-lora-xs' | 'swag-lora' | 'mc-dropout' | 'temperature' | 'ensemble' | 'laplace';

/**
 * What a method is, independent of how it trains: the traits that decide which settings it uses
 * (settings.ts `usedBy`), its names, and its counts. Pure data, so the page can read it without
 * loading the trainer; registry.ts joins each entry with its train function into a MethodModule.
 */
export type MethodTrait =
  /** Trained as a point estimate (early stopping applies). */
  | 'point-trained'
  /** A SWAG posterior is collected along the trajectory. */
  | 'swag'
  /** The predictive averages S samples (mutual information is meaningful). */
  | 'sampled'
  | 'ensemble'
  | 'laplace'
  /** Keeps dropout on at test time. */
  | 'test-time-dropout'
  /** Adapts the LoRA matrices (A and B) rather than a LoRA-XS core R: LoRA's default targets. */
  | 'lora-adapters';

export interface MethodInfo {
  /** Name on the form and in tables. */
  label: string;
  /** Short name in run labels (no parenthesis). */
  short: string;
  traits: readonly MethodTrait[];
  /** The settings a run label shows beyond r, e.g. " K=10 c=0.5". */
  labelExtra?(m: MethodConfig): string;
  /** Trainable numbers, given P = the adapter's trainable numbers of one model. */
  trainableParams(P: number, m: MethodConfig): number;
  /** Numbers stored for prediction beyond the frozen model (posterior statistics, members). */
  posteriorParams(P: number, m: MethodConfig): number;
  /** What the exported adapter file holds beyond the adapters and head. */
  exportNote: string;
  /** Which single model a merged export (ONNX) of a run is. */
  singleModel: string;
}

const swagInfo = (label: string, short: string, extraTraits: readonly MethodTrait[]): MethodInfo => ({
  label,
  short,
  traits: ['swag', 'sampled', ...extraTraits],
  labelExtra: (m) => ` K=${m.K} c=${m.c}`,
  trainableParams: (P) => P,
  // Mean, second moment and K deviation rows (docs/METHOD.md §7).
  posteriorParams: (P, m) => swagStoredParams(P, m.K),
  exportNote: 'the SWAG mean, second moment and deviation rows (swag.*)',
  singleModel: 'the single model at the SWAG posterior mean (SWA); the Bayesian model average over samples is not part of the file',
});
const point = (label: string, extraTraits: readonly MethodTrait[] = []): MethodInfo => ({
  label,
  short: label,
  traits: ['point-trained', ...extraTraits],
  trainableParams: (P) => P,
  posteriorParams: () => 0,
  exportNote: 'nothing else',
  singleModel: 'the fine-tuned MAP model',
});

export const METHOD_CATALOG: Readonly<Record<MethodKind, MethodInfo>> = {
  lora: point('LoRA', ['lora-adapters']),
  'lora-xs': point('LoRA-XS'),
  'b-lora-xs': swagInfo('B-LoRA-XS (SWAG on R)', 'B-LoRA-XS', []),
  'swag-lora': swagInfo('SWAG-LoRA', 'SWAG-LoRA', ['lora-adapters']),
  'mc-dropout': {
    ...point('MC dropout', ['sampled', 'test-time-dropout']),
    singleModel: 'the MAP model with dropout off; Monte-Carlo dropout sampling is not part of the file',
  },
  temperature: { ...point('Temperature scaling'), posteriorParams: () => 1, exportNote: 'the fitted temperature' },
  ensemble: {
    ...point('Deep ensemble', ['ensemble']),
    labelExtra: (m) => ` M=${m.M}`,
    trainableParams: (P, m) => m.M * P,
    posteriorParams: (P, m) => m.M * P,
    exportNote: 'every member (member<i>.*)',
  },
  laplace: {
    ...point('L-LoRA-XS (Laplace)', ['sampled', 'laplace']),
    short: 'L-LoRA-XS',
    // Full: the MAP θ and the upper triangle of the P × P GGN; diagonal: θ and the diagonal.
    posteriorParams: (P, m) => (m.laplace.structure === 'full' ? P + (P * (P + 1)) / 2 : 2 * P),
    exportNote: 'the prior precision and the GGN (laplace.*)',
    singleModel: 'the MAP model (the mean of the Laplace approximation); the linearized predictive is not part of the file',
  },
};

export const METHOD_KINDS = Object.keys(METHOD_CATALOG) as readonly MethodKind[];

export function hasTrait(kind: MethodKind, trait: MethodTrait): boolean {
  return METHOD_CATALOG[kind].traits.includes(trait);
}

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
  /** Fraction of the planned steps spent warming the learning rates up linearly (0.06 in the reference). */
  warmupFraction: number;
  weightDecay: number;
  epochs: number;
  batch: number;
  /** Epoch (0-based) at which the SWAG phase starts. */
  swagStart: number;
  swagAnnealEpochs: number;
  swagLr: number;
  /** SWAG collection period in optimizer steps (0 = once per epoch). */
  collectEverySteps: number;
  /** 1: every prediction batch draws its own S posterior samples (the reference's choice); 0: the same S for all. */
  redrawPerBatch: number;
  /** Dropout probability (MC dropout keeps it on at test time). */
  dropout: number;
  /**
   * Early stopping: stop when the validation NLL has not improved for this many evaluations and
   * keep the best state (0 = off). Point-estimate training only: it would cut a SWAG phase short.
   */
  earlyStopPatience: number;
  seed: number;
}
