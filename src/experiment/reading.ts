// The prose of docs/results.md ("Reading") is a template (docs/results_reading.md) whose every
// measured number is a placeholder filled from the report's own tables, so a sentence cannot
// disagree with its table (issue 25, item 7). A placeholder may also assert the verdict the sentence
// relies on ({{v:…=better}} prints it, {{is:…=better}} prints nothing): when the data say otherwise,
// rendering fails instead of printing a claim the table contradicts. Literal measured numbers in the
// template are refused.
// Kinds (row = data set | comparison label | r, metric = acc, nll, ece, ace or brier):
//   x / d / dt / v / is : row | metric[=verdict]  Δ; Δ [bootstrap]; Δ [bootstrap], t[…]; the verdict; nothing
//   m / med            : data set | method | r | K | c | column  median ± std / median of the main table
//   stored             : data set | method | r | K | c           stored numbers
//   count              : table title | tests|resolved|holm|matches
//   size               : data set | train|validation|test|ood    split sizes the grid recorded
//   majority           : data set                                the most frequent test label's share
//   post               : data set | method | r | K | effectiveRank|drift:<c>  median over seeds
import { type AggregateRow, median, type ResultRow } from './aggregate';
import { PAIRED_METRICS, type PairedMetric } from './crossed';
import type { TestSplit } from './merge_report';
import { fmtInterval, fmtSigned, type PairedFacts } from './report_sections';

export interface ReportFacts {
  paired: PairedFacts;
  cells: readonly AggregateRow[];
  rows: readonly ResultRow[];
  tests: Record<string, TestSplit>;
}

const METRIC_KEYS: Record<string, PairedMetric> = { acc: 'accuracy', accuracy: 'accuracy', nll: 'nll', ece: 'ece', ace: 'ace', brier: 'brier' };
const CELL_METRICS = ['accuracy', 'ece', 'ace', 'nll', 'brier', 'aurocEntropy', 'aurocMI'] as const;

class ReadingError extends Error {}

function metricOf(name: string, where: string): PairedMetric {
  const m = METRIC_KEYS[name.toLowerCase()];
  if (!m) throw new ReadingError(`${where}: unknown metric "${name}" (one of ${PAIRED_METRICS.join(', ')})`);
  return m;
}

const opt = (s: string) => (s === '—' || s === '-' || s === '' ? undefined : Number(s));

function pairedRow(facts: ReportFacts, args: string[], where: string) {
  const [dataset, label, r] = args;
  const row = facts.paired.rows.find((p) => p.dataset === dataset && p.label === label && String(p.r) === r);
  if (!row) throw new ReadingError(`${where}: no paired row "${dataset} | ${label} | r = ${r}" in the report's tables`);
  return row;
}

function cell(facts: ReportFacts, args: string[], where: string) {
  const [dataset, method, r, K, c] = args;
  const a = facts.cells.find((x) => x.dataset === dataset && x.method === method && String(x.r) === r && x.K === opt(K) && x.c === opt(c));
  if (!a) throw new ReadingError(`${where}: no row "${dataset} | ${method} | r = ${r} | K = ${K} | c = ${c}" in the main table`);
  return a;
}

function render(kind: string, args: string[], facts: ReportFacts, where: string): string {
  switch (kind) {
    case 'x':
    case 'd':
    case 'dt':
    case 'v':
    case 'is': {
      const [metricName, expected] = args[3]?.split('=') ?? [];
      const row = pairedRow(facts, args, where);
      const m = metricOf(metricName ?? '', where);
      const d = row.deltas[m];
      const v = row.verdicts[m].verdict;
      if (kind === 'is' && expected === undefined) throw new ReadingError(`${where}: {{is:…}} asserts a verdict: end it with =word`);
      if (expected !== undefined && expected !== v)
        throw new ReadingError(
          `${where}: the sentence relies on "${expected}" but the table says "${v}" (Δ ${fmtSigned(d.delta)} ${fmtInterval(d.boot)} t${fmtInterval(d.t)})`,
        );
      if (kind === 'is') return '';
      if (kind === 'x') return fmtSigned(d.delta);
      if (kind === 'd') return `${fmtSigned(d.delta)} ${fmtInterval(d.boot)}`;
      if (kind === 'dt') return `${fmtSigned(d.delta)} ${fmtInterval(d.boot)}, t${fmtInterval(d.t)}`;
      return v;
    }
    case 'm':
    case 'med': {
      const a = cell(facts, args, where);
      const name = args[5] as (typeof CELL_METRICS)[number];
      if (!CELL_METRICS.includes(name)) throw new ReadingError(`${where}: unknown column "${args[5]}" (one of ${CELL_METRICS.join(', ')})`);
      const v = a.metrics[name];
      if (!v) throw new ReadingError(`${where}: the main table has no ${name} for that row`);
      return kind === 'm' ? `${v.median.toFixed(3)} ± ${v.std.toFixed(3)}` : v.median.toFixed(3);
    }
    case 'stored':
      return cell(facts, args, where).storedParams.toLocaleString('en-US');
    case 'count': {
      const [family, what] = args;
      const f = facts.paired.families.find((x) => x.family === family);
      if (!f) throw new ReadingError(`${where}: no table "${family}"`);
      if (!(what === 'tests' || what === 'resolved' || what === 'holm' || what === 'matches')) throw new ReadingError(`${where}: unknown count "${what}"`);
      return String(f[what]);
    }
    case 'size': {
      const size = facts.tests[args[0]]?.sizes?.[args[1]];
      if (size === undefined) throw new ReadingError(`${where}: no ${args[1]} size recorded for "${args[0]}"`);
      return size.toLocaleString('en-US');
    }
    case 'majority': {
      const t = facts.tests[args[0]];
      if (!t) throw new ReadingError(`${where}: no test split for "${args[0]}"`);
      const counts = new Array<number>(t.nClasses).fill(0);
      for (const y of t.labels) counts[y]++;
      return (Math.max(...counts) / t.labels.length).toFixed(3);
    }
    case 'post': {
      const [dataset, method, r, K, field] = args;
      const ps = facts.rows
        .filter((x) => x.posterior && x.dataset === dataset && x.method === method && String(x.r) === r && x.K === opt(K))
        .filter((x, i, all) => all.findIndex((y) => y.seed === x.seed) === i)
        .map((x) => x.posterior!);
      if (!ps.length) throw new ReadingError(`${where}: no posterior for "${dataset} | ${method} | r = ${r} | K = ${K}"`);
      if (field === 'effectiveRank') return median(ps.map((p) => p.effectiveRank)).toFixed(2);
      const c = field.startsWith('drift:') ? field.slice(6) : undefined;
      const xs = ps.map((p) => (c === undefined ? undefined : p.driftOverSpread[c])).filter((x): x is number => x !== undefined && Number.isFinite(x));
      if (!xs.length) throw new ReadingError(`${where}: unknown posterior field "${field}" (effectiveRank or drift:<c>)`);
      return median(xs).toFixed(2);
    }
    default:
      throw new ReadingError(`${where}: unknown placeholder kind "${kind}"`);
  }
}

/**
 * Measured-looking literals the template must not hold: a number with three or more decimals, or a
 * signed decimal (a Δ typed by hand). Settings are written without them (5e-3, c = 0.5, K = 10).
 */
export const LITERAL_RESULT = /(?<![\w.])[−+-]?\d+\.\d{3,}|[−+]\d*\.\d+/u;

/** Fills the template; `file` names it in errors. Throws on an unknown placeholder, a failed assertion or a literal result. */
export function renderReading(template: string, facts: ReportFacts, file = 'docs/results_reading.md'): string {
  const lines = template.split('\n');
  return lines
    .map((line, i) => {
      const where = `${file}:${i + 1}`;
      const bare = line.replace(/\{\{[^}]*\}\}/g, '');
      const lit = bare.match(LITERAL_RESULT);
      if (lit) throw new ReadingError(`${where}: the literal "${lit[0]}" looks like a measured number; quote it with a placeholder`);
      const out = line.replace(/\{\{([a-z]+):([^}]*)\}\}/g, (_, kind: string, body: string) =>
        render(
          kind,
          body.split('|').map((x) => x.trim()),
          facts,
          where,
        ),
      );
      if (out.includes('{{')) throw new ReadingError(`${where}: a placeholder is not of the form {{kind:…}} or spans lines`);
      return out;
    })
    .join('\n');
}
