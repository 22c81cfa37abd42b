// Turn a chart's inline <svg> markup into a standalone SVG file: namespaces, explicit size,
// an opaque background (so the PNG/SVG reads in any viewer) and a font. The chart's title,
// subtitles and legends are HTML on the page; they come in as text and swatch parts, drawn at
// their on-screen places, so the file says what the picture shows.

export interface StandaloneOptions {
  width: number;
  height: number;
  background: string;
  fontFamily?: string;
  /** The file's <title> (what viewers and screen readers name it). */
  title?: string;
}

export function standaloneSvg(markup: string, o: StandaloneOptions): string {
  const open = /^<svg\b[^>]*>/.exec(markup.trim());
  if (!open) throw new Error('not an <svg> element');
  const rest = markup.trim().slice(open[0].length);
  let tag = open[0].replace(/\s(width|height|xmlns|xmlns:xlink)="[^"]*"/g, '').replace(/\sstyle="[^"]*"/, '');
  const attrs = ` xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${o.width}" height="${o.height}" style="font-family:${escapeAttr(o.fontFamily ?? 'system-ui, sans-serif')}"`;
  if (!/\sviewBox=/.test(tag)) tag = tag.replace(/^<svg/, `<svg viewBox="0 0 ${o.width} ${o.height}"`);
  tag = tag.replace(/^<svg/, `<svg${attrs}`);
  const title = o.title ? `<title>${escapeText(o.title)}</title>` : '';
  const bg = `<rect x="0" y="0" width="100%" height="100%" fill="${escapeAttr(o.background)}"/>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${tag}${title}${bg}${rest}`;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One line of HTML text (title, subtitle, legend label) at its box on the page. */
export interface TextPart {
  text: string;
  x: number;
  /** Top of the line box, and its height: the text is centred on it vertically. */
  y: number;
  height: number;
  fontSize: number;
  color: string;
  fontWeight?: string;
  fontFamily?: string;
  /** CSS letter-spacing in px (headings are spaced out); 0 or absent for normal. */
  letterSpacing?: number;
}

export function textMarkup(t: TextPart): string {
  const weight = t.fontWeight && t.fontWeight !== '400' && t.fontWeight !== 'normal' ? ` font-weight="${escapeAttr(t.fontWeight)}"` : '';
  const family = t.fontFamily ? ` font-family="${escapeAttr(t.fontFamily)}"` : '';
  const spacing = t.letterSpacing ? ` letter-spacing="${round(t.letterSpacing)}"` : '';
  return `<text x="${round(t.x)}" y="${round(t.y + t.height / 2)}" dominant-baseline="central" font-size="${round(t.fontSize)}" fill="${escapeAttr(t.color)}"${weight}${family}${spacing} xml:space="preserve">${escapeText(t.text)}</text>`;
}

/** A legend swatch (an HTML box with a background and border) as a rectangle. */
export interface RectPart {
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
  stroke?: string;
  dashed?: boolean;
}

export function rectMarkup(r: RectPart): string {
  const stroke = r.stroke ? ` stroke="${escapeAttr(r.stroke)}" stroke-width="1"${r.dashed ? ' stroke-dasharray="2 2"' : ''}` : '';
  return `<rect x="${round(r.x)}" y="${round(r.y)}" width="${round(r.width)}" height="${round(r.height)}" fill="${escapeAttr(r.fill)}"${stroke}/>`;
}

/** A file name from a chart title: lower-case, dashes, no odd characters. */
export function chartFileName(title: string, ext: 'svg' | 'png' | 'csv' | 'json'): string {
  const base =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'chart';
  return `${base}.${ext}`;
}

export interface SvgPart {
  /** Outer markup of one <svg> element. */
  markup: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Overlay {
  texts?: readonly TextPart[];
  rects?: readonly RectPart[];
}

/** Several chart SVGs (e.g. a reliability diagram and the histogram under it) and the HTML text around them as one file. */
export function composeSvgs(parts: readonly SvgPart[], o: StandaloneOptions, overlay: Overlay = {}): string {
  const inner = parts
    .map((p) => {
      const tag = /^<svg\b[^>]*>/.exec(p.markup.trim());
      if (!tag) throw new Error('not an <svg> element');
      // Nested <svg> with explicit x/y/size keeps each chart's own coordinate system.
      const nested = tag[0]
        .replace(/\s(x|y|width|height)="[^"]*"/g, '')
        .replace(/^<svg/, `<svg x="${round(p.x)}" y="${round(p.y)}" width="${round(p.width)}" height="${round(p.height)}"`);
      return nested + p.markup.trim().slice(tag[0].length);
    })
    .join('');
  const extra = [...(overlay.rects ?? []).map(rectMarkup), ...(overlay.texts ?? []).map(textMarkup)].join('');
  return standaloneSvg(`<svg viewBox="0 0 ${round(o.width)} ${round(o.height)}">${inner}${extra}</svg>`, o);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
