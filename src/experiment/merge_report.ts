// Merging the JSON of grid runs made in parallel (one process per rank, data set or seed range) into
// one report (and the report layout both share). Rows measured twice would silently shift the
// medians, so a duplicate is refused.
import { aggregate, markdownTable, type ResultRow } from './aggregate';

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
}

const CELLS_NOTE = 'Cells are median ± sample std over seeds. ECE: 15 equal-width bins, top-label. OOD AUROC: test (in) vs the OOD split, scored by predictive entropy (H) or mutual information (MI, sampled methods only).';

/** docs/results.md: the title, `intro` (how the rows were made), what a cell means, the table. */
export function resultsReport(intro: readonly string[], rows: readonly ResultRow[]): string {
  return ['# Results: B-LoRA-XS against its baselines', '', ...intro, CELLS_NOTE, '', markdownTable(aggregate(rows)), ''].join('\n');
}

const rowKey = (r: ResultRow) => `${r.dataset} | ${r.method} | r=${r.r} | K=${r.K ?? '-'} | seed=${r.seed}`;

/** One line per merged file; a run that was stopped midway says so instead of claiming a duration. */
export function describePart(p: RunPart, file: string): string {
  const seeds = [...new Set(p.rows.map((r) => r.seed))].sort((a, b) => a - b).join(', ');
  const cmd = p.command ? `\`npm run build:cli && ${p.command}\`` : `\`${file}\``;
  if (p.stoppedAfter || p.partial || p.minutes === undefined) {
    return `${cmd} — stopped early${p.stoppedAfter ? ` after ${p.stoppedAfter}` : ''}; ${p.rows.length} rows kept (seeds ${seeds}).`;
  }
  return `${cmd} — ${p.minutes.toFixed(0)} minutes on ${p.machine}. ${p.settings ?? ''}`;
}

export function mergeReport(parts: readonly RunPart[], files: readonly string[]): string {
  const seen = new Map<string, string>();
  parts.forEach((p, i) => {
    for (const row of p.rows) {
      const key = rowKey(row);
      const first = seen.get(key);
      if (first !== undefined) throw new Error(`${files[i]} and ${first} both hold the row ${key}: merge each measurement once`);
      seen.set(key, files[i]!);
    }
  });
  return resultsReport([
    `Merged from ${files.length} runs made in parallel (\`node bin/blora.mjs experiment --merge ${files.join(' --merge ')}\`):`,
    '',
    ...parts.map((p, i) => `- ${describePart(p, files[i]!)}`),
    '',
  ], parts.flatMap((p) => p.rows));
}
