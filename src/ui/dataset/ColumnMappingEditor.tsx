// Which column holds the text, the optional second text, and the label.
import type { ColumnMapping } from '../../data/types';

export function ColumnMappingEditor({
  columns,
  mapping,
  onChange,
  labelOptional,
}: {
  columns: string[];
  mapping: ColumnMapping;
  onChange: (m: ColumnMapping) => void;
  labelOptional?: boolean;
}) {
  const sel = (label: string, value: string | number | undefined, set: (v: string | undefined) => void, optional: boolean) => (
    <label>
      {label}
      <select value={value === undefined ? '' : String(value)} onChange={(e) => set(e.target.value === '' ? undefined : e.target.value)}>
        {optional && <option value="">(none)</option>}
        {columns.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
  const name = (v: string | number | undefined) => (typeof v === 'number' ? columns[v] : v);
  return (
    <div className="row" role="group" aria-label="Column mapping">
      {sel('Text column', name(mapping.text), (v) => onChange({ ...mapping, text: v ?? columns[0] }), false)}
      {sel('Second text (pairs)', name(mapping.textPair), (v) => onChange({ ...mapping, textPair: v }), true)}
      {sel('Label column', name(mapping.label), (v) => onChange({ ...mapping, label: v }), !!labelOptional)}
    </div>
  );
}
