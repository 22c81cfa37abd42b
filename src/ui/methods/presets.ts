// Ready-made experiments for the page: the methods, seeds and run options of each, applied to the
// shareable state in one step (so the link restores them). The schedule is the reference one of
// docs/results.md (blora experiment's defaults): 16 epochs, SWAG from epoch 4, both learning rates
// annealed over 5 epochs to 5e-3, one collection per epoch, c = 2 (the b-lora-xs code's scale).
import { DEFAULT_CHECKPOINT_EVERY } from '../../methods/common/train_checkpoint';
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

const runOptions = (maxExamples: number, kSweep: 0 | 1 = 1): RunOptionsState => ({
  custom: 1,
  maxSteps: 0,
  maxExamples,
  evalEverySteps: 0,
  kSweep,
  checkpointEverySteps: DEFAULT_CHECKPOINT_EVERY,
});

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
    label: 'Quick comparison: B-LoRA-XS and its LoRA-XS last iterate (a few minutes on a 2-core CPU)',
    about:
      'One seed of B-LoRA-XS (K = 5, c = 2, S = 5) on up to 1,000 examples per split at 64 tokens, with a shortened reference schedule (8 epochs, SWAG from epoch 3); its last iterate is LoRA-XS on the same trajectory. The default on machines with only the CPU backend. Measured with the CLI on fine-foods (2 shared cores at load 6–7): 201 s, test ACC 0.707 against 0.643 for the majority class.',
    apply: (s) => ({
      ...s,
      maxLength: 64,
      methods: [{ ...methodDefaults('b-lora-xs'), ...reference, K: 5, S: 5, epochs: 8, swagStart: 3 }],
      seeds: [0],
      // No K sweep: it would add (number of K values) × S passes over the test split.
      runOptions: runOptions(1000, 0),
    }),
  },
];
