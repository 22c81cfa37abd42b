// The data set in use: name, classes and split sizes.
import type { Dataset } from '../../data/types';

export function DatasetSummary({ dataset, loading, note = null }: { dataset: Dataset | null; loading: string | null; note?: string | null }) {
  return (
    <div className="small" data-testid="dataset-current" role="status">
      {dataset ? (
        <>
          <strong>{dataset.name}</strong>
          <div className="muted">
            classes: {dataset.labelNames.join(', ')} · train {dataset.splits.train.length} · validation {dataset.splits.validation?.length ?? 0} · test{' '}
            {dataset.splits.test?.length ?? 0} · ood {dataset.splits.ood?.length ?? 0}
          </div>
        </>
      ) : (
        <span className="muted">No data set loaded yet.</span>
      )}
      {dataset && note && (
        <div className="muted" data-testid="dataset-skipped">
          {note}
        </div>
      )}
      {loading && <div className="muted">Loading {loading}…</div>}
    </div>
  );
}
