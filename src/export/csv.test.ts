import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv';

describe('csv', () => {
  it('quotes fields with commas, quotes and newlines', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('plain')).toBe('plain');
  });
  it('writes numbers, empty cells and non-finite values', () => {
    expect(csvField(0.25)).toBe('0.25');
    expect(csvField(undefined)).toBe('');
    expect(csvField(NaN)).toBe('NaN');
    expect(csvField(-Infinity)).toBe('-Infinity');
  });
  it('joins rows and refuses a ragged row', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\n1,"x,y"\n');
    expect(() => toCsv(['a', 'b'], [[1]])).toThrow(/1 fields/);
  });
});
