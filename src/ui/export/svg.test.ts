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
