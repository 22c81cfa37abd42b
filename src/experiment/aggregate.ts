// Aggregation of per-seed results into median ± std rows, and the Markdown table of docs/results.md.
import type { PosteriorStats } from '../bayes/posterior_stats';

export interface ResultRow {
  dataset: string;
  method: string;
  r: number;
  K?: number;
  /** SWAG sampling scale (0: the SWA mean). */
  c?: number;
  seed: number;
  accuracy: number;
  ece: number;
  nll: number;
  brier: number;
  /** ECE with equal-mass bins, and MCE (rows made before they were recorded lack them). */
  ace?: number;
  mce?: number;
  /** ECE for each reported bin count (the first is `ece`). */
  eceByBins?: Record<string, number>;
  aurocEntropy?: number;
  aurocMI?: number;
  trainableParams: number;
  storedParams: number;
  seconds: number;
  /** The test split's predictive probabilities, N × C row-major (6 decimals): every metric can be recomputed from them. */
  testProbs?: number[];
  /** Per-example mutual information of sampled predictives. */
  testMI?: number[];
  /** SWAG rows: the posterior of the trajectory at this K, shown directly. */
  posterior?: PosteriorStats;
  /** Set on the rows of a cell trained again after its backend was lost (which backend, and why). */
  note?: string;
  /** Rows selected by validation accuracy: the chosen collection (1-based) and each collection's accuracy. */
  selected?: { collection: number; valAccuracies: number[] };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Sample standard deviation (n − 1), 0 for a single value. */
export function std(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const m = xs.reduce((a, b) => a + b, 0) / n;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
}

export interface AggregateRow {
  dataset: string;
  method: string;
  r: number;
  K?: number;
  c?: number;
  seeds: number;
  trainableParams: number;
  storedParams: number;
  metrics: Record<(typeof METRICS)[number], { median: number; std: number } | undefined>;
}

const METRICS = ['accuracy', 'ece', 'ace', 'nll', 'brier', 'aurocEntropy', 'aurocMI'] as const;

/** The cell a row belongs to: data set, method, rank, K and c. */
export const cellKey = (r: Pick<ResultRow, 'dataset' | 'method' | 'r' | 'K' | 'c'>) => `${r.dataset}|${r.method}|${r.r}|${r.K ?? ''}|${r.c ?? ''}`;

export function aggregate(rows: readonly ResultRow[]): AggregateRow[] {
  const groups = new Map<string, ResultRow[]>();
  for (const r of rows) {
    const key = cellKey(r);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const metrics = {} as AggregateRow['metrics'];
    for (const k of METRICS) {
      const vals = g.map((x) => x[k]).filter((v): v is number => v !== undefined && Number.isFinite(v));
      metrics[k] = vals.length ? { median: median(vals), std: std(vals) } : undefined;
    }
    return {
      dataset: g[0].dataset,
      method: g[0].method,
      r: g[0].r,
      K: g[0].K,
      c: g[0].c,
      seeds: g.length,
      trainableParams: g[0].trainableParams,
      storedParams: g[0].storedParams,
      metrics,
    };
  });
}

function cell(v: { median: number; std: number } | undefined, digits = 3): string {
  return v ? `${v.median.toFixed(digits)} ± ${v.std.toFixed(digits)}` : '—';
}

export function markdownTable(rows: readonly AggregateRow[]): string {
  const head = '| data set | method | r | K | c | seeds | trainable | stored | ACC | ECE | ACE | NLL | Brier | OOD AUROC (H) | OOD AUROC (MI) |';
  const sep = '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|';
  const lines = rows.map(
    (a) =>
      `| ${a.dataset} | ${a.method} | ${a.r} | ${a.K ?? '—'} | ${a.c ?? '—'} | ${a.seeds} | ${a.trainableParams.toLocaleString('en-US')} | ${a.storedParams.toLocaleString('en-US')} | ${cell(a.metrics.accuracy)} | ${cell(a.metrics.ece)} | ${cell(a.metrics.ace)} | ${cell(a.metrics.nll)} | ${cell(a.metrics.brier)} | ${cell(a.metrics.aurocEntropy)} | ${cell(a.metrics.aurocMI)} |`,
  );
  return [head, sep, ...lines].join('\n');
}
