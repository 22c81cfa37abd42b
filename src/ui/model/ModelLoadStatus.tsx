// The worker's model load as the panel shows it: bytes per file while downloading, then the error
// with a Retry that loads again without reloading the page.
import { formatBytes } from '../../model/errors';
import type { ModelLoad } from '../runtime/model_load';

export function ModelLoadStatus({ load, onRetry, retrying }: { load: ModelLoad; onRetry: () => void; retrying: boolean }) {
  const files = Object.entries(load.files);
  if (load.status === 'failed')
    return (
      <div className="error-box stack" role="alert" data-testid="model-error">
        <span>
          {load.label} did not load: {load.error?.message}
        </span>
        <span>
          <button type="button" onClick={onRetry} disabled={retrying} data-testid="model-retry">
            {retrying ? 'Retrying…' : 'Retry'}
          </button>
        </span>
      </div>
    );
  return (
    <div className="small" data-testid="model-progress" aria-live="polite">
      <span className="muted">Loading {load.label}…</span>
      {files.length > 0 && (
        <ul style={{ margin: '4px 0', paddingLeft: 18 }}>
          {files.map(([name, p]) => (
            <li key={name}>
              {name}: {p.fromCache ? `${formatBytes(p.received)} from cache` : progressText(p.received, p.total)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function progressText(received: number, total: number | undefined): string {
  if (total === undefined) return `${formatBytes(received)} received`;
  const pct = total > 0 ? Math.min(100, Math.round((100 * received) / total)) : 100;
  return `${formatBytes(received)} / ${formatBytes(total)} (${pct}%)`;
}
