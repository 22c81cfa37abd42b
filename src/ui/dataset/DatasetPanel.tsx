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
import { LocalImportEditor, type ImportChoice } from './LocalImportEditor';
import { SKIPPABLE, SKIP_BAD_ROWS_LABEL } from './skip_bad_rows';
import { StoredDatasets } from './StoredDatasets';
import { fetchIndex, listStored, loadBuiltin, loadStored, parseFiles, removeStored, applyLocal } from './dataset_actions';
import { useDataset } from './dataset_store';

export function DatasetPanel() {
  const ref = useAppStore((s) => s.shareable.dataset);
  const maxLength = useAppStore((s) => s.shareable.maxLength);
  const actions = useAppStore((s) => s.actions);
  const { dataset, loading, error, note, clearError } = useDataset();
  const [entries, setEntries] = useState<BuiltinIndexEntry[]>([]);
  const [indexError, setIndexError] = useState<string | null>(null);
  const [tables, setTables] = useState<ParsedTable[] | null>(null);
  const [stored, setStored] = useState<StoredDatasetMeta[]>([]);
  const [lenError, setLenError] = useState<string | undefined>();
  // For files that never quote fields: a stray opening quote would otherwise swallow what follows.
  const [quotesAsText, setQuotesAsText] = useState(false);
  // "Skip bad rows" (the CLI's --skip-bad-rows): what the files are read with and mapped with.
  const [skipBadRows, setSkipBadRows] = useState(false);
  // The files last dropped and the last import choice, so an error that skipping answers can be retried in one click.
  const [lastFiles, setLastFiles] = useState<File[] | null>(null);
  const [lastChoice, setLastChoice] = useState<ImportChoice | null>(null);
  const read = (files: File[], skip = skipBadRows) => {
    setLastFiles(files);
    void parseFiles(files, { quote: quotesAsText ? 'none' : 'auto', skipBadRows: skip }).then((t) => t && setTables(t));
  };
  const use = (t: ParsedTable[], c: ImportChoice) => {
    setLastChoice(c);
    void applyLocal(t, c).then((ok) => {
      if (ok) {
        setTables(null);
        refresh();
      }
    });
  };
  // An error that skipping bad rows answers: read the files again (parse errors) or use them again (mapping errors) with it on.
  const retry =
    error && SKIPPABLE.has(error.code) && !skipBadRows
      ? tables && lastChoice
        ? { label: `${SKIP_BAD_ROWS_LABEL} and use the data`, run: () => (setSkipBadRows(true), use(tables, { ...lastChoice, skipBadRows: true })) }
        : !tables && lastFiles
          ? { label: `${SKIP_BAD_ROWS_LABEL} and read the files again`, run: () => (setSkipBadRows(true), read(lastFiles, true)) }
          : undefined
      : undefined;
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
      <DatasetSummary dataset={dataset} loading={loading} note={note} />
      {error && <DataErrorBox error={error} onDismiss={clearError} action={retry} />}
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
          onUse={(c) => use(tables, c)}
          skipBadRows={skipBadRows}
          onSkipBadRows={setSkipBadRows}
        />
      ) : (
        <>
          <DropZone disabled={!!loading} onFiles={(files) => read(files)} />
          <label className="inline small">
            <input type="checkbox" checked={quotesAsText} onChange={(e) => setQuotesAsText(e.target.checked)} />
            Quotes are text (the files do not quote fields, as GLUE TSV files)
          </label>
          <label className="inline small">
            <input type="checkbox" data-testid="skip-bad-rows" checked={skipBadRows} onChange={(e) => setSkipBadRows(e.target.checked)} />
            {SKIP_BAD_ROWS_LABEL} (ragged rows, invalid JSON lines, empty texts or labels: dropped and reported with their line numbers)
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
