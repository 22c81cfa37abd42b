// Turning parsed local files into a data set (through the data module), and naming it safely.
import { inferLabels, resolveMapping, suggestMapping } from '../../data/mapping';
import { assembleDataset } from '../../data/splits';
import { catchDataError, type Result } from '../../data/errors';
import { cellAt } from '../../data/table_rows';
import type { ColumnMapping, DataWarning, Dataset, LabelMapping, ParsedTable, SkippedRows } from '../../data/types';
import type { FileRole, SplitSettings } from './SplitAssignment';

/** A display name that a link can carry (letters, digits, space, . _ ( ) -; ≤ 64 chars). */
export function safeName(fileNames: string[]): string {
  const joined = (fileNames.length > 1 ? `${fileNames[0]} (and ${fileNames.length - 1} more)` : (fileNames[0] ?? ''))
    .replace(/[^A-Za-z0-9 ._()-]+/g, '_')
    .slice(0, 64)
    .trim();
  return joined || 'local data';
}

/** A first guess: the parser's suggested columns; one file is split, several are read by their names. */
export function initialMapping(tables: ParsedTable[]): ColumnMapping {
  return suggestMapping(tables[0]) ?? { text: tables[0].columns[0], label: tables[0].columns[1] };
}

export function initialRoles(tables: ParsedTable[]): FileRole[] {
  if (tables.length === 1) return ['split'];
  return tables.map((t) => {
    const n = (t.fileName ?? '').toLowerCase();
    if (/ood|shift|out/.test(n)) return 'ood';
    if (/val|dev/.test(n)) return 'validation';
    if (/test/.test(n)) return 'test';
    return 'train';
  });
}

/** The label mapping and the warnings to show before "Use" (renamed columns, suspicious labels);
 *  a column chosen for two roles is refused here, before any label is read. */
export function previewImport(tables: ParsedTable[], roles: FileRole[], mapping: ColumnMapping): Result<{ labels: LabelMapping; warnings: DataWarning[] }> {
  return catchDataError(() => {
    const values: string[] = [];
    const warnings: DataWarning[] = [];
    tables.forEach((t, i) => {
      for (const w of t.warnings ?? []) warnings.push({ ...w, message: `${t.fileName ?? `file ${i + 1}`}: ${w.message}` });
      if (roles[i] === 'ood' || mapping.label === undefined) return;
      if (t.columns.includes(String(mapping.label)) && t.columns.includes(String(mapping.text))) resolveMapping(t, mapping);
      const li = t.columns.indexOf(String(mapping.label));
      if (li >= 0) for (let r = 0; r < t.rows.count; r++) values.push(cellAt(t.rows, r, li));
    });
    const inferred = inferLabels(values, String(mapping.label ?? 'label'));
    return { labels: inferred.labels, warnings: [...warnings, ...inferred.warnings] };
  });
}

/** The data set and the rows dropped on the way: by the parser (ragged rows, invalid JSON, repeated headers) and by the mapping (empty text or label). */
export function buildLocalImport(
  tables: ParsedTable[],
  roles: FileRole[],
  mapping: ColumnMapping,
  split: SplitSettings,
  labelNames: string[] | undefined,
  skipBadRows: boolean,
  id: string,
): Result<{ dataset: Dataset; skipped: { file: string; skipped: SkippedRows }[] }> {
  const r = assembleDataset(
    tables.map((table, i) => ({ table, mapping, split: roles[i] })),
    {
      id,
      name: safeName(tables.map((t) => t.fileName ?? 'file')),
      seed: split.seed,
      fractions: { validation: split.validation, test: split.test },
      labelNames,
      skipBadRows,
    },
  );
  if (!r.ok) return r;
  const parsed = tables.map((t, i) => ({ file: t.fileName ?? `file ${i + 1}`, skipped: t.skipped }));
  return { ok: true, value: { dataset: r.value.dataset, skipped: [...parsed, ...r.value.report.skipped] } };
}
