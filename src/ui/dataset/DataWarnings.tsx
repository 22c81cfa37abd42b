// Warnings about the data that do not stop training (renamed header names, suspicious labels),
// shown before "Use this data set" so they are seen while the mapping can still change.
import type { DataWarning } from '../../data/types';

export function DataWarnings({ warnings }: { warnings: DataWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <div className="warning-box" role="status" data-testid="data-warnings">
      <strong>
        {warnings.length} warning{warnings.length === 1 ? '' : 's'} about this data:
      </strong>
      <ul>
        {warnings.map((w, i) => (
          <li key={i} data-code={w.code}>
            {w.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
