// Ready-made experiments for the page: the methods, seeds and run options of each, applied to the
// shareable state in one step (so the link restores them). The schedule is the reference one of
// docs/results.md (blora experiment's defaults): 16 epochs, SWAG from epoch 4, both learning rates
// annealed over 5 epochs to 5e-3, one collection per epoch, c = 2 (the b-lora-xs code's scale).
import { methodDefaults, SWAG_SCALE_REFERENCE_CODE } from '../../methods/settings';
import type { MethodConfig } from '../../methods/config';
import type { RunOptionsState, ShareableState } from '../../state/types';

export interface Preset {
  id: string;
  label: string;
  /** What it shows and roughly what it costs, shown beside the picker. */
  about: string;
  apply(s: ShareableState): ShareableState;
}

const reference: Partial<MethodConfig> = {
  r: 8,
  epochs: 16,
  swagStart: 4,
  swagAnnealEpochs: 5,
  swagLr: 5e-3,
  lrAdapter: 2e-2,
  lrHead: 1e-2,
  collectEverySteps: 0,
  c: SWAG_SCALE_REFERENCE_CODE,
};

const runOptions = (maxExamples: number): RunOptionsState => ({ custom: 1, maxSteps: 0, maxExamples, evalEverySteps: 0, kSweep: 1 });

export const PRESETS: readonly Preset[] = [
  {
    id: 'headline',
    label: 'Headline: B-LoRA-XS against LoRA-XS on the same trajectory (6 seeds)',
    about:
      'The comparison of docs/results.md on the current data set: B-LoRA-XS (K = 10, c = 2) with the reference schedule over 6 seeds; each run also reports its last iterate, which is LoRA-XS trained on exactly the same schedule. About 1–2 minutes per seed on a CPU with 1,000 training examples.',
    apply: (s) => ({ ...s, methods: [{ ...methodDefaults('b-lora-xs'), ...reference, K: 10 }], seeds: [0, 1, 2, 3, 4, 5], runOptions: runOptions(1000) }),
  },
  {
    id: 'quick',
    label: 'Quick look (about a minute on a CPU)',
    about:
      'One seed of B-LoRA-XS (K = 5, c = 2) on 256 examples per split with a shortened reference schedule (8 epochs, SWAG from epoch 3), with its last iterate as the LoRA-XS baseline.',
    apply: (s) => ({
      ...s,
      methods: [{ ...methodDefaults('b-lora-xs'), ...reference, K: 5, epochs: 8, swagStart: 3 }],
      seeds: [0],
      runOptions: runOptions(256),
    }),
  },
];
