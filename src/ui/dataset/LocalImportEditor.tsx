// After local files parsed: preview, column and label mapping, split assignment, then "Use".
import { useMemo, useState } from 'react';
import type { ColumnMapping, ParsedTable } from '../../data/types';
import { DataErrorBox } from './DataErrorBox';
import { ColumnMappingEditor } from './ColumnMappingEditor';
import { LabelMappingView } from './LabelMappingView';
import { PreviewTable } from './PreviewTable';
import { SplitAssignment, type FileRole, type SplitSettings } from './SplitAssignment';
import { DataWarnings } from './DataWarnings';
import { initialMapping, initialRoles, previewImport } from './local_import';
import { SKIP_BAD_ROWS_LABEL, skippedRowsNote } from './skip_bad_rows';

export interface ImportChoice {
  mapping: ColumnMapping;
  roles: FileRole[];
  split: SplitSettings;
  labelNames?: string[];
  skipBadRows: boolean;
}

/** `skipBadRows`: the panel's "Skip bad rows" setting, the one the files were read with; changed here, it applies to the mapping (empty text or label). */
export function LocalImportEditor({
  tables,
  onUse,
  onCancel,
  skipBadRows,
  onSkipBadRows,
}: {
  tables: ParsedTable[];
  onUse: (c: ImportChoice) => void;
  onCancel: () => void;
  skipBadRows: boolean;
  onSkipBadRows: (skip: boolean) => void;
}) {
  const [mapping, setMapping] = useState<ColumnMapping>(() => initialMapping(tables));
  const [roles, setRoles] = useState<FileRole[]>(() => initialRoles(tables));
  const [split, setSplit] = useState<SplitSettings>({ seed: 0, validation: 0.1, test: 0.1 });
  const [names, setNames] = useState<string[]>([]);
  const preview = useMemo(() => previewImport(tables, roles, mapping), [tables, roles, mapping]);
  const labels = preview.ok ? { ok: true as const, value: preview.value.labels } : preview;
  const skipped = skippedRowsNote(tables.map((t, i) => ({ file: t.fileName ?? `file ${i + 1}`, skipped: t.skipped })));
  const numeric = labels.ok && labels.value.values.every((v) => /^\d+$/.test(v));
  return (
    <div className="stack" data-testid="import-editor" role="group" aria-label="Import local data">
      <PreviewTable table={tables[0]} />
      {skipped && (
        <p className="small muted" data-testid="import-skipped" style={{ margin: 0 }}>
          {skipped}
        </p>
      )}
      <ColumnMappingEditor columns={tables[0].columns} mapping={mapping} onChange={setMapping} />
      {labels.ok ? <LabelMappingView labels={labels.value} names={names} onNames={setNames} /> : <DataErrorBox error={labels.error} />}
      {preview.ok && <DataWarnings warnings={preview.value.warnings} />}
      <SplitAssignment files={tables.map((t, i) => t.fileName ?? `file ${i + 1}`)} roles={roles} onRoles={setRoles} settings={split} onSettings={setSplit} />
      <label className="inline">
        <input type="checkbox" checked={skipBadRows} onChange={(e) => onSkipBadRows(e.target.checked)} />
        {SKIP_BAD_ROWS_LABEL} (also rows with an empty text or label, or a label outside the training labels; they are reported)
      </label>
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={!labels.ok}
          onClick={() => onUse({ mapping, roles, split, labelNames: numeric && names.length ? names : undefined, skipBadRows })}
        >
          Use this data set
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
