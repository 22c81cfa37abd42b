// The sections of docs/results.md after the main table: paired differences with the crossed
// bootstrap and t intervals, Holm over each table and TOST (crossed.ts, holm.ts, report_stats.ts),
// and the SWAG posteriors shown directly.
import { cellKey, median, type ResultRow } from './aggregate';
import { CrossedCache, crossedComparison, PAIRED_METRICS, type PairedDelta, type PairedMetric } from './crossed';
import { familyVerdicts, type FamilyVerdict } from './holm';
import type { TestSplit } from './merge_report';
import { FAMILIES, type ReportStats } from './report_stats';
import { SELECTED_SUFFIX } from './val_selection';

/** The baseline every other method is compared with: the LoRA-XS last iterate of the same trajectory. */
export const BASELINE_METHOD = 'LoRA-XS';

export const METRIC_LABEL: Record<PairedMetric, string> = { accuracy: 'ACC', nll: 'NLL', ece: 'ECE', ace: 'ACE', brier: 'Brier' };
export const fmtSigned = (x: number) => (x >= 0 ? '+' : '−') + Math.abs(x).toFixed(3);
export const fmtInterval = (i: { lo: number; hi: number }) => `[${fmtSigned(i.lo)}, ${fmtSigned(i.hi)}]`;
const MARK: Record<FamilyVerdict['verdict'], string> = {
  better: ' **better**',
  worse: ' **worse**',
  'better before Holm': ' (better before Holm)',
  'worse before Holm': ' (worse before Holm)',
  matches: ' **matches**',
  unresolved: '',
};
const deltaCell = (d: PairedDelta, v: FamilyVerdict) => `${fmtSigned(d.delta)} ${fmtInterval(d.boot)} t${fmtInterval(d.t)}${MARK[v.verdict]}`;

function cells(rows: readonly ResultRow[]): Map<string, ResultRow[]> {
  const m = new Map<string, ResultRow[]>();
  for (const r of rows) m.set(cellKey(r), [...(m.get(cellKey(r)) ?? []), r]);
  return m;
}

/** One row of a paired table, with its per-metric results and (once the family is known) verdicts. */
export interface PairedRowFacts {
  family: string;
  dataset: string;
  label: string;
  r: number;
  seeds: number;
  n: number;
  reason?: string;
  deltas: Record<PairedMetric, PairedDelta>;
  verdicts: Record<PairedMetric, FamilyVerdict>;
}

export interface FamilyCounts {
  family: string;
  tests: number;
  resolved: number;
  holm: number;
  matches: number;
}

export interface PairedFacts {
  rows: PairedRowFacts[];
  families: FamilyCounts[];
}

/** A's cell against B's cell over their common seeds (verdicts filled in per family). */
function pairedRow(
  family: string,
  a: ResultRow[],
  b: ResultRow[],
  tests: Record<string, TestSplit>,
  stats: ReportStats,
  nBins: number,
  cache: Map<string, CrossedCache>,
  label: string,
): PairedRowFacts {
  const t = tests[a[0].dataset];
  const shared = cache.get(a[0].dataset) ?? new CrossedCache();
  cache.set(a[0].dataset, shared);
  const res = crossedComparison(
    a.map((x) => ({ seed: x.seed, probs: x.testProbs! })),
    b.map((x) => ({ seed: x.seed, probs: x.testProbs! })),
    t.labels,
    t.nClasses,
    { nBins, replicates: stats.replicates, seed: stats.bootstrapSeed, level: stats.level, margins: stats.margins },
    shared,
    { a: cellKey(a[0]), b: cellKey(b[0]) },
  );
  return {
    family,
    dataset: a[0].dataset,
    label,
    r: a[0].r,
    seeds: res.seeds.length,
    n: res.n,
    reason: res.reason,
    deltas: Object.fromEntries(res.deltas.map((x) => [x.metric, x])) as Record<PairedMetric, PairedDelta>,
    verdicts: {} as Record<PairedMetric, FamilyVerdict>,
  };
}

/** Holm over one family (every row × metric of one table); fills each row's verdicts and returns the counts. */
function settleFamily(family: string, rows: PairedRowFacts[], alpha: number): FamilyCounts {
  const flat = rows.flatMap((r) => PAIRED_METRICS.map((m) => ({ r, m })));
  const vs = familyVerdicts(
    flat.map(({ r, m }) => r.deltas[m]),
    alpha,
  );
  flat.forEach(({ r, m }, i) => {
    r.verdicts[m] = vs[i];
  });
  return {
    family,
    tests: flat.length,
    resolved: flat.filter(({ r, m }) => r.deltas[m].resolved).length,
    holm: vs.filter((v) => v.verdict === 'better' || v.verdict === 'worse').length,
    matches: vs.filter((v) => v.verdict === 'matches').length,
  };
}

const HEAD = ['| data set | comparison | r | seeds | n | ΔACC | ΔNLL | ΔECE | ΔACE | ΔBrier |', '|---|---|---|---|---|---|---|---|---|---|'];
const cellName = (r: ResultRow) => `${r.method}${r.K !== undefined ? ` K=${r.K}` : ''}${r.c !== undefined ? ` c=${r.c}` : ''}`;
const rowLine = (p: PairedRowFacts) =>
  `| ${p.dataset} | ${p.label} | ${p.r} | ${p.seeds} | ${p.n}${p.reason ? ` (unresolved: ${p.reason})` : ''} | ${PAIRED_METRICS.map((m) => deltaCell(p.deltas[m], p.verdicts[m])).join(' | ')} |`;
const countsLine = (c: FamilyCounts) =>
  `Family of ${c.tests} comparisons (this table): ${c.resolved} with both intervals excluding 0, ${c.holm} of them kept by Holm; ${c.matches} equivalent within the margins.`;

/** The statistics paragraph: what each interval is, the family, the margins, the verdict words. */
function methodsParagraph(stats: ReportStats, nBins: number): string {
  const pct = Math.round(stats.level * 100);
  const alpha = +(1 - stats.level).toFixed(4);
  const margins = PAIRED_METRICS.map((m) => `Δ${METRIC_LABEL[m]} ${stats.margins[m]}`).join(', ');
  return (
    `Each cell is Δ = A − B, the mean over seeds of the per-seed difference on the same test examples, then two ${pct} % intervals. ` +
    `The first is a crossed bootstrap (${stats.replicates} replicates): each replicate redraws the seeds with replacement and, once, the test examples, ` +
    'the same examples for every seed and both methods, since all seeds are scored on one test set. It is the basic (pivotal) interval ' +
    '[2Δ − q(1 − α/2), 2Δ − q(α/2)], not the percentile one: a resample with duplicated examples has a higher ECE and ACE than the test set, ' +
    "more so for the better-calibrated arm, so the replicates' centre sits at Δ + b for some shift b. The percentile interval would be centred near Δ + b, " +
    "adding the shift; the basic interval is centred near Δ − b, the bootstrap's bias-corrected estimate (the test set's own Δ carries the same shift against the population). " +
    '(BCa would need an acceleration from a jackknife, which has no single definition over seeds × examples.) ' +
    `The second, t[…], is the t(n − 1) interval over the per-seed differences (the test set held fixed). ` +
    `A difference is resolved only when both intervals exclude 0. Each table is one family (all its rows × the five metrics); ` +
    `Holm's step-down correction at α = ${alpha} runs over it on the t test's p-values (a few thousand bootstrap replicates cannot resolve Holm's first thresholds). ` +
    `**better** / **worse**: resolved and kept by Holm; "(better before Holm)": both intervals exclude 0 but Holm does not keep it, which is not a finding. ` +
    `**matches**: an equivalence test (TOST: both ${100 - 2 * Math.round((1 - stats.level) * 100)} % intervals inside ±margin, Holm over the same family) with margins declared in ` +
    `src/experiment/report_stats.ts before these statistics were computed: ${margins}. Everything else is unresolved. ` +
    `Higher is better for ACC, lower for the rest. ECE and ACE use ${nBins} bins.`
  );
}

export function pairedSection(
  rows: readonly ResultRow[],
  tests: Record<string, TestSplit>,
  stats: ReportStats,
  nBins: number,
): { lines: string[]; facts: PairedFacts } {
  const withProbs = rows.filter((r) => r.testProbs && tests[r.dataset]);
  if (!withProbs.length)
    return {
      lines: ['## Paired differences', '', 'These rows carry no per-example test probabilities, so no paired differences can be computed.', ''],
      facts: { rows: [], families: [] },
    };
  const groups = [...cells(withProbs).values()];
  const cache = new Map<string, CrossedCache>();
  const find = (dataset: string, method: string, r: number, K?: number, c?: number) =>
    groups.find((g) => g[0].dataset === dataset && g[0].method === method && g[0].r === r && g[0].K === K && g[0].c === c);
  const row = (family: string, a: ResultRow[], b: ResultRow[], label: string) => pairedRow(family, a, b, tests, stats, nBins, cache, label);
  const tables: { family: string; note?: string; rows: PairedRowFacts[] }[] = [];
  const vsBase: PairedRowFacts[] = [];
  for (const g of groups) {
    const a = g[0];
    if (a.method === BASELINE_METHOD) continue;
    const base = find(a.dataset, BASELINE_METHOD, a.r);
    if (base) vsBase.push(row(FAMILIES.baseline, g, base, `${cellName(a)} − ${BASELINE_METHOD}`));
  }
  tables.push({
    family: FAMILIES.baseline,
    note: `B is ${BASELINE_METHOD}: the last iterate of the same LoRA-XS trajectory, so both saw the same learning-rate budget.`,
    rows: vsBase,
  });
  // The paper's other two comparisons: B-LoRA-XS against SWAG-LoRA at the same K and c (calibration
  // with far fewer stored numbers), and K = 2 against the largest K within each SWAG method.
  const swag = groups.filter((g) => g[0].K !== undefined && g[0].c !== undefined);
  const vsSwagLora: PairedRowFacts[] = [];
  for (const g of swag.filter((x) => x[0].method === 'B-LoRA-XS')) {
    const a = g[0];
    for (const other of swag.filter(
      (x) => x[0].method.startsWith('SWAG-LoRA') && x[0].dataset === a.dataset && x[0].r === a.r && x[0].K === a.K && x[0].c === a.c,
    ))
      vsSwagLora.push(row(FAMILIES.swagLora, g, other, `${cellName(a)} − ${other[0].method}`));
  }
  tables.push({ family: FAMILIES.swagLora, rows: vsSwagLora });
  const smallK: PairedRowFacts[] = [];
  for (const g of swag.filter((x) => x[0].K === 2)) {
    const a = g[0];
    const Ks = swag.filter((x) => x[0].method === a.method && x[0].dataset === a.dataset && x[0].r === a.r && x[0].c === a.c).map((x) => x[0].K!);
    const top = Math.max(...Ks);
    if (top <= 2) continue;
    const big = find(a.dataset, a.method, a.r, top, a.c);
    if (big) smallK.push(row(FAMILIES.smallK, g, big, `${cellName(a)} − K=${top}`));
  }
  tables.push({ family: FAMILIES.smallK, rows: smallK });
  // The reference's model selection against the final posterior of the same trajectory, K and c.
  const selected: PairedRowFacts[] = [];
  for (const g of swag.filter((x) => x[0].method.endsWith(SELECTED_SUFFIX))) {
    const a = g[0];
    const final = find(a.dataset, a.method.slice(0, -SELECTED_SUFFIX.length), a.r, a.K, a.c);
    if (final) selected.push(row(FAMILIES.selection, g, final, `${cellName(a)} − final`));
  }
  tables.push({ family: FAMILIES.selection, rows: selected });
  const lines = ['## Paired differences', '', methodsParagraph(stats, nBins), ''];
  // Say which cells the statistics could not use rather than leave them out silently.
  const lacking = [...cells(rows.filter((r) => !(r.testProbs && tests[r.dataset]))).values()];
  if (lacking.length)
    lines.push(
      `Without per-example test probabilities or test labels in their JSON, so in no paired table: ${lacking.map((g) => `${g[0].dataset} ${cellName(g[0])} (r = ${g[0].r})`).join('; ')}.`,
      '',
    );
  const families: FamilyCounts[] = [];
  for (const t of tables) {
    if (!t.rows.length) continue;
    const counts = settleFamily(t.family, t.rows, 1 - stats.level);
    families.push(counts);
    lines.push(`### ${t.family}`, '', ...(t.note ? [t.note, ''] : []), countsLine(counts), '', ...HEAD, ...t.rows.map(rowLine), '');
  }
  return { lines, facts: { rows: tables.flatMap((t) => t.rows), families } };
}

/** Which collection the validation split chose, per selected cell (1 = the first SWAG-phase collection). */
export function selectionSection(rows: readonly ResultRow[]): string[] {
  const groups = [...cells(rows.filter((r) => r.selected)).values()];
  if (!groups.length) return [];
  const lines = [
    '## Model selection over collections',
    '',
    'The reference keeps the posterior whose sampled validation accuracy is highest over the collections (the first on ties). Per cell: the chosen collection of each seed, and the validation accuracy of the chosen and of the final posterior (median over seeds).',
    '',
    '| data set | method | r | K | c | seeds | collections | chosen (per seed) | val acc chosen | val acc final |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const g of groups) {
    const a = g[0];
    const chosen = g.map((x) => x.selected!.collection);
    const at = (pick: (accs: number[], x: ResultRow) => number) => median(g.map((x) => pick(x.selected!.valAccuracies, x))).toFixed(3);
    lines.push(
      `| ${a.dataset} | ${a.method} | ${a.r} | ${a.K} | ${a.c} | ${g.length} | ${median(g.map((x) => x.selected!.valAccuracies.length))} | ${chosen.join(', ')} | ${at((v, x) => v[x.selected!.collection - 1])} | ${at((v) => v[v.length - 1])} |`,
    );
  }
  return [...lines, ''];
}

/** Median of the ratios a run measured ('—' where this run's grid had no such c). */
function ratioCell(xs: (number | undefined)[]): string {
  const have = xs.filter((x): x is number => x !== undefined && Number.isFinite(x));
  return have.length ? median(have).toFixed(2) : '—';
}

export function posteriorSection(rows: readonly ResultRow[]): string[] {
  const seen = new Map<string, ResultRow[]>();
  for (const r of rows) {
    if (!r.posterior) continue;
    const key = `${r.dataset}|${r.method}|${r.r}|${r.K}`;
    // One entry per (trajectory, K): the posterior is the same for every c.
    const list = seen.get(key) ?? [];
    if (!list.some((x) => x.seed === r.seed)) list.push(r);
    seen.set(key, list);
  }
  if (!seen.size) return [];
  const cs = [...new Set(rows.flatMap((r) => Object.keys(r.posterior?.driftOverSpread ?? {})))].sort((x, y) => Number(x) - Number(y));
  const med = (xs: number[], d = 3) => (xs.length ? median(xs).toExponential(d - 1) : '—');
  const lines = [
    '## The SWAG posteriors',
    '',
    'Per trajectory and K (median over seeds): the largest eigenvalue and the effective rank (exp of the spectral entropy) of the low-rank part DᵀD/(K − 1), ' +
      'the trace of the diagonal part, and ‖θ_last − μ‖ divided by the posterior spread √(c · trace Σ). A ratio above 1 means the SWA mean trails the last iterate by more than ' +
      'a typical posterior deviation: the collected "posterior" then mostly records drift along the trajectory.',
    '',
    `| data set | method | r | K | seeds | collected | λ₁ (low rank) | effective rank | trace diag | ‖θ_last − μ‖ | ${cs.map((c) => `drift / spread (c = ${c})`).join(' | ')} |`,
    `|---|---|---|---|---|---|---|---|---|---|${cs.map(() => '---|').join('')}`,
  ];
  for (const g of seen.values()) {
    const a = g[0],
      ps = g.map((x) => x.posterior!);
    lines.push(
      `| ${a.dataset} | ${a.method} | ${a.r} | ${a.K} | ${g.length} | ${median(ps.map((p) => p.collected))} | ${med(ps.map((p) => p.lowRankEigenvalues[0] ?? 0))} | ${median(ps.map((p) => p.effectiveRank)).toFixed(2)} | ${med(ps.map((p) => p.diagonalTrace))} | ${med(ps.map((p) => p.driftNorm))} | ${cs.map((c) => ratioCell(ps.map((p) => p.driftOverSpread[c]))).join(' | ')} |`,
    );
  }
  return [...lines, ''];
}
