// The worker's side of going on after a reload: a stored checkpoint is used only when it was taken
// with this run's settings, data set and model (run_identity.ts's hashes) and is complete
// (TrainCheckpoints.fromStored); otherwise the run is refused with the reason ('resume-refused'),
// and the page keeps it interrupted, saying why.
import { TrainCheckpoints } from '../methods/common/train_checkpoint';
import type { CheckpointIdentity, RunReload } from './protocol';
import type { RunContinuation } from './run_method';

export class ResumeRefused extends Error {
  readonly code = 'resume-refused';
}

/** How the run goes on (`backend`: where, in words), or ResumeRefused with why it cannot. */
export function continuationFor(r: RunReload, identity: CheckpointIdentity, backend: string): RunContinuation {
  const ck = r.checkpoint;
  if (!ck) return { reason: r.reason, backend, noCheckpoint: r.noCheckpoint };
  const differs = [
    ck.settingsHash !== identity.settingsHash && 'settings',
    ck.datasetHash !== identity.datasetHash && 'data set',
    ck.modelHash !== identity.modelHash && 'model',
  ].filter(Boolean);
  if (differs.length) throw new ResumeRefused(`its checkpoint was taken with another ${differs.join(', ')} than the run has now`);
  try {
    return { reason: r.reason, backend, checkpoints: TrainCheckpoints.fromStored(ck.state) };
  } catch (e) {
    throw new ResumeRefused(`its checkpoint is unusable: ${(e as Error).message}`);
  }
}
