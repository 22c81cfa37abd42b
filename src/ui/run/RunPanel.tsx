// Run controls wired to the trainer: checks that everything is ready, then queues the runs.
import { useEffect, useState } from 'react';
import type { Dataset } from '../../data/types';
import { toDatasetPayload } from '../../data/splits';
import { useAppStore } from '../../state/use_app_store';
import { useDrafts } from '../runtime/draft_store';
import { useLab, type LiveRun } from '../runtime/lab_store';
import { own } from '../common/own';
import { capPayload } from './cap_payload';
import { RunControls } from './RunControls';
import { RunOptions } from './RunOptions';
import { SeedsField } from './SeedsField';
import { InvalidStartError, cancelRuns, pauseRun, queuedWork, resumeRun, startRuns } from './trainer_controller';
import { startSettingsProblem } from './start_check';
import { useRunOptions } from './use_run_options';
import { queueEtaSec } from './queue_eta';
import { storageEstimate } from '../runtime/run_persistence';

/** "Runs are kept in this browser (… MB used)", or why they are not. */
function useStorageLine(runsKey: string, storageError: string | null): string | null {
  const [line, setLine] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runsKey changes when a run is stored or deleted: the moment to re-measure
  useEffect(() => {
    if (storageError) {
      setLine(storageError);
      return;
    }
    let live = true;
    void storageEstimate().then((e) => {
      if (!live) return;
      setLine(`Runs are kept in this browser (IndexedDB)${e ? `: ${(e.usage / 2 ** 20).toFixed(1)} MB used of ${(e.quota / 2 ** 30).toFixed(1)} GB` : ''}.`);
    });
    return () => {
      live = false;
    };
  }, [runsKey, storageError]);
  return line;
}

/** `modelPending`: a Hub model the link names that waits for the user's click in the model panel. */
export function RunPanel({ runs, dataset, modelPending = null }: { runs: LiveRun[]; dataset: Dataset | null; modelPending?: string | null }) {
  const shareable = useAppStore((s) => s.shareable);
  const actions = useAppStore((s) => s.actions);
  const drafts = useDrafts((s) => s.drafts);
  const { model, modelLoad, workerError, storageError, deleteRun } = useLab();
  const storage = useStorageLine(runs.map((r) => r.status).join(), storageError);
  const { quick, note, setQuick } = useRunOptions();
  // The seeds box's own message while its text is not a list of seeds (the link keeps the last good ones).
  const [seedsError, setSeedsError] = useState<string | null>(null);
  // A refusal of the controller that creates runs (start_check.ts), should Start ever get past the blocker.
  const [refused, setRefused] = useState<string | null>(null);
  const shape = model ? { hidden: model.hidden, layers: model.layers } : null;
  const draft = shareable.methods.find((m) => own(drafts, m.id));
  const settings = startSettingsProblem({
    methods: shareable.methods.map((m) => own(drafts, m.id) ?? m),
    seeds: shareable.seeds,
    trainExamples: dataset ? dataset.splits.train.length : null,
    run: quick,
    model: shape,
  });
  const blocker = !dataset
    ? 'Waiting for a data set.'
    : modelPending
      ? `The link names the Hub model ${modelPending}: load it in the model panel (it is not downloaded without a click), or choose another model.`
      : !model
        ? workerError
          ? `The trainer is not ready: ${workerError}`
          : modelLoad?.status === 'failed'
            ? 'The model did not load: retry it in the model panel.'
            : 'Waiting for the trainer to load the model…'
        : seedsError
          ? `Fix the seeds first: ${seedsError}.`
          : settings
            ? `Fix the settings first. ${settings}`
            : draft
              ? 'Fix the highlighted method settings first.'
              : null;
  const start = () => {
    if (!dataset || blocker) return;
    setRefused(null);
    try {
      startRuns(shareable.methods, shareable.seeds, capPayload(toDatasetPayload(dataset), quick.maxExamples), {
        maxLength: shareable.maxLength,
        maxSteps: quick.maxSteps || undefined,
        evalEverySteps: quick.evalEverySteps,
        kSweep: quick.kSweep,
        checkpointEverySteps: quick.checkpointEverySteps,
      });
    } catch (e) {
      if (!(e instanceof InvalidStartError)) throw e;
      setRefused(e.message);
    }
  };
  return (
    <div className="stack">
      <RunControls
        runs={runs}
        canStart={!blocker}
        blocker={blocker}
        onStart={start}
        onPause={pauseRun}
        onResume={resumeRun}
        onCancel={cancelRuns}
        onDelete={deleteRun}
        storage={storage}
        queueEtaSec={queueEtaSec(runs.find((r) => r.status === 'running')?.progress ?? null, queuedWork())}
      />
      {refused && (
        <p className="field-error" role="alert" data-testid="start-refused">
          {refused}
        </p>
      )}
      <SeedsField seeds={shareable.seeds} onChange={(seeds) => actions.setSeeds(seeds)} onError={setSeedsError} />
      {note && (
        <p className="small muted" data-testid="quick-note">
          {note}
        </p>
      )}
      <details className="panel small">
        <summary>Run options (quick runs, K sweep)</summary>
        <RunOptions value={quick} onChange={setQuick} />
      </details>
    </div>
  );
}
