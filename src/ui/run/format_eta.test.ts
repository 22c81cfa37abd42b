import { describe, expect, it } from 'vitest';
import { formatEta } from './ProgressBar';

describe('formatEta', () => {
  it('formats seconds, minutes and hours', () => {
    expect(formatEta(42.4)).toBe('42 s');
    expect(formatEta(125)).toBe('2 min 5 s');
    expect(formatEta(3 * 3600 + 20 * 60)).toBe('3 h 20 min');
  });
  it('shows a dash for unknown ETAs', () => {
    expect(formatEta(Infinity)).toBe('—');
    expect(formatEta(-1)).toBe('—');
  });
});
