// A legend of colour swatches for marks Recharts does not list itself (reference areas, stacked
// histogram colours). HTML like Recharts' own legend; the swatches carry data-swatch so the chart
// export draws them as rectangles.
import { withAlpha } from './with_alpha';

export interface SwatchEntry {
  label: string;
  /** One swatch per colour (a mark drawn in each run's colour); none: an outline only. */
  fills?: readonly string[];
  fillOpacity?: number;
  stroke?: string;
  dashed?: boolean;
}

export function SwatchLegend({ entries, label }: { entries: readonly SwatchEntry[]; label: string }) {
  return (
    <ul className="swatch-legend" aria-label={label}>
      {entries.map((e) => (
        <li key={e.label}>
          {(e.fills?.length ? e.fills : ['transparent']).map((fill) => (
            <span
              key={fill}
              className="swatch"
              data-swatch=""
              aria-hidden="true"
              style={{
                background: withAlpha(fill, e.fillOpacity ?? 1),
                border: e.stroke ? `1px ${e.dashed ? 'dashed' : 'solid'} ${e.stroke}` : '1px solid transparent',
              }}
            />
          ))}
          {e.label}
        </li>
      ))}
    </ul>
  );
}
