// The shipped data sets.
import type { BuiltinIndexEntry } from '../../data/builtin';

export function BuiltinPicker({
  entries,
  value,
  onChange,
  disabled,
}: {
  entries: BuiltinIndexEntry[];
  value: string | null;
  onChange: (id: string) => void;
  disabled?: boolean;
}) {
  const current = entries.find((e) => e.id === value);
  return (
    <div className="stack">
      <label>
        Built-in data set
        <select value={value ?? ''} disabled={disabled} onChange={(e) => onChange(e.target.value)} data-testid="builtin-select">
          {value === null && <option value="">(local data in use)</option>}
          {entries.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </select>
      </label>
      {current && (
        <p className="small muted" style={{ margin: 0 }}>
          {current.task}
        </p>
      )}
    </div>
  );
}
