// A titled chart card with PNG/SVG export of everything it shows: the title, subtitles, legends
// and charts (the export buttons themselves stay out).
import { useRef, useState, type ReactNode } from 'react';
import { exportChartPng, exportChartSvg } from '../export/chart_export';
import { usePalette } from '../theme/palette';

export function ChartFrame({ title, children, testId, wide }: { title: string; children: ReactNode; testId?: string; wide?: boolean }) {
  const ref = useRef<HTMLElement>(null);
  const palette = usePalette();
  const [error, setError] = useState<string | null>(null);
  const run = async (f: () => void | Promise<void>) => {
    try {
      setError(null);
      await f();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <figure ref={ref} className="chart" data-testid={testId} style={wide ? { gridColumn: '1 / -1', margin: 0 } : { margin: 0 }} aria-label={title}>
      <div className="chart-head">
        <h3>{title}</h3>
        <button type="button" aria-label={`Export ${title} as PNG`} onClick={() => run(() => exportChartPng(ref.current!, title, palette.background))}>
          PNG
        </button>
        <button type="button" aria-label={`Export ${title} as SVG`} onClick={() => run(() => exportChartSvg(ref.current!, title, palette.background))}>
          SVG
        </button>
      </div>
      <div>{children}</div>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </figure>
  );
}
