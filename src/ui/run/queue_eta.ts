// How long until every queued run is done: the running run's own ETA plus the queued runs' planned
// example passes at the rates the running run measured (runs of one batch share model, data and
// backend, so its rates carry over).
import type { WorkPlan } from '../../methods/common/run_clock';
import type { ProgressEvent } from '../../train/protocol';

export function queueEtaSec(active: ProgressEvent | null, queued: readonly WorkPlan[]): number {
  if (!active || !active.secPerPass || !Number.isFinite(active.etaSec)) return Number.NaN;
  const { train, forward } = active.secPerPass;
  if (!(train > 0 && forward > 0)) return Number.NaN;
  return queued.reduce((s, w) => s + w.train * train + w.forward * forward, active.etaSec);
}
