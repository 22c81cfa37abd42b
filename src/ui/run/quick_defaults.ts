// Run options a first run should start from, by backend: the CPU fallback trains ~16 examples/s
// on the embedded model (docs/benchmarks.md), so an uncapped default data set would take tens of
// minutes per method; capped, a first comparison finishes in a few minutes.
import { DEFAULT_CHECKPOINT_EVERY } from '../../methods/common/train_checkpoint';
import type { BackendInfo } from '../../train/protocol';
import type { QuickOptions } from './RunOptions';

export const CPU_QUICK_EXAMPLES = 512;

export function quickDefaults(backend: BackendInfo | null): QuickOptions {
  const cpu = backend?.kind === 'cpu';
  return { maxSteps: 0, maxExamples: cpu ? CPU_QUICK_EXAMPLES : 0, evalEverySteps: 0, kSweep: !cpu, checkpointEverySteps: DEFAULT_CHECKPOINT_EVERY };
}

/** Why the defaults are what they are, shown beside the options (null when nothing is capped). */
export function quickDefaultsNote(backend: BackendInfo | null): string | null {
  if (backend?.kind !== 'cpu') return null;
  return `Training runs on the CPU${backend.reason ? ` (${backend.reason})` : ''}, so runs are capped at ${CPU_QUICK_EXAMPLES} examples per split and the K sweep is off. Set "Examples per split" to 0 for a full run.`;
}
