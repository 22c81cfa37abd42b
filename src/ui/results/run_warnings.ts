// Warnings a finished run deserves before anyone reads its numbers (issue 13): a classifier that
// predicts one class has learned nothing (MCC 0, accuracy = that class's share); a Bayesian run
// whose samples agree everywhere is a point estimate in disguise.
import type { MetricsSummary } from '../../metrics';

/** Mean mutual information (nats) below which the posterior samples do not disagree anywhere that matters. */
export const MI_FLOOR = 1e-4;

export function runWarnings(m: { averaged: MetricsSummary; meanModel: MetricsSummary | null }, sampled: boolean): string[] {
  const out: string[] = [];
  const a = m.averaged;
  // MCC is exactly 0 when every example gets the same prediction (its denominator vanishes).
  if (a.mcc === 0) {
    out.push(`predicts a single class on the test split (MCC 0, accuracy ${a.accuracy.toFixed(3)} is that class's share): it has not learned the task`);
  }
  if (sampled && a.meanMutualInfo !== undefined && a.meanMutualInfo < MI_FLOOR) {
    const same = m.meanModel && Math.abs(m.meanModel.nll - a.nll) < 1e-4 ? ', and its Bayesian average scores the same as its mean model' : '';
    out.push(
      `its posterior samples barely disagree (mean mutual information ${a.meanMutualInfo.toExponential(1)} nats${same}): the posterior does not change the predictions`,
    );
  }
  return out;
}
