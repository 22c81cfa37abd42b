// Start / pause / resume / cancel, with the progress of every run in the current batch.
import { useLayoutEffect, useRef } from 'react';
import type { LiveRun } from '../runtime/lab_store';
import { runLabels } from '../runtime/run_label';
import { focusAfter, focusIsLost } from './focus_after';
import { formatEta, ProgressBar } from './ProgressBar';

export interface RunControlsProps {
  runs: LiveRun[];
  canStart: boolean;
  /** Why Start is disabled, shown to the user. */
  blocker: string | null;
  onStart: () => void;
  onPause: () => void;
  onResume: () => void;
  onCancel: () => void;
  /** Removes a finished run (and its saved copy). */
  onDelete?: (runId: string) => void;
  /** A line about where runs are kept (storage use, or why they are not saved). */
  storage?: string | null;
  /** Seconds until the running run and every queued one are done (NaN: not measured yet). */
  queueEtaSec?: number;
}

const FINISHED = new Set(['done', 'error', 'cancelled', 'interrupted']);

export function RunControls({ runs, canStart, blocker, onStart, onPause, onResume, onCancel, onDelete, storage, queueEtaSec }: RunControlsProps) {
  const active = runs.find((r) => r.status === 'running' || r.status === 'paused');
  const queued = runs.filter((r) => r.status === 'queued').length;
  const labels = runLabels(runs);
  const runLabel = (r: LiveRun) => labels.get(r.runId);
  const busy = !!active || queued > 0;
  const startRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const startPressed = useRef(false);
  const wasBusy = useRef(busy);
  // Keep keyboard focus on a live control as Start and Cancel disable themselves (focus_after.ts).
  useLayoutEffect(() => {
    if (busy === wasBusy.current) return;
    const target = focusAfter(wasBusy.current, busy, focusIsLost(document.activeElement), startPressed.current);
    wasBusy.current = busy;
    startPressed.current = false;
    if (target === 'cancel') cancelRef.current?.focus();
    if (target === 'start') startRef.current?.focus();
  }, [busy]);
  const start = () => {
    startPressed.current = true;
    onStart();
  };
  return (
    <section className="panel" aria-labelledby="run-h">
      <div className="row">
        <h2 id="run-h" style={{ margin: 0, flex: 1 }}>
          Run
        </h2>
        <button
          ref={startRef}
          type="button"
          className="primary"
          onClick={start}
          disabled={!canStart || busy}
          title={!canStart && blocker ? blocker : undefined}
          data-testid="start"
        >
          Start training
        </button>
        {active?.status === 'paused' ? (
          <button type="button" onClick={onResume} data-testid="resume">
            Resume
          </button>
        ) : (
          <button type="button" onClick={onPause} disabled={!active} data-testid="pause">
            Pause
          </button>
        )}
        <button ref={cancelRef} type="button" onClick={onCancel} disabled={!busy} data-testid="cancel">
          Cancel
        </button>
      </div>
      {blocker && !busy && (
        <p className="small muted" role="status" data-testid="start-blocker">
          {blocker}
        </p>
      )}
      {active && queued > 0 && (
        <p className="small muted" data-testid="queue-eta">
          {queued} more run{queued > 1 ? 's' : ''} queued · all done in about {formatEta(queueEtaSec ?? Number.NaN)}
        </p>
      )}
      {storage && (
        <p className="small muted" data-testid="run-storage">
          {storage}
        </p>
      )}
      <div className="stack" style={{ marginTop: 8 }}>
        {runs.map((r) => (
          <div
            key={r.runId}
            data-testid={`run-${r.status}`}
            data-saved={r.savedStatus === r.status ? 'yes' : 'no'}
            data-last-step={r.loss.at(-1)?.step ?? 0}
            data-checkpoint-step={r.savedCheckpointStep ?? ''}
            className="run-line"
          >
            <div className="row">
              <div style={{ flex: 1 }}>
                <ProgressBar
                  // The data set is named once: the label names it already where the runs span several.
                  label={`${runLabel(r)} · ${r.status}${r.result ? ` · ${r.result.wallSeconds.toFixed(1)} s` : ''}${r.dataset && !runLabel(r).includes(r.dataset) ? ` · ${r.dataset}` : ''}`}
                  progress={r.progress}
                  done={r.status === 'done'}
                />
              </div>
              {onDelete && FINISHED.has(r.status) && (
                <button type="button" className="small" onClick={() => onDelete(r.runId)} data-testid="delete-run" aria-label={`Delete run ${runLabel(r)}`}>
                  Delete
                </button>
              )}
            </div>
            {r.result?.warning && (
              <p className="small" role="status" style={{ color: 'var(--warn)', margin: 0 }}>
                {r.result.warning}
              </p>
            )}
            {!r.result &&
              r.resumes?.map((note, i) => (
                <p key={i} className="small" role="status" data-testid="run-resumed" style={{ color: 'var(--warn)', margin: 0 }}>
                  {note}
                </p>
              ))}
            {r.result?.note && (
              <p className="small muted" role="status" data-testid="run-note" style={{ margin: 0 }}>
                {r.result.note}
              </p>
            )}
            {r.error && (
              <p className="error-box small" role="alert">
                {r.error}
              </p>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
