// Default settings (METHOD.md §1–§4): r = 8, α = 16, K = 10, c = 0.5 (canonical SWAG), S = 15,
// AdamW lr 1e-3 (adapters) / 5e-3 (head), batch 32, weight decay 0.01, SWAG lr 1e-3 annealed over
// 5 epochs. Epochs and the SWAG start are chosen so that one collection per epoch fills K = 10.

import type { AdaptTarget, MethodConfig, MethodKind, ShareableState } from './types';

/** The b-lora-xs reference code samples with c = 2.0; canonical SWAG uses 0.5 (our default). */
export const SWAG_SCALE_CANONICAL = 0.5;
export const SWAG_SCALE_REFERENCE_CODE = 2.0;

/** LoRA-XS adapts query, value, attention output and FFN output; reference LoRA only query, value. */
export const LORA_XS_TARGETS: readonly AdaptTarget[] = ['query', 'value', 'attn-out', 'ffn-out'];
export const LORA_TARGETS: readonly AdaptTarget[] = ['query', 'value'];

export const DEFAULT_MODEL_ID = 'blora-tiny-uncased';
export const DEFAULT_DATASET_ID = 'fine-foods';

/** Full configuration of a method of the given kind, with every field at its default. */
export function methodDefaults(kind: MethodKind, id: string = kind): MethodConfig {
  const loraFamily = kind === 'lora' || kind === 'swag-lora';
  return {
    id,
    kind,
    r: 8,
    alpha: 16,
    targets: [...(loraFamily ? LORA_TARGETS : LORA_XS_TARGETS)],
    layers: [],
    K: 10,
    c: SWAG_SCALE_CANONICAL,
    S: 15,
    M: 5,
    laplace: { structure: 'diag' },
    lrAdapter: 1e-3,
    lrHead: 5e-3,
    weightDecay: 0.01,
    epochs: 20,
    batch: 32,
    swagStart: 10,
    swagAnnealEpochs: 5,
    swagLr: 1e-3,
    collectEverySteps: 0,
    dropout: 0.1,
    earlyStopPatience: 0,
    seed: 0,
  };
}

export function defaultShareableState(): ShareableState {
  return {
    modelId: DEFAULT_MODEL_ID,
    dataset: { kind: 'builtin', id: DEFAULT_DATASET_ID },
    maxLength: 128,
    methods: [methodDefaults('lora-xs'), methodDefaults('b-lora-xs')],
    seeds: [0],
    chart: { bins: 15, binning: 'width', oodScore: 'entropy' },
    runOptions: { custom: 0, maxSteps: 0, maxExamples: 0, evalEverySteps: 0, kSweep: 0 },
    selectedRunIds: [],
    backend: 'auto',
    cpuThreads: 0,
  };
}
