// A run's name in the metrics table with an inline rename: Enter or leaving the field keeps the
// name, Escape drops the edit, a blank name goes back to the default label. A name another run
// already has is refused (labels stay unique: run_label.ts): the field stays open with the reason.
import { useRef, useState } from 'react';

export interface RunNameCellProps {
  label: string;
  defaultLabel?: string;
  /** Absent for rows that cannot be renamed (a last iterate follows its run's name). Returns why a name is refused, or null. */
  onRename?: (name: string) => string | null | undefined;
}

export function RunNameCell({ label, defaultLabel, onRename }: RunNameCellProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
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
    if (cancelled.current) return;
    const refused = onRename(draft);
    if (refused) {
      setProblem(refused);
      return;
    }
    cancelled.current = true;
    setProblem(null);
    setDraft(null);
  };
  return (
    <span className="stack" style={{ gap: 2 }}>
      <input
        // biome-ignore lint/a11y/noAutofocus: the field appears because the user asked to rename; typing goes there
        autoFocus
        type="text"
        value={draft}
        maxLength={80}
        placeholder={defaultLabel}
        aria-label={`New name for ${label} (blank: ${defaultLabel ?? 'default'})`}
        data-testid="rename-input"
        aria-invalid={problem ? true : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          setProblem(null);
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          else if (e.key === 'Escape') {
            cancelled.current = true;
            setProblem(null);
            setDraft(null);
          }
        }}
      />
      {problem && (
        <span role="alert" className="field-error" data-testid="rename-error">
          {problem}
        </span>
      )}
    </span>
  );
}
