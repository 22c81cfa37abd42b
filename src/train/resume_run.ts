// A run that survives a lost backend: each attempt trains and predicts on one backend; when the
// backend dies (a lost GPU device, a hung GPU), the caller's BackendRecovery gives a new one and the
// run goes on from the last checkpoint (methods/common/train_checkpoint.ts), saying so in its note.
// Data flow: the fault rejects a GPU wait → the attempt throws → replace() → rewind() → the
// method runs again; its loops restore their checkpoints and skip the steps already done. A run
// stopped by a page reload goes the same way from the checkpoints the page kept (`reloaded`).
import type { Backend } from '../engine/backend';
import { WebGpuBackend } from '../engine/webgpu/webgpu_backend';
import { isGpuError } from '../gpu/errors';
import type { TrainCheckpoints } from '../methods/common/train_checkpoint';
import type { RunResult } from '../methods/run_types';
import type { RunHooks } from '../methods/common/types';

export interface BackendRecovery {
  /** A backend to resume on after `lost` failed with `err`, and how to name it in the run's note. */
  replace(lost: Backend, err: unknown): Promise<{ be: Backend; label: string }>;
  /** How many times one run may resume (default 3: a device that keeps dying fails the run). */
  maxResumes?: number;
}

/**
 * Why the backend is gone, when `err` means it is (a lost device, a hung GPU, or any failure once the
 * device is lost: then the loss's own message), else null.
 */
export async function backendLoss(err: unknown, be: Backend): Promise<string | null> {
  if (isGpuError(err) && (err.code === 'device-lost' || err.code === 'timeout')) return err.message;
  if (!(be instanceof WebGpuBackend)) return null;
  // A read can fail (mapAsync aborted) a moment before device.lost resolves: give the loss time to show.
  const lost = await Promise.race([be.ctx.lost, new Promise<null>((r) => setTimeout(() => r(null), 1000))]);
  return lost ? lost.message : null;
}

/**
 * Runs `attempt` on `be`; when it fails because the backend is gone, asks `recovery` for another
 * (at most maxResumes times), tells `onLoss` why and on what it goes on, and runs `attempt` again.
 * Any other failure, or a loss without a recovery, is thrown. Shared by runs and the results grid.
 */
export async function withBackendRecovery<T>(
  be: Backend,
  recovery: BackendRecovery | undefined,
  attempt: (be: Backend) => Promise<T>,
  onLoss: (e: { reason: string; label: string }) => void,
): Promise<T> {
  for (let resumes = 0; ; resumes++) {
    try {
      return await attempt(be);
    } catch (err) {
      const reason = recovery && resumes < (recovery.maxResumes ?? 3) ? await backendLoss(err, be) : null;
      if (!recovery || reason === null) throw err;
      const next = await recovery.replace(be, err);
      be = next.be;
      onLoss({ reason, label: next.label });
    }
  }
}

/** Where a run stands after a rewind, in the words of its note. */
function resumedFrom(at: { slot: number; step: number }, noCheckpoint = 'no checkpoint had been taken yet'): string {
  return at.slot < 0 ? `from the start (${noCheckpoint})` : `from its checkpoint at step ${at.step}${at.slot > 0 ? ` of training loop ${at.slot + 1}` : ''}`;
}

/**
 * Runs `attempt` until it finishes, resuming on a new backend after each loss (at most maxResumes).
 * `reloaded`: the run was stopped by a page reload and `checkpoints` hold what was kept of it
 * (TrainCheckpoints.fromStored, or none yet): it goes on from there, and says so, like after a loss.
 */
export async function runResumable(
  be: Backend,
  checkpoints: TrainCheckpoints,
  hooks: RunHooks,
  recovery: BackendRecovery | undefined,
  attempt: (be: Backend) => Promise<RunResult>,
  reloaded?: { reason: string; backend: string; noCheckpoint?: string },
): Promise<RunResult> {
  const resumes = checkpoints.resumes;
  if (reloaded) {
    const at = checkpoints.rewind();
    const note = `resumed after ${reloaded.reason}, ${resumedFrom(at, reloaded.noCheckpoint)}`;
    resumes.push({ reason: reloaded.reason, lostAtStep: at.step, fromStep: at.step, backend: reloaded.backend, note });
    hooks.resumed?.({ note, step: at.step, lostAtStep: at.step, backend: reloaded.backend, history: at.history, reloaded: true });
  }
  const r = await withBackendRecovery(
    be,
    recovery,
    (on) => {
      checkpoints.beginAttempt();
      return attempt(on);
    },
    ({ reason, label }) => {
      const lostAtStep = checkpoints.lastStep;
      const at = checkpoints.rewind();
      const note = `the GPU device was lost at step ${lostAtStep} (${reason}); the run resumed ${resumedFrom(at)} on ${label}`;
      resumes.push({ reason, lostAtStep, fromStep: at.step, backend: label, note });
      hooks.resumed?.({ note, step: at.step, lostAtStep, backend: label, history: at.history });
    },
  );
  if (!resumes.length) return r;
  // Resumes in earlier page loads (kept with the checkpoint) stay in the note.
  return { ...r, resumes: [...resumes], note: [r.note, ...resumes.map((x) => x.note)].filter(Boolean).join('; ') };
}
