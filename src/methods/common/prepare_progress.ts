// A progress event of the set-up before training (tokenizing, LoRA-XS's SVDs): counts of `unit`,
// no loss, no rate, no ETA yet.
import type { ProgressEvent } from '../run_types';

export function prepareProgress(what: string, unit: string, done: number, total: number): Omit<ProgressEvent, 'type' | 'runId'> {
  return { step: done, totalSteps: total, epoch: 0, loss: Number.NaN, lr: 0, examplesPerSec: 0, etaSec: Number.NaN, phase: 'prepare', what, unit };
}
