// Local data sets kept in this browser (IndexedDB): load again or remove.
import type { StoredDatasetMeta } from '../../data/dataset_store';
import { formatBytes } from '../../data/errors';

export function StoredDatasets({
  items,
  activeHash,
  onLoad,
  onRemove,
}: {
  items: StoredDatasetMeta[];
  activeHash: string | null;
  onLoad: (m: StoredDatasetMeta) => void;
  onRemove: (m: StoredDatasetMeta) => void;
}) {
  if (!items.length) return null;
  return (
    <div className="stack">
      <h3>Stored in this browser</h3>
      <ul style={{ margin: 0, paddingLeft: 16 }} data-testid="stored-datasets">
        {items.map((m) => (
          <li key={m.hash} className="small">
            <span className="row">
              <span style={{ flex: 1 }}>
                {m.name}{' '}
                <span className="muted">
                  ({m.rows ?? '?'} rows, {formatBytes(m.size)})
                </span>
                {m.hash === activeHash && <strong> · in use</strong>}
              </span>
              <button type="button" className="link" onClick={() => onLoad(m)} aria-label={`Use stored data set ${m.name}`}>
                use
              </button>
              <button type="button" className="link" onClick={() => onRemove(m)} aria-label={`Remove stored data set ${m.name}`}>
                remove
              </button>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
