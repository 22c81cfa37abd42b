// Runs a reload or a closed tab stopped go on when the page opens again. Once the worker holds a
// model, every run that was queued, training or paused is queued again in its old order; when its
// turn comes its data set and checkpoint are read back (run_persistence.ts) and checked here: the
// data set must hash to what the run was queued with, the checkpoint must be whole and taken with
// the run's settings and data set (the worker checks the model). A run that trained goes on from its
// checkpoint (or from the start when none was stored, saying why) and its note says so; one that cannot
// (its data set gone or damaged, its checkpoint damaged or taken with other settings, another model
// loaded) stays interrupted, saying why, with its settings and curves.
import { DEFAULT_CHECKPOINT_EVERY } from '../../methods/common/train_checkpoint';
import { storedCheckpointsProblem } from '../../methods/common/checkpoint_codec';
import type { DatasetPayload, RunReload, TrainOptions } from '../../train/protocol';
import { datasetHash, settingsHash } from '../../train/run_identity';
import { type LiveRun, useLab } from '../runtime/lab_store';
import { WAITING_TO_RESUME } from '../runtime/persisted_run';
import type { RunPersistence } from '../runtime/run_persistence';
import { heldRunLocks } from './run_locks';
import { requeueRuns } from './trainer_controller';

export const RELOAD_REASON = 'the page was reloaded';

export interface ReloadStart {
  dataset: DatasetPayload;
  options: TrainOptions;
  /** Absent for a run that had not started: it simply starts. */
  reloaded?: RunReload;
}

type Archive = Pick<RunPersistence, 'loadCheckpoint' | 'loadPayload'>;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Why a stored checkpoint record cannot resume this run, or null. */
export function checkpointRecordProblem(raw: unknown, runId: string, expected: { settingsHash: string; datasetHash: string }): string | null {
  if (!isObj(raw)) return 'its checkpoint record is not an object';
  if (raw.runId !== runId) return 'its checkpoint record belongs to another run';
  if (typeof raw.modelHash !== 'string' || typeof raw.settingsHash !== 'string' || typeof raw.datasetHash !== 'string' || typeof raw.step !== 'number')
    return 'its checkpoint record does not say what it was taken with';
  if (raw.settingsHash !== expected.settingsHash) return 'its checkpoint was taken with other settings than the run has';
  if (raw.datasetHash !== expected.datasetHash) return 'its checkpoint was taken on another data set';
  const problem = storedCheckpointsProblem(raw.state);
  if (problem) return `its checkpoint is incomplete or damaged (${problem})`;
  if ((raw.state as { latest: { step: number } }).latest.step !== raw.step) return 'its checkpoint record names another step than its training state';
  return null;
}

/** What the worker needs to continue `run` (a `start` message's fields), or why it cannot. */
export async function prepareReload(run: LiveRun, modelId: string | undefined, archive: Archive): Promise<ReloadStart | { problem: string }> {
  const inputs = run.inputs;
  if (!inputs) return { problem: 'it was saved by an older version of the page, without its run options and data set' };
  if (run.modelId && modelId && run.modelId !== modelId) return { problem: `it trains on the model ${run.modelId}, and the page has loaded ${modelId}` };
  const named = run.dataset ? `"${run.dataset}"` : 'its data set';
  const payload = (await archive.loadPayload(inputs.datasetHash)) as DatasetPayload | undefined;
  if (!payload) return { problem: `its data set (${named}) is no longer stored in this browser` };
  let hash: string;
  try {
    hash = datasetHash(payload);
  } catch {
    hash = '';
  }
  if (hash !== inputs.datasetHash) return { problem: `its stored data set (${named}) is damaged: its content does not match the hash it was saved under` };
  const ck = await archive.loadCheckpoint(run.runId);
  if (ck !== undefined) {
    const problem = checkpointRecordProblem(ck, run.runId, { settingsHash: settingsHash(run.method, inputs.options), datasetHash: hash });
    if (problem) return { problem };
    return { dataset: payload, options: inputs.options, reloaded: { reason: RELOAD_REASON, checkpoint: ck as RunReload['checkpoint'] } };
  }
  const started = run.savedStatus !== 'queued' || run.loss.length > 0;
  if (!started) return { dataset: payload, options: inputs.options };
  // Without a checkpoint a run starts again from step 0: its data order and dropout are seeded, so it
  // ends as it would have. Past its first checkpoint that one was lost (the page closed while writing it): the note says so.
  const every = inputs.options.checkpointEverySteps ?? DEFAULT_CHECKPOINT_EVERY;
  const last = run.loss.at(-1)?.step ?? 0;
  const noCheckpoint =
    every > 0 && last >= every
      ? `its checkpoint was not stored: the page closed at step ${last}, before a checkpoint was written`
      : 'no checkpoint had been taken yet';
  return { dataset: payload, options: inputs.options, reloaded: { reason: RELOAD_REASON, noCheckpoint } };
}

/** Runs that came back interrupted from an earlier page load and have not been tried yet, oldest first. */
function waitingRuns(): LiveRun[] {
  const runs = useLab.getState().runs;
  return Object.values(runs)
    .filter((r) => r.status === 'interrupted' && r.error === WAITING_TO_RESUME)
    .sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
}

/** Queues the runs a reload stopped once the worker holds a model (main.tsx calls it after the runs are read back). */
export function resumeAfterReload(archive: Archive): void {
  if (!waitingRuns().length) return;
  const go = async () => {
    const lab = useLab.getState();
    // A run another tab of the page is training is left to it.
    const elsewhere = await heldRunLocks();
    const runs = waitingRuns().filter((r) => !elsewhere.has(r.runId));
    for (const r of runs) if (!r.inputs) lab.requeue(r.runId, 'it was saved by an older version of the page, without its run options and data set');
    requeueRuns(
      runs
        .filter((r) => r.inputs)
        .map((r) => ({
          runId: r.runId,
          method: r.method,
          options: r.inputs!.options,
          sizes: r.inputs!.sizes,
          paused: r.savedStatus === 'paused',
          prepare: () => prepareReload(r, useLab.getState().model?.id, archive),
        })),
    );
  };
  if (useLab.getState().model) return void go();
  const stop = useLab.subscribe((s) => {
    if (!s.model) return;
    stop();
    void go();
  });
}
