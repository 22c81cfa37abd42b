// Run controls wired to the trainer: checks that everything is ready, then queues the runs.
import { useEffect, useState } from 'react';
import type { Dataset } from '../../data/types';
import { toDatasetPayload } from '../../data/splits';
import { useAppStore } from '../../state/use_app_store';
import { useDrafts } from '../methods/draft_store';
import { hasErrors, validateMethod } from '../../methods/validate';
import { useLab, type LiveRun } from '../runtime/lab_store';
import { own } from '../common/own';
import { capPayload } from './cap_payload';
import { RunControls } from './RunControls';
import { RunOptions, quickOptionsValid, type QuickOptions } from './RunOptions';
import { quickDefaults, quickDefaultsNote } from './quick_defaults';
import { SeedsField } from './SeedsField';
import { cancelRuns, pauseRun, queuedWork, resumeRun, startRuns } from './trainer_controller';
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

export function RunPanel({ runs, dataset }: { runs: LiveRun[]; dataset: Dataset | null }) {
  const shareable = useAppStore((s) => s.shareable);
  const actions = useAppStore((s) => s.actions);
  const drafts = useDrafts((s) => s.drafts);
  const { model, modelLoad, workerError, backend, storageError, deleteRun } = useLab();
  const storage = useStorageLine(runs.map((r) => r.status).join(), storageError);
  // The backend's defaults until the user edits an option (or a link carries them); edits go into
  // the link once they are valid, and stay local while a field holds something invalid.
  const linked = shareable.runOptions;
  const [edited, setEdited] = useState<QuickOptions | null>(null);
  const quick =
    edited ??
    (linked.custom
      ? {
          maxSteps: linked.maxSteps,
          maxExamples: linked.maxExamples,
          evalEverySteps: linked.evalEverySteps,
          kSweep: linked.kSweep === 1,
          checkpointEverySteps: linked.checkpointEverySteps,
        }
      : quickDefaults(backend));
  const note = edited || linked.custom ? null : quickDefaultsNote(backend);
  const setQuick = (q: QuickOptions) => {
    setEdited(q);
    if (quickOptionsValid(q))
      actions.setRunOptions({
        custom: 1,
        maxSteps: q.maxSteps,
        maxExamples: q.maxExamples,
        evalEverySteps: q.evalEverySteps,
        kSweep: q.kSweep ? 1 : 0,
        checkpointEverySteps: q.checkpointEverySteps,
      });
  };
  const hidden = model ? { hidden: model.hidden, layers: model.layers } : null;
  const invalid = shareable.methods.some((m) => own(drafts, m.id) || hasErrors(validateMethod(m, hidden)));
  const blocker = !dataset
    ? 'Waiting for a data set.'
    : !model
      ? workerError
        ? `The trainer is not ready: ${workerError}`
        : modelLoad?.status === 'failed'
          ? 'The model did not load: retry it in the model panel.'
          : 'Waiting for the trainer to load the model…'
      : invalid
        ? 'Fix the highlighted method settings first.'
        : !quickOptionsValid(quick)
          ? 'Fix the run options first.'
          : null;
  const start = () => {
    if (!dataset || blocker) return;
    startRuns(shareable.methods, shareable.seeds, capPayload(toDatasetPayload(dataset), quick.maxExamples), {
      maxLength: shareable.maxLength,
      maxSteps: quick.maxSteps || undefined,
      evalEverySteps: quick.evalEverySteps,
      kSweep: quick.kSweep,
      checkpointEverySteps: quick.checkpointEverySteps,
    });
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
      <SeedsField seeds={shareable.seeds} onChange={(seeds) => actions.setSeeds(seeds)} />
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
