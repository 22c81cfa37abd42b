import { describe, expect, it } from 'vitest';
import { chartFileName, composeSvgs, standaloneSvg } from './svg';

describe('standaloneSvg', () => {
  it('adds namespace, size, viewBox and a background rect', () => {
    const s = standaloneSvg('<svg class="recharts-surface" width="10" height="5"><g><path d="M0 0"/></g></svg>', {
      width: 400,
      height: 300,
      background: '#fff',
    });
    expect(s.startsWith('<?xml')).toBe(true);
    expect(s).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(s).toContain('width="400" height="300"');
    expect(s).not.toContain('width="10"');
    expect(s).toContain('viewBox="0 0 400 300"');
    expect(s).toMatch(/<rect x="0" y="0" width="100%" height="100%" fill="#fff"\/><g><path/);
  });
  it('keeps an existing viewBox and rejects non-SVG markup', () => {
    expect(standaloneSvg('<svg viewBox="0 0 1 1"></svg>', { width: 2, height: 2, background: 'black' })).toContain('viewBox="0 0 1 1"');
    expect(() => standaloneSvg('<div></div>', { width: 2, height: 2, background: 'x' })).toThrow(/not an <svg>/);
  });
  it('makes safe file names', () => {
    expect(chartFileName('Reliability — B-LoRA-XS (K=2)', 'png')).toBe('reliability-b-lora-xs-k-2.png');
    expect(chartFileName('***', 'svg')).toBe('chart.svg');
  });
});

describe('composeSvgs', () => {
  it('places each part at its offset inside one document', () => {
    const s = composeSvgs(
      [
        { markup: '<svg width="100" height="50" class="a"><circle r="1"/></svg>', x: 0, y: 0, width: 100, height: 50 },
        { markup: '<svg width="100" height="30"><rect/></svg>', x: 0, y: 60.123, width: 100, height: 30 },
      ],
      { width: 100, height: 90, background: '#000' },
    );
    expect(s).toContain('<svg x="0" y="0" width="100" height="50" class="a"><circle r="1"/></svg>');
    expect(s).toContain('<svg x="0" y="60.12" width="100" height="30"><rect/></svg>');
    expect(s).toContain('viewBox="0 0 100 90"');
    expect((s.match(/<svg/g) ?? []).length).toBe(3);
  });
});

describe('composeSvgs with the HTML around the charts', () => {
  it('draws title, subtitle and legend texts at their boxes, swatches as rectangles, and names the file', () => {
    const s = composeSvgs(
      [{ markup: '<svg width="100" height="50"><rect/></svg>', x: 0, y: 40, width: 100, height: 50 }],
      { width: 120, height: 100, background: '#fff', title: 'Reliability — B-LoRA-XS <K=2>' },
      {
        texts: [
          { text: 'Reliability — B-LoRA-XS <K=2>', x: 8, y: 4, height: 20, fontSize: 13, color: 'rgb(27, 31, 36)', fontWeight: '600', letterSpacing: 0.52 },
          { text: 'Bayesian average · ECE 0.320 · ACC 0.500', x: 8.123, y: 24, height: 14, fontSize: 12, color: '#5b6573', fontWeight: '400' },
        ],
        rects: [{ x: 10, y: 30, width: 12, height: 10, fill: 'rgba(213, 94, 0, 0.3)', stroke: 'rgb(213, 94, 0)', dashed: true }],
      },
    );
    expect(s).toContain('<title>Reliability — B-LoRA-XS &lt;K=2&gt;</title>');
    expect(s).toContain(
      '<text x="8" y="14" dominant-baseline="central" font-size="13" fill="rgb(27, 31, 36)" font-weight="600" letter-spacing="0.52" xml:space="preserve">Reliability — B-LoRA-XS &lt;K=2&gt;</text>',
    );
    // Regular weight is the default: no attribute; the line is centred on its box (24 + 14 / 2).
    expect(s).toContain(
      '<text x="8.12" y="31" dominant-baseline="central" font-size="12" fill="#5b6573" xml:space="preserve">Bayesian average · ECE 0.320 · ACC 0.500</text>',
    );
    expect(s).toContain(
      '<rect x="10" y="30" width="12" height="10" fill="rgba(213, 94, 0, 0.3)" stroke="rgb(213, 94, 0)" stroke-width="1" stroke-dasharray="2 2"/>',
    );
    // The title comes first, before the background and the drawing.
    expect(s.indexOf('<title>')).toBeLessThan(s.indexOf('<rect x="0" y="0" width="100%"'));
  });
});
