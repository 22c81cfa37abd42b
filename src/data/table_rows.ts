// The rows of a parsed table, kept compactly: one string per row (its cells concatenated) and the
// cell boundaries in typed arrays. An array of cell strings per row costs about 100 bytes a row
// more than its text, which made short-row files take 30× their size; this layout stays near
// the text itself. Plain data, so it crosses the worker boundary by structured clone.

export interface TableRows {
  count: number;
  /** Row r's cells, concatenated. */
  text: string[];
  /** Cells of row r are ends[starts[r]] … ends[starts[r + 1] − 1]; a row may hold fewer cells than
   *  the table has columns (JSON Lines keys seen later): the missing ones read as ''. */
  starts: Uint32Array;
  /** End offset in text[r] of each cell (its start is the previous cell's end, or 0). */
  ends: Uint32Array;
}

/** Cell c of row r ('' for a cell the row does not have). */
export function cellAt(rows: TableRows, r: number, c: number): string {
  const s = rows.starts[r],
    k = s + c;
  if (k >= rows.starts[r + 1]) return '';
  return rows.text[r].slice(c === 0 ? 0 : rows.ends[k - 1], rows.ends[k]);
}

/** Row r as an array of `width` cells. */
export function rowCells(rows: TableRows, r: number, width: number): string[] {
  const out: string[] = new Array(width);
  for (let c = 0; c < width; c++) out[c] = cellAt(rows, r, c);
  return out;
}

/** The first `limit` rows as arrays (previews and tests; never the whole of a big file). */
export function rowArrays(rows: TableRows, width: number, limit = rows.count): string[][] {
  const n = Math.min(limit, rows.count);
  const out: string[][] = [];
  for (let r = 0; r < n; r++) out.push(rowCells(rows, r, width));
  return out;
}

/** Every value of column c, lazily (label scans read one column of every row). */
export function* columnValues(rows: TableRows, c: number): Generator<string> {
  for (let r = 0; r < rows.count; r++) yield cellAt(rows, r, c);
}

function grow(a: Uint32Array, need: number): Uint32Array {
  if (need <= a.length) return a;
  const b = new Uint32Array(Math.max(need, a.length * 2, 1024));
  b.set(a);
  return b;
}

/** Appends rows; `finish()` trims the typed arrays to their length. */
export class RowsBuilder {
  private text: string[] = [];
  private starts: Uint32Array = new Uint32Array(1024);
  private ends: Uint32Array = new Uint32Array(4096);
  private cells = 0;

  get count(): number {
    return this.text.length;
  }

  add(fields: readonly string[]): void {
    const r = this.text.length;
    this.ends = grow(this.ends, this.cells + fields.length);
    let end = 0;
    for (let i = 0; i < fields.length; i++) {
      end += fields[i].length;
      this.ends[this.cells + i] = end;
    }
    this.cells += fields.length;
    this.starts = grow(this.starts, r + 2);
    this.starts[r + 1] = this.cells;
    // join copies the cells into one flat string: no slice keeps the decoded chunk it came from alive.
    this.text.push(fields.length === 1 ? flat(fields[0]) : fields.join(''));
  }

  finish(): TableRows {
    const count = this.text.length;
    return { count, text: this.text, starts: this.starts.slice(0, count + 1), ends: this.ends.slice(0, this.cells) };
  }
}

/** A copy of s that does not share storage with a bigger string. */
function flat(s: string): string {
  return s.length === 0 ? '' : (' ' + s).slice(1);
}
