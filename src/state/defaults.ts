// Defaults of the shareable state. A method's defaults come from its settings table
// (src/methods/settings.ts), re-exported here for the page.
import { methodDefaults } from '../methods/settings';
import type { ShareableState } from './types';
import { DEFAULT_CHECKPOINT_EVERY } from '../methods/common/train_checkpoint';

export const DEFAULT_MODEL_ID = 'blora-tiny-uncased';
export const DEFAULT_DATASET_ID = 'fine-foods';

export function defaultShareableState(): ShareableState {
  return {
    modelId: DEFAULT_MODEL_ID,
    dataset: { kind: 'builtin', id: DEFAULT_DATASET_ID },
    maxLength: 128,
    methods: [methodDefaults('lora-xs'), methodDefaults('b-lora-xs')],
    seeds: [0],
    chart: { bins: 15, binning: 'width', oodScore: 'entropy' },
    runOptions: { custom: 0, maxSteps: 0, maxExamples: 0, evalEverySteps: 0, kSweep: 0, checkpointEverySteps: DEFAULT_CHECKPOINT_EVERY },
    selectedRunIds: [],
    backend: 'auto',
    cpuThreads: 0,
  };
}
