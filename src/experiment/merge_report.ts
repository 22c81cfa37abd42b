// Merging the JSON of grid runs made in parallel (one process per rank, data set or seed range) into
// one report (and the report layout both share). Rows measured twice would silently shift the
// medians, so a duplicate is refused.
import { aggregate, markdownTable, type ResultRow } from './aggregate';
import { renderReading } from './reading';
import { REPORT_STATS, type ReportStats } from './report_stats';
import { pairedSection, posteriorSection, selectionSection } from './report_sections';

/** The test split a grid scored: labels (for the paired statistics) and the data set's identity. */
export interface TestSplit {
  labels: number[];
  nClasses: number;
  hash?: string;
  sizes?: Record<string, number>;
}

export interface RunPart {
  rows: ResultRow[];
  command?: string;
  machine?: string;
  minutes?: number;
  settings?: string;
  /** Set while a run is still writing (or was killed before its last row). */
  partial?: boolean;
  /** Written by hand onto rows kept from a run stopped midway. */
  stoppedAfter?: string;
  /** Per data set id: the test labels the rows' testProbs are scored against. */
  tests?: Record<string, TestSplit>;
  /** Bootstrap replicates the run's own report used (the merged report takes its statistics from report_stats.ts). */
  replicates?: number;
  grid?: { bins?: number[] };
}

const cellsNote = (bins: number) =>
  `Cells are median ± sample std over seeds. ECE: ${bins} equal-width bins, top-label; ACE: ${bins} equal-mass bins. OOD AUROC: test (in) vs the OOD split, scored by predictive entropy (H) or mutual information (MI, sampled methods only).`;

export interface ReportOptions {
  /** Overrides of the declared statistics (report_stats.ts), e.g. fewer replicates in a quick check. */
  stats?: Partial<ReportStats>;
  /** The prose template (docs/results_reading.md) and its file name, rendered from the report's tables. */
  reading?: { template: string; file: string };
}

/** docs/results.md: the title, `intro` (how the rows were made), the table, the paired differences, the posterior, the reading. */
export function resultsReport(intro: readonly string[], parts: readonly RunPart[], opts: ReportOptions = {}): string {
  const rows = parts.flatMap((p) => p.rows);
  const bins = parts.find((p) => p.grid?.bins?.length)?.grid?.bins?.[0] ?? 15;
  const tests = Object.assign({}, ...parts.map((p) => p.tests ?? {})) as Record<string, TestSplit>;
  const stats = { ...REPORT_STATS, ...opts.stats };
  const cells = aggregate(rows);
  const paired = pairedSection(rows, tests, stats, bins);
  const reading = opts.reading ? renderReading(opts.reading.template, { paired: paired.facts, cells, rows, tests }, opts.reading.file) : undefined;
  return [
    '# Results: B-LoRA-XS against its baselines',
    '',
    ...intro,
    cellsNote(bins),
    '',
    markdownTable(cells),
    '',
    ...paired.lines,
    ...posteriorSection(rows),
    ...selectionSection(rows),
    ...(reading === undefined ? [] : [reading]),
  ].join('\n');
}

const rowKey = (r: ResultRow) => `${r.dataset} | ${r.method} | r=${r.r} | K=${r.K ?? '-'}${r.c !== undefined ? ` | c=${r.c}` : ''} | seed=${r.seed}`;

/** One line per merged file; a run that was stopped midway says so instead of claiming a duration. */
export function describePart(p: RunPart, file: string): string {
  const seeds = [...new Set(p.rows.map((r) => r.seed))].sort((a, b) => a - b).join(', ');
  const cmd = p.command ? `\`npm run build:cli && ${p.command}\`` : `\`${file}\``;
  if (p.stoppedAfter || p.partial || p.minutes === undefined) {
    return `${cmd} — stopped early${p.stoppedAfter ? ` after ${p.stoppedAfter}` : ''}; ${p.rows.length} rows kept (seeds ${seeds}).`;
  }
  return `${cmd} — ${p.minutes.toFixed(0)} minutes on ${p.machine}. ${p.settings ?? ''}`;
}

/** The same measurement: every metric and every per-example test probability equal (a deterministic trajectory rerun). */
function sameMeasurement(a: ResultRow, b: ResultRow): boolean {
  const probs = (r: ResultRow) => r.testProbs ?? [];
  return (
    a.accuracy === b.accuracy &&
    a.ece === b.ece &&
    a.nll === b.nll &&
    a.brier === b.brier &&
    probs(a).length > 0 &&
    probs(a).length === probs(b).length &&
    probs(a).every((x, i) => x === probs(b)[i])
  );
}

/**
 * A run stopped midway (partial) ends inside a seed: that seed has only some of the cells the run's
 * other seeds have. Its rows are dropped, so every cell of the run pools the same seeds.
 */
export function completeSeeds(p: RunPart): { part: RunPart; dropped: { seed: number; rows: number }[] } {
  if (!p.partial) return { part: p, dropped: [] };
  const cell = (r: ResultRow) => `${r.dataset}|${r.method}|${r.r}|${r.K}|${r.c}`;
  const bySeed = new Map<number, Set<string>>();
  for (const r of p.rows) bySeed.set(r.seed, (bySeed.get(r.seed) ?? new Set()).add(cell(r)));
  const full = Math.max(0, ...[...bySeed.values()].map((c) => c.size));
  const short = new Set([...bySeed].filter(([, c]) => c.size < full).map(([seed]) => seed));
  const dropped = [...short].sort((a, b) => a - b).map((seed) => ({ seed, rows: bySeed.get(seed)!.size }));
  return { part: { ...p, rows: p.rows.filter((r) => !short.has(r.seed)) }, dropped };
}

export function mergeReport(allParts: readonly RunPart[], files: readonly string[], opts: ReportOptions = {}): string {
  const completed = allParts.map(completeSeeds);
  const parts = completed.map((c) => c.part);
  const seen = new Map<string, { file: string; row: ResultRow }>();
  let repeats = 0;
  // A row measured again by a later run (the same seeded trajectory, rerun to add methods) is kept
  // once if it reproduced exactly; any difference is two measurements of one cell, refused.
  const kept = parts.map((p, i) => ({
    ...p,
    rows: p.rows.filter((row) => {
      const key = rowKey(row);
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, { file: files[i]!, row });
        return true;
      }
      if (!sameMeasurement(first.row, row)) throw new Error(`${files[i]} and ${first.file} both hold the row ${key}: merge each measurement once`);
      repeats++;
      return false;
    }),
  }));
  return resultsReport(
    [
      `Merged from ${files.length} runs made in parallel (\`node bin/blora.mjs experiment --merge ${files.join(' --merge ')}${opts.reading ? ` --reading ${opts.reading.file}` : ''}\`):`,
      '',
      ...parts.map((p, i) => {
        const d = completed[i]!.dropped;
        const note = d.length ? ` The rows of seed ${d.map((x) => `${x.seed} (${x.rows})`).join(', ')}, cut short when the run was stopped, are left out.` : '';
        return `- ${describePart(p, files[i]!)}${note}`;
      }),
      '',
      ...(repeats
        ? [
            `${repeats} rows were measured again by a later run with identical metrics and test probabilities (the same seeded trajectory); each is counted once.`,
            '',
          ]
        : []),
    ],
    kept,
    opts,
  );
}
