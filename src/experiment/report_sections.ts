// The sections of docs/results.md after the main table: every method against LoRA-XS as paired
// differences with 95 % intervals (paired.ts), and the SWAG posteriors shown directly.
import { cellKey, median, type ResultRow } from './aggregate';
import { pairedComparison, type PairedDelta } from './paired';
import type { TestSplit } from './merge_report';
import { SELECTED_SUFFIX } from './val_selection';

/** The baseline every other method is compared with: the LoRA-XS last iterate of the same trajectory. */
export const BASELINE_METHOD = 'LoRA-XS';
const BOOTSTRAP_SEED = 20261201;

const fmt = (x: number) => (x >= 0 ? '+' : '−') + Math.abs(x).toFixed(3);
const deltaCell = (d: PairedDelta) =>
  `${fmt(d.delta)} [${fmt(d.lo)}, ${fmt(d.hi)}]${d.verdict === 'unresolved' ? '' : d.verdict === 'A better' ? ' **better**' : ' **worse**'}`;

function cells(rows: readonly ResultRow[]): Map<string, ResultRow[]> {
  const m = new Map<string, ResultRow[]>();
  for (const r of rows) m.set(cellKey(r), [...(m.get(cellKey(r)) ?? []), r]);
  return m;
}

interface PairOpts {
  nBins: number;
  replicates: number;
}

/** One paired row: A's cell against B's cell over their common seeds. */
function pairedRow(a: ResultRow[], b: ResultRow[], tests: Record<string, TestSplit>, opts: PairOpts, label: string): string {
  const t = tests[a[0].dataset];
  const res = pairedComparison(
    a.map((x) => ({ seed: x.seed, probs: x.testProbs! })),
    b.map((x) => ({ seed: x.seed, probs: x.testProbs! })),
    t.labels,
    t.nClasses,
    { nBins: opts.nBins, replicates: opts.replicates, seed: BOOTSTRAP_SEED },
  );
  const d = Object.fromEntries(res.deltas.map((x) => [x.metric, x])) as Record<PairedDelta['metric'], PairedDelta>;
  const why = res.reason ? ` (unresolved: ${res.reason})` : '';
  return `| ${a[0].dataset} | ${label} | ${a[0].r} | ${res.seeds.length} | ${res.n}${why} | ${deltaCell(d.nll)} | ${deltaCell(d.ece)} | ${deltaCell(d.ace)} | ${deltaCell(d.brier)} |`;
}

const HEAD = ['| data set | comparison | r | seeds | n | ΔNLL | ΔECE | ΔACE | ΔBrier |', '|---|---|---|---|---|---|---|---|---|'];
const cellName = (r: ResultRow) => `${r.method}${r.K !== undefined ? ` K=${r.K}` : ''}${r.c !== undefined ? ` c=${r.c}` : ''}`;

export function pairedSection(rows: readonly ResultRow[], tests: Record<string, TestSplit>, opts: PairOpts): string[] {
  const withProbs = rows.filter((r) => r.testProbs && tests[r.dataset]);
  if (!withProbs.length)
    return ['## Paired differences', '', 'These rows carry no per-example test probabilities, so no paired differences can be computed.', ''];
  const groups = [...cells(withProbs).values()];
  const find = (dataset: string, method: string, r: number, K?: number, c?: number) =>
    groups.find((g) => g[0].dataset === dataset && g[0].method === method && g[0].r === r && g[0].K === K && g[0].c === c);
  const lines = [
    '## Paired differences',
    '',
    'Each cell is Δ = A − B, the mean over seeds of the per-seed difference on the same test examples, with a 95 % interval from a two-level bootstrap ' +
      `(${opts.replicates} replicates: seeds, then test examples within each seed, paired). Lower is better for all four; **better** / **worse** mark intervals ` +
      `that exclude 0 (A better or worse than B), everything else is unresolved. ECE and ACE use ${opts.nBins} bins.`,
    '',
    `### Every method against ${BASELINE_METHOD}`,
    '',
    `B is ${BASELINE_METHOD}: the last iterate of the same LoRA-XS trajectory, so both saw the same learning-rate budget.`,
    '',
    ...HEAD,
  ];
  for (const g of groups) {
    const a = g[0];
    if (a.method === BASELINE_METHOD) continue;
    const base = find(a.dataset, BASELINE_METHOD, a.r);
    if (base) lines.push(pairedRow(g, base, tests, opts, `${cellName(a)} − ${BASELINE_METHOD}`));
  }
  // The paper's other two comparisons: B-LoRA-XS against SWAG-LoRA at the same K and c (calibration
  // with far fewer stored numbers), and K = 2 against the largest K within each SWAG method.
  const swag = groups.filter((g) => g[0].K !== undefined && g[0].c !== undefined);
  const vsSwagLora: string[] = [];
  for (const g of swag.filter((x) => x[0].method === 'B-LoRA-XS')) {
    const a = g[0];
    for (const other of swag.filter(
      (x) => x[0].method.startsWith('SWAG-LoRA') && x[0].dataset === a.dataset && x[0].r === a.r && x[0].K === a.K && x[0].c === a.c,
    ))
      vsSwagLora.push(pairedRow(g, other, tests, opts, `${cellName(a)} − ${other[0].method}`));
  }
  if (vsSwagLora.length) lines.push('', '### B-LoRA-XS against SWAG-LoRA', '', ...HEAD, ...vsSwagLora);
  const smallK: string[] = [];
  for (const g of swag.filter((x) => x[0].K === 2)) {
    const a = g[0];
    const Ks = swag.filter((x) => x[0].method === a.method && x[0].dataset === a.dataset && x[0].r === a.r && x[0].c === a.c).map((x) => x[0].K!);
    const top = Math.max(...Ks);
    if (top <= 2) continue;
    const big = find(a.dataset, a.method, a.r, top, a.c);
    if (big) smallK.push(pairedRow(g, big, tests, opts, `${cellName(a)} − K=${top}`));
  }
  if (smallK.length) lines.push('', '### K = 2 against the largest K', '', ...HEAD, ...smallK);
  // The reference's model selection against the final posterior of the same trajectory, K and c.
  const selected: string[] = [];
  for (const g of swag.filter((x) => x[0].method.endsWith(SELECTED_SUFFIX))) {
    const a = g[0];
    const final = find(a.dataset, a.method.slice(0, -SELECTED_SUFFIX.length), a.r, a.K, a.c);
    if (final) selected.push(pairedRow(g, final, tests, opts, `${cellName(a)} − final`));
  }
  if (selected.length) lines.push('', '### Selected by validation accuracy against the final posterior', '', ...HEAD, ...selected);
  return [...lines, ''];
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
