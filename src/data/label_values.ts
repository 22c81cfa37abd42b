// Label values as strings: their canonical form, their order, and the values that look wrong.
// Integers are compared as digit strings, never through Number(): past 2^53 distinct integers
// would round to one double and silently merge into one class.
import { isNumeric } from './sniff';
import type { DataWarning } from './types';

const INTEGER = /^([+-]?)0*(\d+?)(?:\.0*)?$/;

/** Canonical form of a label value: trimmed; integers without sign noise or leading zeros
 *  ("+007" → "7", "2.0" → "2"); other numbers as their shortest decimal when that is exact
 *  ("1.50" → "1.5"); anything else as written. */
export function canonicalLabel(v: string): string {
  const t = v.trim();
  const m = INTEGER.exec(t);
  if (m) return m[2] === '0' || m[1] !== '-' ? m[2] : `-${m[2]}`;
  if (!isNumeric(t)) return t;
  const s = String(Number(t));
  // Only when no digit is lost: "0.30000000000000001" stays itself rather than becoming "0.3".
  return significantDigits(s) >= significantDigits(t) ? s : t;
}

function significantDigits(s: string): number {
  const mantissa = s.replace(/^[+-]/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '');
  return mantissa.replace(/0+$/, '').length;
}

function isIntegerString(s: string): boolean {
  return /^-?\d+$/.test(s);
}

/** Order of canonical numeric labels: integers by value as digit strings, others by Number. */
export function compareNumericLabels(a: string, b: string): number {
  if (isIntegerString(a) && isIntegerString(b)) {
    const na = a.startsWith('-'),
      nb = b.startsWith('-');
    if (na !== nb) return na ? -1 : 1;
    const sign = na ? -1 : 1;
    const da = na ? a.slice(1) : a,
      db = nb ? b.slice(1) : b;
    if (da.length !== db.length) return sign * (da.length - db.length);
    return sign * (da < db ? -1 : da > db ? 1 : 0);
  }
  return Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0);
}

// Header cells of label and text columns: seen as a label value, a header row was read as data.
const HEADER_LIKE = new Set(['label', 'labels', 'class', 'category', 'target', 'sentiment', 'gold_label', 'polarity', 'text', 'sentence', 'review']);
const MISSING_WORDS = new Set(['nan', 'null', 'none', 'undefined', 'n/a', 'na', '#n/a', 'nil', '-', '?']);
// Built without control characters in the source (lint): C0, DEL and C1 controls.
const CONTROL = /\p{Cc}/u;
const INVISIBLE_ONLY = /^[\p{Z}\p{Cf}\s]+$/u;

/** Why a label value looks like a mistake rather than a class, or null. */
export function suspiciousLabel(raw: string, column: string): string | null {
  const t = raw.trim();
  if (t === '') return null; // empty labels are MISSING_LABEL, reported per line
  if (CONTROL.test(raw)) return 'contains control characters';
  if (INVISIBLE_ONLY.test(t)) return 'looks empty (only invisible or space characters)';
  const lower = t.toLowerCase();
  if (MISSING_WORDS.has(lower)) return 'looks like a missing value';
  if (lower === column.trim().toLowerCase()) return 'is the column name itself (a header row read as data?)';
  if (HEADER_LIKE.has(lower.replace(/[\s-]+/g, '_'))) return 'looks like a column name (a header row read as data?)';
  return null;
}

/** One warning per suspicious class, with how many rows carry it. */
export function labelWarnings(counts: ReadonlyMap<string, { count: number; raw: string }>, column: string): DataWarning[] {
  const out: DataWarning[] = [];
  for (const [value, { count, raw }] of counts) {
    const why = suspiciousLabel(raw, column);
    if (!why) continue;
    out.push({
      code: 'SUSPICIOUS_LABEL',
      message: `The label ${JSON.stringify(value)} in column "${column}" ${why}; ${count} row${count === 1 ? '' : 's'} would train on it as a class of its own.`,
      count,
    });
  }
  return out;
}
