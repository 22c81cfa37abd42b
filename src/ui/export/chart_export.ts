// Browser side of chart export: gather the Recharts <svg> surfaces inside a chart's container,
// compose them at their on-screen offsets, then save as SVG or rasterise to PNG.
import { downloadBlob, downloadText, svgToPng } from './download';
import { chartFileName, composeSvgs, type SvgPart } from './svg';

export function chartSvgText(container: HTMLElement, background: string): { svg: string; width: number; height: number } {
  const box = container.getBoundingClientRect();
  const svgs = [...container.querySelectorAll<SVGSVGElement>('svg.recharts-surface')];
  if (svgs.length === 0) throw new Error('this chart has nothing to export yet');
  const ser = new XMLSerializer();
  const parts: SvgPart[] = svgs.map((el) => {
    const r = el.getBoundingClientRect();
    return { markup: ser.serializeToString(el), x: r.left - box.left, y: r.top - box.top, width: r.width, height: r.height };
  });
  const width = Math.max(...parts.map((p) => p.x + p.width));
  const height = Math.max(...parts.map((p) => p.y + p.height));
  return { svg: composeSvgs(parts, { width, height, background }), width, height };
}

export function exportChartSvg(container: HTMLElement, title: string, background: string): void {
  downloadText(chartSvgText(container, background).svg, chartFileName(title, 'svg'), 'image/svg+xml');
}

export async function exportChartPng(container: HTMLElement, title: string, background: string): Promise<void> {
  const { svg, width, height } = chartSvgText(container, background);
  downloadBlob(await svgToPng(svg, width, height), chartFileName(title, 'png'));
}
