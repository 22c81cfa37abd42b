// What the reliability diagram's marks mean: accuracy bars, the two gap boxes, empty bins, the
// diagonal, and (where histograms are drawn) the histogram's correct / incorrect colours.
import { usePalette } from '../theme/palette';
import { type SwatchEntry, SwatchLegend } from './SwatchLegend';

/** The same colours, opacities and dashes as ReliabilityDiagram and ConfidenceHistogram draw. */
export function ReliabilityLegend({ barColors = [], histogram = false }: { barColors?: readonly string[]; histogram?: boolean }) {
  const p = usePalette();
  const entries: SwatchEntry[] = [
    ...(barColors.length ? [{ label: 'accuracy per bin', fills: barColors, fillOpacity: 0.75 }] : []),
    { label: 'gap: over-confident', fills: [p.gapOver], fillOpacity: 0.3, stroke: p.gapOver, dashed: true },
    { label: 'gap: under-confident', fills: [p.gapUnder], fillOpacity: 0.3, stroke: p.gapUnder, dashed: true },
    { label: 'empty bin', fills: [p.empty], fillOpacity: 0.25 },
    { label: 'perfect calibration (y = x)', stroke: p.diagonal, dashed: true },
    ...(histogram && barColors.length
      ? [
          { label: 'histogram: correct', fills: barColors },
          { label: 'histogram: incorrect', fills: [p.gapOver], fillOpacity: 0.7 },
        ]
      : []),
  ];
  return <SwatchLegend entries={entries} label="Reliability diagram legend" />;
}
