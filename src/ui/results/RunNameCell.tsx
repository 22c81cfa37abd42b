// A run's name in the metrics table with an inline rename: Enter or leaving the field keeps the
// name, Escape drops the edit, a blank name goes back to the default label.
import { useRef, useState } from 'react';

export interface RunNameCellProps {
  label: string;
  defaultLabel?: string;
  /** Absent for rows that cannot be renamed (a last iterate follows its run's name). */
  onRename?: (name: string) => void;
}

export function RunNameCell({ label, defaultLabel, onRename }: RunNameCellProps) {
  const [draft, setDraft] = useState<string | null>(null);
  // Escape must not become a rename through the blur that follows when the field goes away.
  const cancelled = useRef(false);
  if (!onRename) return <span data-testid="run-name">{label}</span>;
  if (draft === null) {
    return (
      <span className="row" style={{ gap: 4, flexWrap: 'nowrap' }}>
        <span data-testid="run-name">{label}</span>
        <button
          type="button"
          className="small"
          onClick={() => {
            cancelled.current = false;
            setDraft(label);
          }}
          data-testid="rename-run"
          aria-label={`Rename run ${label}`}
          title="Rename"
        >
          ✎
        </button>
      </span>
    );
  }
  const commit = () => {
    if (!cancelled.current) onRename(draft);
    cancelled.current = true;
    setDraft(null);
  };
  return (
    <input
      // biome-ignore lint/a11y/noAutofocus: the field appears because the user asked to rename; typing goes there
      autoFocus
      type="text"
      value={draft}
      maxLength={80}
      placeholder={defaultLabel}
      aria-label={`New name for ${label} (blank: ${defaultLabel ?? 'default'})`}
      data-testid="rename-input"
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        else if (e.key === 'Escape') {
          cancelled.current = true;
          setDraft(null);
        }
      }}
    />
  );
}
