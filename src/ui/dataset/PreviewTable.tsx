// The first rows of a parsed file, with the column names as headers.
import { rowArrays } from '../../data/table_rows';
import type { ParsedTable } from '../../data/types';

export function PreviewTable({ table, rows = 5 }: { table: ParsedTable; rows?: number }) {
  const clip = (s: string) => (s.length > 80 ? s.slice(0, 77) + '…' : s);
  return (
    <div className="table-scroll" data-testid="data-preview">
      <table>
        <caption className="small muted" style={{ textAlign: 'left' }}>
          {table.fileName ?? 'file'}: {table.rows.count.toLocaleString('en-US')} rows, {table.columns.length} columns (
          {table.format === 'jsonl' ? 'JSON Lines' : `delimiter ${JSON.stringify(table.delimiter)}`})
          {table.skipped.count > 0 && `, ${table.skipped.count} bad rows skipped`}
        </caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rowArrays(table.rows, table.columns.length, rows).map((r, i) => (
            <tr key={i}>
              {r.map((v, j) => (
                <td key={j}>{clip(v)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
