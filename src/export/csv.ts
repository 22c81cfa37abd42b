// RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled.

export type CsvCell = string | number | boolean | null | undefined;

export function csvField(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    return Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : '-Infinity';
  }
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Header row plus data rows, CRLF-free (\n) line endings, trailing newline. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(csvField).join(',')];
  for (const r of rows) {
    if (r.length !== header.length) throw new Error(`CSV row has ${r.length} fields, header has ${header.length}`);
    lines.push(r.map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}
