// "All data sets" / each data set, "all models" / each model: which runs the metrics table shows.
import { shortModelName, type RowFilter } from './compare_rows';

export interface TableFiltersProps {
  datasets: string[];
  models: string[];
  value: RowFilter;
  onChange: (f: RowFilter) => void;
}

export function TableFilters({ datasets, models, value, onChange }: TableFiltersProps) {
  return (
    <div className="row small" role="group" aria-label="Filter the metrics table">
      <label className="inline">
        Data set
        <select value={value.dataset ?? ''} onChange={(e) => onChange({ ...value, dataset: e.target.value || null })} data-testid="filter-dataset">
          <option value="">all data sets</option>
          {datasets.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        Model
        <select value={value.model ?? ''} onChange={(e) => onChange({ ...value, model: e.target.value || null })} data-testid="filter-model">
          <option value="">all models</option>
          {models.map((m) => (
            <option key={m} value={m} title={m}>
              {shortModelName(m)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
