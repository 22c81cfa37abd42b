// A link's compact bins (lo, hi, count, acc, conf) as the reliability diagram's bins.
import type { ReliabilityBin } from '../../metrics';
import type { SummaryBin } from '../../state/types';

export function summaryBins(bins: readonly SummaryBin[]): ReliabilityBin[] {
  return bins.map((b) => {
    const empty = b.count === 0;
    return { lo: b.lo, hi: b.hi, count: b.count, accuracy: empty ? 0 : b.acc, confidence: empty ? 0 : b.conf, gap: empty ? 0 : b.acc - b.conf, empty };
  });
}
