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
  let tag = open[0]
    .replace(/\s(width|height|xmlns|xmlns:xlink)="[^"]*"/g, '')
    .replace(/\sstyle="[^"]*"/, '');
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
  const base = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'chart';
  return `${base}.${ext}`;
}
