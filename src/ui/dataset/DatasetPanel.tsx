// Data set panel: built-in picker, local import (drop / pick → preview → mapping → splits),
// stored local data sets, maximum token length.
import { useCallback, useEffect, useState } from 'react';
import type { BuiltinIndexEntry } from '../../data/builtin';
import type { StoredDatasetMeta } from '../../data/dataset_store';
import type { ParsedTable } from '../../data/types';
import { useAppStore } from '../../state/use_app_store';
import { NumberField } from '../common/NumberField';
import { BuiltinPicker } from './BuiltinPicker';
import { DataErrorBox } from './DataErrorBox';
import { DatasetSummary } from './DatasetSummary';
import { DropZone } from './DropZone';
import { LocalImportEditor } from './LocalImportEditor';
import { StoredDatasets } from './StoredDatasets';
import { fetchIndex, listStored, loadBuiltin, loadStored, parseFiles, removeStored, applyLocal } from './dataset_actions';
import { useDataset } from './dataset_store';

export function DatasetPanel() {
  const ref = useAppStore((s) => s.shareable.dataset);
  const maxLength = useAppStore((s) => s.shareable.maxLength);
  const actions = useAppStore((s) => s.actions);
  const { dataset, loading, error, clearError } = useDataset();
  const [entries, setEntries] = useState<BuiltinIndexEntry[]>([]);
  const [indexError, setIndexError] = useState<string | null>(null);
  const [tables, setTables] = useState<ParsedTable[] | null>(null);
  const [stored, setStored] = useState<StoredDatasetMeta[]>([]);
  const [lenError, setLenError] = useState<string | undefined>();
  // For files that never quote fields: a stray opening quote would otherwise swallow what follows.
  const [quotesAsText, setQuotesAsText] = useState(false);
  const refresh = useCallback(() => void listStored().then(setStored), []);

  useEffect(() => {
    void fetchIndex().then((r) => (r.ok ? setEntries(r.value.datasets) : setIndexError(r.error.message)));
    refresh();
  }, [refresh]);
  // Follow the settings (start-up, links, picker): load what they name.
  useEffect(() => {
    if (ref.kind === 'builtin') void loadBuiltin(ref.id);
    else void loadStored(ref.hash, ref.name);
  }, [ref]);

  return (
    <section className="panel stack" aria-labelledby="data-h">
      <h2 id="data-h">Data set</h2>
      <DatasetSummary dataset={dataset} loading={loading} />
      {error && <DataErrorBox error={error} onDismiss={clearError} />}
      {indexError && (
        <p className="error-box" role="alert">
          {indexError}
        </p>
      )}
      <BuiltinPicker
        entries={entries}
        value={ref.kind === 'builtin' ? ref.id : null}
        disabled={!!loading}
        onChange={(id) => actions.setDataset({ kind: 'builtin', id })}
      />
      <h3>Your own data</h3>
      {tables ? (
        <LocalImportEditor
          tables={tables}
          onCancel={() => setTables(null)}
          onUse={(c) =>
            void applyLocal(tables, c).then((ok) => {
              if (ok) {
                setTables(null);
                refresh();
              }
            })
          }
        />
      ) : (
        <>
          <DropZone
            disabled={!!loading}
            onFiles={(files) => void parseFiles(files, { quote: quotesAsText ? 'none' : 'auto' }).then((t) => t && setTables(t))}
          />
          <label className="inline small">
            <input type="checkbox" checked={quotesAsText} onChange={(e) => setQuotesAsText(e.target.checked)} />
            Quotes are text (the files do not quote fields, as GLUE TSV files)
          </label>
        </>
      )}
      <p className="small muted" style={{ margin: 0 }}>
        Files stay in this browser; links carry only a hash and a name.
      </p>
      <StoredDatasets
        items={stored}
        activeHash={ref.kind === 'local' ? ref.hash : null}
        onLoad={(m) => actions.setDataset({ kind: 'local', hash: m.hash, name: m.name })}
        onRemove={(m) => void removeStored(m.hash).then(refresh)}
      />
      <NumberField
        label="Max token length"
        value={maxLength}
        step={1}
        min={8}
        max={512}
        error={lenError}
        onChange={(v) => {
          const w = Number.isInteger(v) && v >= 8 && v <= 512 ? actions.setMaxLength(v) : ['must be a whole number from 8 to 512'];
          setLenError(w.length ? w.join('; ') : undefined);
        }}
      />
    </section>
  );
}
