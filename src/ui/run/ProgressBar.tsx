// Progress of the running run: bar, phase, step, ETA and throughput.
import type { ProgressEvent } from '../../train/protocol';

export function formatEta(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '—';
  if (sec < 60) return `${Math.round(sec)} s`;
  if (sec < 3600) return `${Math.floor(sec / 60)} min ${Math.round(sec % 60)} s`;
  return `${Math.floor(sec / 3600)} h ${Math.round((sec % 3600) / 60)} min`;
}

const ETA_TITLE = "Time left for this run's remaining training steps, evaluations and predictions, at the rates measured so far";

export function ProgressBar({ label, progress, done }: { label: string; progress: ProgressEvent | null; done?: boolean }) {
  // Tokenizing is set-up: the bar starts moving with the first training step.
  const frac = done ? 1 : progress && progress.phase !== 'prepare' && progress.totalSteps > 0 ? Math.min(1, progress.step / progress.totalSteps) : 0;
  return (
    <div className="stack" data-testid="progress">
      <div className="row small">
        <span>{label}</span>
        {progress && !done && progress.what && (
          <span className="muted">
            {progress.what}
            {progress.totalSteps > 0 && ` · ${progress.step}/${progress.totalSteps} ${progress.unit ?? 'sample passes'}`} ·{' '}
            <span title={ETA_TITLE}>ETA {formatEta(progress.etaSec)}</span>
          </span>
        )}
        {progress && !done && !progress.what && (
          <span className="muted">
            {progress.phase} · step {progress.step}/{progress.totalSteps} · epoch {progress.epoch + 1} ·{' '}
            <span title={ETA_TITLE}>ETA {formatEta(progress.etaSec)}</span> · {progress.examplesPerSec.toFixed(1)} examples/s
          </span>
        )}
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={`Progress of ${label}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(frac * 100)}
      >
        <div style={{ width: `${frac * 100}%` }} />
      </div>
    </div>
  );
}
