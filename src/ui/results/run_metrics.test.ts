import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../train/protocol';
import { meanModelMetrics, metricsRow, runMetrics, summaryRow } from './run_metrics';

const chart = { bins: 10 as const, binning: 'width' as const, oodScore: 'entropy' as const };
function split(probs: number[], labels: number[]) {
  const n = labels.length;
  return { probs: new Float32Array(probs), labels: new Int32Array(labels), entropy: new Float32Array(n), mutualInfo: new Float32Array(n) };
}
const result = {
  runId: 'r',
  nClasses: 2,
  test: { ...split([0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.3, 0.7], [0, 1, 1, 1]), meanModelProbs: new Float32Array([0.99, 0.01, 0.1, 0.9, 0.9, 0.1, 0.2, 0.8]) },
  ood: split([0.5, 0.5, 0.55, 0.45], [-1, -1]),
} as unknown as RunResult;

describe('run metrics', () => {
  it('summarises the test split with the chosen bins and OOD AUROC', () => {
    const m = runMetrics(result, chart);
    expect(m.accuracy).toBe(0.75);
    expect(m.reliability).toHaveLength(10);
    expect(m.ood?.auroc).toBe(1); // OOD rows are the most uncertain
  });
  it('summarises the posterior-mean model separately', () => {
    const mm = meanModelMetrics(result, chart)!;
    expect(mm.accuracy).toBe(0.75);
    expect(mm.nll).not.toBeCloseTo(runMetrics(result, chart).nll, 3);
    expect(meanModelMetrics({ ...result, test: { ...result.test, meanModelProbs: undefined } }, chart)).toBeNull();
  });
  it('makes table rows', () => {
    const a = metricsRow('a', 'A', runMetrics(result, chart), { trainable_params: 10 });
    expect(a).toMatchObject({ runId: 'a', method: 'A', metrics: { acc: 0.75 }, extra: { ood_auroc: 1, trainable_params: 10 } });
  });
  it('reads link summaries', () => {
    const r = summaryRow({ methodId: 'm', kind: 'lora-xs', seed: 2, accuracy: 0.7, nll: 0.6, ece: 0.1, brier: 0.4, mcc: 0.3, auroc: 0.8, bins: [] }, 'M');
    expect(r).toMatchObject({ runId: 'm-s2', metrics: { acc: 0.7, ece: 0.1 }, extra: { ood_auroc: 0.8 } });
  });
});
