// Column mapping (which columns are text, second text, label) and label mapping (file values →
// class ids, with display names). Pure: returns new arrays or a DataError, never mutates input.
import { catchDataError, fail, type Result } from './errors';
import { isNumeric } from './sniff';
import { canonicalLabel, compareNumericLabels, labelWarnings } from './label_values';
import { SkipLog } from './table_builder';
import { cellAt, columnValues } from './table_rows';
import type { ColumnMapping, ColumnRef, DataWarning, Example, LabelMapping, ParsedTable, SkippedRows } from './types';

export const MAX_CLASSES = 100;

/** Index of a column given by name (exact, then case-insensitive) or 0-based index. */
export function resolveColumn(table: Pick<ParsedTable, 'columns' | 'fileName'>, ref: ColumnRef, role = 'column'): number {
  const cols = table.columns;
  if (typeof ref === 'number') {
    if (Number.isInteger(ref) && ref >= 0 && ref < cols.length) return ref;
  } else {
    const exact = cols.indexOf(ref);
    if (exact >= 0) return exact;
    const lower = cols.findIndex((c) => c.toLowerCase() === ref.trim().toLowerCase());
    if (lower >= 0) return lower;
  }
  const what = typeof ref === 'number' ? `column #${ref + 1}` : `column "${ref}"`;
  fail(
    'MISSING_COLUMN',
    `The ${role} ${what} is not in ${table.fileName ? `"${table.fileName}"` : 'the file'}. Available columns: ${cols.map((c) => `"${c}"`).join(', ')}.`,
    {
      column: String(ref),
      available: [...cols],
      file: table.fileName,
    },
  );
}

export { canonicalLabel };

/**
 * Class ids for the distinct label values. Integers sort numerically, strings by code point.
 * `labelNames` (optional) name integer classes 0…K−1, or fix the order of string labels.
 */
export function inferLabelMapping(values: Iterable<string>, column = 'label', labelNames?: string[]): LabelMapping {
  return inferLabels(values, column, labelNames).labels;
}

/** inferLabelMapping, plus warnings about values that look like mistakes ("NaN", a header cell, …). */
export function inferLabels(values: Iterable<string>, column = 'label', labelNames?: string[]): { labels: LabelMapping; warnings: DataWarning[] } {
  const distinct = new Map<string, { count: number; raw: string }>();
  let total = 0;
  for (const v of values) {
    const c = canonicalLabel(v);
    if (c === '') continue;
    const seen = distinct.get(c);
    if (seen) seen.count++;
    else if (distinct.size > MAX_CLASSES)
      break; // already too many: no map of every text of a wrong column
    else distinct.set(c, { count: 1, raw: v });
    total++;
  }
  const list = [...distinct.keys()];
  if (list.length === 0) fail('MISSING_LABEL', `The label column "${column}" is empty in every row.`, { column });
  if (list.length === 1) {
    fail(
      'ONE_CLASS',
      `The label column "${column}" has only one class ("${list[0]}") in ${total} rows; a classifier needs at least two. Is this the right column or the whole file?`,
      {
        column,
        classes: 1,
      },
    );
  }
  if (list.length > MAX_CLASSES) {
    fail(
      'TOO_MANY_CLASSES',
      `The label column "${column}" has more than ${MAX_CLASSES} different values; at most ${MAX_CLASSES} classes are supported. Is "${column}" really the label column?`,
      {
        column,
        classes: list.length,
      },
    );
  }
  const warnings = labelWarnings(distinct, column);
  const numeric = list.every(isNumeric);
  if (labelNames && labelNames.length >= list.length) {
    if (numeric && list.every((v) => /^\d+$/.test(v) && Number(v) < labelNames.length)) {
      return { labels: { values: labelNames.map((_, i) => String(i)), labelNames: [...labelNames] }, warnings };
    }
    if (list.every((v) => labelNames.includes(v))) return { labels: { values: [...labelNames], labelNames: [...labelNames] }, warnings };
  }
  list.sort(numeric ? compareNumericLabels : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { labels: { values: list, labelNames: [...list] }, warnings };
}

export interface MappedTable {
  examples: Example[];
  labels: LabelMapping;
  skipped: SkippedRows;
}

export interface MapOptions {
  /** Use this label mapping instead of inferring one (e.g. the train file's, or a manifest's). */
  labels?: LabelMapping;
  /** Display names / order for inferred labels. */
  labelNames?: string[];
  /** Drop rows with empty text or a missing / unknown label, and report them. */
  skipBadRows?: boolean;
  /** Out-of-distribution split: unknown or missing labels become -1 instead of errors. */
  unlabelled?: boolean;
}

/** The column indices of a mapping (-1 for none), refused when a column is missing or one column
 *  plays two roles: checked before any label is read, so that mistake gets its own message. */
export function resolveMapping(
  table: Pick<ParsedTable, 'columns' | 'fileName'>,
  mapping: ColumnMapping,
  unlabelled = false,
): { ti: number; pi: number; li: number } {
  const ti = resolveColumn(table, mapping.text, 'text');
  const pi = mapping.textPair !== undefined && mapping.textPair !== '' ? resolveColumn(table, mapping.textPair, 'second text') : -1;
  if (mapping.label === undefined && !unlabelled) {
    fail('MISSING_COLUMN', `Choose a label column. Available columns: ${table.columns.map((c) => `"${c}"`).join(', ')}.`, {
      available: [...table.columns],
      file: table.fileName,
    });
  }
  const li = mapping.label !== undefined ? resolveColumn(table, mapping.label, 'label') : -1;
  const same = li >= 0 && (li === ti || li === pi) ? li : pi >= 0 && pi === ti ? pi : -1;
  if (same >= 0) {
    const roles = li === same ? (ti === same ? 'the text and the label' : 'the second text and the label') : 'the text and the second text';
    fail('MISSING_COLUMN', `The column "${table.columns[same]}" is chosen as both ${roles}; choose different columns.`, {
      column: table.columns[same],
      available: [...table.columns],
      file: table.fileName,
    });
  }
  return { ti, pi, li };
}

/** Table rows → examples. */
export function mapTable(table: ParsedTable, mapping: ColumnMapping, opts: MapOptions = {}): Result<MappedTable> {
  return catchDataError(() => {
    const { ti, pi, li } = resolveMapping(table, mapping, opts.unlabelled);
    const labelName = li >= 0 ? table.columns[li] : 'label';
    const labels = opts.labels ?? (li >= 0 ? inferLabelMapping(columnValues(table.rows, li), labelName, opts.labelNames) : { values: [], labelNames: [] });
    const ids = new Map(labels.values.map((v, i) => [v, i]));
    const log = new SkipLog();
    const examples: Example[] = [];
    const bad = (code: 'MISSING_TEXT' | 'MISSING_LABEL' | 'UNKNOWN_LABEL', line: number, reason: string, hint: string) => {
      if (opts.skipBadRows) return log.add(line, reason);
      fail(code, `${reason[0].toUpperCase()}${reason.slice(1)}. ${hint}`, { line, column: labelName, file: table.fileName });
    };
    const rows = table.rows;
    for (let r = 0; r < rows.count; r++) {
      const line = table.lines[r];
      const text = cellAt(rows, r, ti).trim();
      if (text === '') {
        bad('MISSING_TEXT', line, `line ${line} has an empty text`, 'Fill it in, or turn on "skip bad rows".');
        continue;
      }
      let label = -1;
      if (li >= 0) {
        const raw = canonicalLabel(cellAt(rows, r, li));
        const id = ids.get(raw);
        if (id !== undefined) label = id;
        else if (!opts.unlabelled) {
          if (raw === '') bad('MISSING_LABEL', line, `line ${line} has no label`, 'Fill it in, or turn on "skip bad rows".');
          else
            bad(
              'UNKNOWN_LABEL',
              line,
              `line ${line} has the label "${raw}", which is not one of ${labels.values.map((v) => `"${v}"`).join(', ')}`,
              'Every split must use the training labels; fix the row or turn on "skip bad rows".',
            );
          continue;
        }
      }
      const ex: Example = { text, label };
      if (pi >= 0) ex.textPair = cellAt(rows, r, pi).trim();
      examples.push(ex);
    }
    return { examples, labels, skipped: log.skipped };
  });
}

const LABEL_NAMES = ['label', 'labels', 'class', 'category', 'target', 'sentiment', 'gold_label', 'y', 'score', 'rating', 'stars', 'polarity'];
const TEXT_NAMES = [
  'text',
  'sentence',
  'sentence1',
  'review',
  'content',
  'body',
  'message',
  'tweet',
  'document',
  'question',
  'question1',
  'premise',
  'text_a',
  'comment',
  'passage',
  'title',
];
const PAIR_NAMES = ['sentence2', 'hypothesis', 'question2', 'text_b', 'answer', 'text_pair'];

/** A best guess at the column mapping (the UI shows it for confirmation); null if no guess fits. */
export function suggestMapping(table: ParsedTable): ColumnMapping | null {
  const n = table.columns.length;
  if (n < 2) return null;
  const sampleRows = Math.min(2000, table.rows.count);
  const stats = table.columns.map((name, c) => {
    const vals: string[] = [];
    for (let r = 0; r < sampleRows; r++) vals.push(cellAt(table.rows, r, c));
    const distinct = new Set(vals.map(canonicalLabel)).size;
    const meanLen = vals.reduce((a, v) => a + v.length, 0) / Math.max(1, vals.length);
    const hasEmpty = vals.some((v) => v.trim() === '');
    return { name: name.toLowerCase(), c, distinct, meanLen, hasEmpty };
  });
  const byName = (names: string[], exclude: number[] = []) => {
    for (const want of names) {
      const s = stats.find((x) => x.name === want && !exclude.includes(x.c));
      if (s) return s.c;
    }
    return -1;
  };
  let label = byName(LABEL_NAMES);
  if (label < 0) {
    const cands = stats.filter((s) => s.distinct >= 2 && s.distinct <= MAX_CLASSES && !s.hasEmpty && s.meanLen <= 30);
    cands.sort((a, b) => a.distinct - b.distinct || b.c - a.c);
    label = cands[0]?.c ?? -1;
  }
  if (label < 0) return null;
  let text = byName(TEXT_NAMES, [label]);
  const longest = stats.filter((s) => s.c !== label).sort((a, b) => b.meanLen - a.meanLen);
  if (text < 0) text = longest[0]?.c ?? -1;
  if (text < 0) return null;
  let pair = byName(PAIR_NAMES, [label, text]);
  if (pair < 0 && !table.hasHeader) {
    const second = longest.find((s) => s.c !== text);
    if (second && second.meanLen > 20) pair = second.c;
  }
  const ref = (c: number): ColumnRef => (table.hasHeader ? table.columns[c] : c);
  return pair >= 0 ? { text: ref(text), textPair: ref(pair), label: ref(label) } : { text: ref(text), label: ref(label) };
}
