// Aggregation of per-seed results into median ± std rows, and the Markdown table of docs/results.md.

export interface ResultRow {
  dataset: string;
  method: string;
  r: number;
  K?: number;
  seed: number;
  accuracy: number;
  ece: number;
  nll: number;
  brier: number;
  aurocEntropy?: number;
  aurocMI?: number;
  trainableParams: number;
  storedParams: number;
  seconds: number;
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
  seeds: number;
  trainableParams: number;
  storedParams: number;
  metrics: Record<'accuracy' | 'ece' | 'nll' | 'brier' | 'aurocEntropy' | 'aurocMI', { median: number; std: number } | undefined>;
}

const METRICS = ['accuracy', 'ece', 'nll', 'brier', 'aurocEntropy', 'aurocMI'] as const;

export function aggregate(rows: readonly ResultRow[]): AggregateRow[] {
  const groups = new Map<string, ResultRow[]>();
  for (const r of rows) {
    const key = `${r.dataset}|${r.method}|${r.r}|${r.K ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const metrics = {} as AggregateRow['metrics'];
    for (const k of METRICS) {
      const vals = g.map((x) => x[k]).filter((v): v is number => v !== undefined && Number.isFinite(v));
      metrics[k] = vals.length ? { median: median(vals), std: std(vals) } : undefined;
    }
    return { dataset: g[0].dataset, method: g[0].method, r: g[0].r, K: g[0].K, seeds: g.length, trainableParams: g[0].trainableParams, storedParams: g[0].storedParams, metrics };
  });
}

function cell(v: { median: number; std: number } | undefined, digits = 3): string {
  return v ? `${v.median.toFixed(digits)} ± ${v.std.toFixed(digits)}` : '—';
}

export function markdownTable(rows: readonly AggregateRow[]): string {
  const head = '| data set | method | r | K | seeds | trainable | stored | ACC | ECE | NLL | Brier | OOD AUROC (H) | OOD AUROC (MI) |';
  const sep = '|---|---|---|---|---|---|---|---|---|---|---|---|---|';
  const lines = rows.map((a) => `| ${a.dataset} | ${a.method} | ${a.r} | ${a.K ?? '—'} | ${a.seeds} | ${a.trainableParams.toLocaleString('en-US')} | ${a.storedParams.toLocaleString('en-US')} | ${cell(a.metrics.accuracy)} | ${cell(a.metrics.ece)} | ${cell(a.metrics.nll)} | ${cell(a.metrics.brier)} | ${cell(a.metrics.aurocEntropy)} | ${cell(a.metrics.aurocMI)} |`);
  return [head, sep, ...lines].join('\n');
}
