// Browser side of chart export: gather what a chart card shows (the Recharts <svg> surfaces, and
// the HTML around them: title, subtitles, legend labels and swatches), place each at its on-screen
// offset in one SVG document, then save it as SVG or rasterise it to PNG. Controls (the export
// buttons, anything marked data-export-skip) and hover tooltips stay out.
import { downloadBlob, downloadText, svgToPng } from './download';
import { chartFileName, composeSvgs, type RectPart, type SvgPart, type TextPart } from './svg';

const SKIP = '[data-export-skip], .recharts-tooltip-wrapper, button, select, input, textarea, [role="alert"]';

function shown(el: Element): boolean {
  const cs = getComputedStyle(el);
  return cs.display !== 'none' && cs.visibility !== 'hidden' && Number(cs.opacity) > 0;
}

function transparent(color: string): boolean {
  return color === 'transparent' || /^rgba\(.*,\s*0\)$/.test(color);
}

/** A run of sibling text nodes as one line part, or one part per rendered line when it wraps. */
function linesOf(first: Text, last: Text, box: DOMRect): TextPart[] {
  const el = first.parentElement!;
  const cs = getComputedStyle(el);
  const style = {
    fontSize: Number.parseFloat(cs.fontSize),
    color: cs.color,
    fontWeight: cs.fontWeight,
    fontFamily: cs.fontFamily,
    // 'normal' parses to NaN: no spacing.
    letterSpacing: Number.parseFloat(cs.letterSpacing) || 0,
  };
  const upper = cs.textTransform === 'uppercase';
  const range = document.createRange();
  range.setStartBefore(first);
  range.setEndAfter(last);
  const raw = range.toString().replace(/\s+/g, ' ');
  if (!raw.trim()) return [];
  const lineRects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
  if (!lineRects.length) return [];
  const part = (text: string, r: DOMRect): TextPart => ({
    text: upper ? text.toUpperCase() : text,
    x: r.left - box.left,
    y: r.top - box.top,
    height: r.height,
    ...style,
  });
  if (lineRects.length === 1 || first !== last) return [part(raw, range.getBoundingClientRect())];
  // Wrapped: find each word's line by its box, so every line is placed where the page put it.
  const lines: { words: string[]; rect: DOMRect }[] = [];
  const node = first;
  for (const m of (node.data ?? '').matchAll(/\S+/g)) {
    const w = document.createRange();
    w.setStart(node, m.index);
    w.setEnd(node, m.index + m[0].length);
    const r = w.getBoundingClientRect();
    const line = lines[lines.length - 1];
    if (line && Math.abs(line.rect.top - r.top) < r.height / 2) line.words.push(m[0]);
    else lines.push({ words: [m[0]], rect: r });
  }
  return lines.map((l) => part(l.words.join(' '), l.rect));
}

function textParts(container: HTMLElement, box: DOMRect): TextPart[] {
  const out: TextPart[] = [];
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    const el = n.parentElement;
    // A run of adjacent text nodes (React splits "ECE {value}") is taken once, from its first node.
    if (!el || n.previousSibling?.nodeType === Node.TEXT_NODE) continue;
    if (el.closest('svg') || el.closest(SKIP) || !shown(el)) continue;
    let last = n;
    while (last.nextSibling?.nodeType === Node.TEXT_NODE) last = last.nextSibling as Text;
    out.push(...linesOf(n, last, box));
  }
  return out;
}

function swatchParts(container: HTMLElement, box: DOMRect): RectPart[] {
  return [...container.querySelectorAll<HTMLElement>('[data-swatch]')].filter(shown).map((el) => {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    const bordered = Number.parseFloat(cs.borderTopWidth) > 0 && cs.borderTopStyle !== 'none' && !transparent(cs.borderTopColor);
    return {
      x: r.left - box.left,
      y: r.top - box.top,
      width: r.width,
      height: r.height,
      fill: transparent(cs.backgroundColor) ? 'none' : cs.backgroundColor,
      ...(bordered ? { stroke: cs.borderTopColor, dashed: cs.borderTopStyle === 'dashed' } : {}),
    };
  });
}

export function chartSvgText(container: HTMLElement, title: string, background: string): { svg: string; width: number; height: number } {
  const box = container.getBoundingClientRect();
  const svgs = [...container.querySelectorAll<SVGSVGElement>('svg.recharts-surface')];
  if (svgs.length === 0) throw new Error('this chart has nothing to export yet');
  const ser = new XMLSerializer();
  const parts: SvgPart[] = svgs.map((el) => {
    const r = el.getBoundingClientRect();
    return { markup: ser.serializeToString(el), x: r.left - box.left, y: r.top - box.top, width: r.width, height: r.height };
  });
  const width = Math.max(box.width, ...parts.map((p) => p.x + p.width));
  const height = Math.max(box.height, ...parts.map((p) => p.y + p.height));
  const svg = composeSvgs(parts, { width, height, background, title }, { texts: textParts(container, box), rects: swatchParts(container, box) });
  return { svg, width, height };
}

export function exportChartSvg(container: HTMLElement, title: string, background: string): void {
  downloadText(chartSvgText(container, title, background).svg, chartFileName(title, 'svg'), 'image/svg+xml');
}

export async function exportChartPng(container: HTMLElement, title: string, background: string): Promise<void> {
  const { svg, width, height } = chartSvgText(container, title, background);
  downloadBlob(await svgToPng(svg, width, height), chartFileName(title, 'png'));
}
