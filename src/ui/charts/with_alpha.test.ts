import { describe, expect, it } from 'vitest';
import { withAlpha } from './with_alpha';

describe('withAlpha', () => {
  it('turns hex colours into rgba at the opacity', () => {
    expect(withAlpha('#d55e00', 0.3)).toBe('rgba(213, 94, 0, 0.3)');
    expect(withAlpha('#0af', 0.5)).toBe('rgba(0, 170, 255, 0.5)');
  });
  it('leaves opaque and non-hex colours alone', () => {
    expect(withAlpha('#d55e00', 1)).toBe('#d55e00');
    expect(withAlpha('rebeccapurple', 0.2)).toBe('rebeccapurple');
  });
});
