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

export interface ImportChoice {
  mapping: ColumnMapping;
  roles: FileRole[];
  split: SplitSettings;
  labelNames?: string[];
  skipBadRows: boolean;
}

export function LocalImportEditor({ tables, onUse, onCancel }: { tables: ParsedTable[]; onUse: (c: ImportChoice) => void; onCancel: () => void }) {
  const [mapping, setMapping] = useState<ColumnMapping>(() => initialMapping(tables));
  const [roles, setRoles] = useState<FileRole[]>(() => initialRoles(tables));
  const [split, setSplit] = useState<SplitSettings>({ seed: 0, validation: 0.1, test: 0.1 });
  const [names, setNames] = useState<string[]>([]);
  const [skipBadRows, setSkip] = useState(false);
  const preview = useMemo(() => previewImport(tables, roles, mapping), [tables, roles, mapping]);
  const labels = preview.ok ? { ok: true as const, value: preview.value.labels } : preview;
  const numeric = labels.ok && labels.value.values.every((v) => /^\d+$/.test(v));
  return (
    <div className="stack" data-testid="import-editor" role="group" aria-label="Import local data">
      <PreviewTable table={tables[0]} />
      <ColumnMappingEditor columns={tables[0].columns} mapping={mapping} onChange={setMapping} />
      {labels.ok ? <LabelMappingView labels={labels.value} names={names} onNames={setNames} /> : <DataErrorBox error={labels.error} />}
      {preview.ok && <DataWarnings warnings={preview.value.warnings} />}
      <SplitAssignment files={tables.map((t, i) => t.fileName ?? `file ${i + 1}`)} roles={roles} onRoles={setRoles} settings={split} onSettings={setSplit} />
      <label className="inline">
        <input type="checkbox" checked={skipBadRows} onChange={(e) => setSkip(e.target.checked)} />
        Skip rows with an empty text or label (and report them)
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
