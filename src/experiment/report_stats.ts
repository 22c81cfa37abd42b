// The statistics of docs/results.md, declared before any result is read (issue 25): the level,
// the bootstrap, the equivalence margins and the families Holm's correction runs over. Changing
// any of them changes every verdict of the report, so they live here, once, and the report prints them.
import type { PairedMetric } from './crossed';

export interface ReportStats {
  /** Two-sided level of the difference intervals; α = 1 − level for Holm and TOST. */
  level: number;
  replicates: number;
  bootstrapSeed: number;
  /** A difference smaller than the margin is negligible: "matches" needs TOST to show |Δ| < margin. */
  margins: Record<PairedMetric, number>;
}

export const REPORT_STATS: ReportStats = {
  level: 0.95,
  replicates: 2000,
  bootstrapSeed: 20261201,
  margins: { accuracy: 0.01, nll: 0.01, ece: 0.01, ace: 0.01, brier: 0.01 },
};

/**
 * Each table of paired differences is one family: every row × every metric (ACC, NLL, ECE, ACE,
 * Brier) of that table, over all its data sets, ranks and training sizes. The titles are the tables'.
 */
export const FAMILIES = {
  baseline: 'Every method against LoRA-XS',
  swagLora: 'B-LoRA-XS against SWAG-LoRA',
  smallK: 'K = 2 against the largest K',
  selection: 'Selected by validation accuracy against the final posterior',
} as const;
