// The page's "Skip bad rows" control (the CLI's --skip-bad-rows): which data errors it answers,
// and the report of what it dropped. Data messages tell the user to turn on "skip bad rows":
// this is the control they name, offered before a file is read, again beside such an error,
// and in the import editor.
import type { DataErrorCode } from '../../data/errors';
import type { SkippedRows } from '../../data/types';

export const SKIP_BAD_ROWS_LABEL = 'Skip bad rows';

/** Errors that skipping bad rows avoids: parse errors (ragged rows, invalid JSON lines) and mapping errors (empty text or label, a label outside the training labels). */
export const SKIPPABLE: ReadonlySet<DataErrorCode> = new Set<DataErrorCode>(['RAGGED_ROW', 'INVALID_JSON', 'MISSING_TEXT', 'MISSING_LABEL', 'UNKNOWN_LABEL']);

/** "Skipped 3 bad rows: “a.csv” lines 3, 7 (line 3 has 3 fields, but the header has 2); …", or null when none were skipped. */
export function skippedRowsNote(files: readonly { file: string; skipped: SkippedRows }[]): string | null {
  const some = files.filter((f) => f.skipped.count > 0);
  const total = some.reduce((a, f) => a + f.skipped.count, 0);
  if (!total) return null;
  const parts = some.map(({ file, skipped: s }) => {
    const more = s.count > s.firstLines.length ? `, … (${s.count} in all)` : '';
    return `“${file}” line${s.firstLines.length === 1 && !more ? '' : 's'} ${s.firstLines.join(', ')}${more} (${s.reasons[0]})`;
  });
  return `Skipped ${total.toLocaleString('en-US')} bad row${total === 1 ? '' : 's'}: ${parts.join('; ')}.`;
}
