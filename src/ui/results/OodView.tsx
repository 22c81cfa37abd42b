// In- vs out-of-distribution uncertainty: predictive entropy and mutual information histograms, with AUROC.
import { auroc } from '../../metrics';
import type { RunResult } from '../../train/protocol';
import { ChartFrame } from '../charts/ChartFrame';
import { InOutHistogram } from '../charts/InOutHistogram';

export function OodView({ result, label }: { result: RunResult; label: string }) {
  const ood = result.ood;
  if (!ood) return null;
  const aEnt = auroc(result.test.entropy, ood.entropy);
  const hasMi = ood.mutualInfo.some((v) => v > 0) || result.test.mutualInfo.some((v) => v > 0);
  const aMi = hasMi ? auroc(result.test.mutualInfo, ood.mutualInfo) : NaN;
  return (
    <>
      <ChartFrame title={`Predictive entropy in vs out — ${label}`} testId="chart-ood-entropy">
        <div className="small muted" data-testid="auroc-entropy">
          AUROC (entropy) {aEnt.toFixed(3)}
        </div>
        <InOutHistogram label="Predictive entropy" inScores={result.test.entropy} outScores={ood.entropy} />
      </ChartFrame>
      <ChartFrame title={`Mutual information in vs out — ${label}`} testId="chart-ood-mi">
        <div className="small muted">{hasMi ? `AUROC (MI) ${aMi.toFixed(3)}` : 'Deterministic method: mutual information is 0 everywhere.'}</div>
        <InOutHistogram label="Mutual information" inScores={result.test.mutualInfo} outScores={ood.mutualInfo} />
      </ChartFrame>
    </>
  );
}
