// Guesses the format, delimiter and header of a file from its name and its first few KB.
import { DelimitedTokenizer } from './delimited';

export const CANDIDATE_DELIMITERS = ['\t', ',', ';', '|'] as const;
const SAMPLE_ROWS = 100;

export function delimiterName(d: string | null): string {
  return d === '\t' ? 'tab' : d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '|' ? 'pipe' : d === null ? 'none' : JSON.stringify(d);
}

export function extensionOf(fileName: string | undefined): string {
  if (!fileName) return '';
  const base = fileName.toLowerCase().replace(/\.(gz|txt)$/, '');
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1);
}

/** JSON Lines if the name says so or the first non-blank line is a JSON object. */
export function looksLikeJsonLines(sample: string, fileName?: string): boolean {
  const ext = extensionOf(fileName);
  if (ext === 'jsonl' || ext === 'ndjson' || ext === 'json') return true;
  if (ext === 'csv' || ext === 'tsv' || ext === 'tab') return false;
  const firstLine = sample.replace(/^\s+/, '').split('\n', 1)[0]?.trim() ?? '';
  if (!firstLine.startsWith('{')) return false;
  try {
    const v: unknown = JSON.parse(firstLine);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

/** First rows of the sample (complete rows only) under a delimiter. */
export function sampleRows(sample: string, delimiter: string, quoting: boolean, final: boolean): string[][] {
  const rows: string[][] = [];
  // No row limit here: the sample is bounded, and the limit is the real tokenizer's to enforce.
  const tok = new DelimitedTokenizer(delimiter, quoting, Number.POSITIVE_INFINITY);
  tok.push(sample, final, (f) => {
    if (rows.length < SAMPLE_ROWS) rows.push(f);
  });
  return rows;
}

export interface DelimiterGuess {
  delimiter: string;
  /** Most common field count under that delimiter. */
  columns: number;
  /** Fraction of sampled rows with that count. */
  consistency: number;
}

function modalCount(rows: string[][]): { columns: number; consistency: number } {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let best = 1,
    bestN = 0;
  for (const [c, k] of counts)
    if (k > bestN || (k === bestN && c > best)) {
      best = c;
      bestN = k;
    }
  return { columns: best, consistency: rows.length ? bestN / rows.length : 0 };
}

/** Every candidate delimiter, best first: consistent multi-column splits win, the extension breaks ties. */
export function rankDelimiters(sample: string, quoting: boolean, final: boolean, fileName?: string): DelimiterGuess[] {
  const ext = extensionOf(fileName);
  const preferred = ext === 'csv' ? ',' : ext === 'tsv' || ext === 'tab' ? '\t' : '';
  const guesses = CANDIDATE_DELIMITERS.map((delimiter) => {
    const rows = sampleRows(sample, delimiter, quoting, final);
    return { delimiter, ...modalCount(rows) };
  });
  const score = (g: DelimiterGuess) => (g.columns > 1 ? g.consistency : 0) + (g.delimiter === preferred ? 0.05 : 0);
  return guesses.sort((a, b) => score(b) - score(a) || CANDIDATE_DELIMITERS.indexOf(a.delimiter as never) - CANDIDATE_DELIMITERS.indexOf(b.delimiter as never));
}

const HEADER_WORDS = new Set([
  'text',
  'texts',
  'sentence',
  'sentence1',
  'sentence2',
  'sentence_1',
  'sentence_2',
  'label',
  'labels',
  'class',
  'category',
  'target',
  'review',
  'reviews',
  'question',
  'question1',
  'question2',
  'premise',
  'hypothesis',
  'index',
  'id',
  'idx',
  'title',
  'body',
  'content',
  'message',
  'score',
  'sentiment',
  'tweet',
  'document',
  'passage',
  'answer',
  'rating',
  'stars',
  'y',
  'x',
  'text_a',
  'text_b',
  'gold_label',
  'subject',
  'comment',
  'source',
  'split',
  'name',
  'date',
  'topic',
]);

export function isNumeric(s: string): boolean {
  const t = s.trim();
  return t !== '' && Number.isFinite(Number(t));
}

function normalizeName(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Is the first row a header? Evidence per column: a non-numeric cell over a numeric column, a
 *  known name, a short cell over long texts (yes); an empty or repeated cell, a numeric cell (no). */
export function detectHeader(rows: string[][]): boolean {
  if (rows.length === 0) return false;
  const first = rows[0];
  // Empty or repeated names are no reason to miss a header ("text,,label", "label,label"): they
  // vote against, the other columns decide, and the builder renames them with a warning.
  const same = (r: string[]) => r.every((f, i) => f === first[i]);
  const rest = rows.slice(1).filter((r) => r.length === first.length && !same(r)); // repeated headers are no evidence
  if (rest.length === 0) return first.every((f) => HEADER_WORDS.has(normalizeName(f)));
  if (first.every((f) => f.trim() === '')) return false;
  let score = 0;
  first.forEach((h, c) => {
    if (h.trim() === '') {
      score -= 1;
      return;
    }
    const vals = rest.map((r) => r[c]);
    const numeric = vals.filter(isNumeric).length / vals.length;
    if (isNumeric(h)) {
      score -= 2;
      return;
    }
    if (numeric >= 0.8) score += 2;
    if (vals.some((v) => v.trim() === h.trim())) score -= 2;
    if (HEADER_WORDS.has(normalizeName(h))) score += 2;
    const meanLen = vals.reduce((a, v) => a + v.length, 0) / vals.length;
    if (h.length <= 32 && meanLen > 2 * h.length + 10) score += 1;
    if (h.length > 40) score -= 1;
  });
  return score > 0;
}
