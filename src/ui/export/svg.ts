// Turn a chart's inline <svg> markup into a standalone SVG file: namespaces, explicit size,
// an opaque background (so the PNG/SVG reads in any viewer) and a font.

export interface StandaloneOptions {
  width: number;
  height: number;
  background: string;
  fontFamily?: string;
}

export function standaloneSvg(markup: string, o: StandaloneOptions): string {
  const open = /^<svg\b[^>]*>/.exec(markup.trim());
  if (!open) throw new Error('not an <svg> element');
  const rest = markup.trim().slice(open[0].length);
  let tag = open[0].replace(/\s(width|height|xmlns|xmlns:xlink)="[^"]*"/g, '').replace(/\sstyle="[^"]*"/, '');
  const attrs = ` xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${o.width}" height="${o.height}" style="font-family:${escapeAttr(o.fontFamily ?? 'system-ui, sans-serif')}"`;
  if (!/\sviewBox=/.test(tag)) tag = tag.replace(/^<svg/, `<svg viewBox="0 0 ${o.width} ${o.height}"`);
  tag = tag.replace(/^<svg/, `<svg${attrs}`);
  const bg = `<rect x="0" y="0" width="100%" height="100%" fill="${escapeAttr(o.background)}"/>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${tag}${bg}${rest}`;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
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

/** Several chart SVGs (e.g. a reliability diagram and the histogram under it) as one file. */
export function composeSvgs(parts: readonly SvgPart[], o: StandaloneOptions): string {
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
  return standaloneSvg(`<svg viewBox="0 0 ${round(o.width)} ${round(o.height)}">${inner}</svg>`, o);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
