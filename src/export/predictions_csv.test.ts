import { describe, expect, it } from 'vitest';
import { predictionsToCsv } from './predictions_csv';

describe('predictionsToCsv', () => {
  const p = {
    probs: new Float32Array([0.9, 0.1, 0.3, 0.7]),
    labels: new Int32Array([0, 0]),
    entropy: new Float32Array([0.325, 0.611]),
    mutualInfo: new Float32Array([0, 0.01]),
  };
  it('writes label, argmax, confidence, correctness and class probabilities', () => {
    const lines = predictionsToCsv(p, ['neg', 'pos']).trim().split('\n');
    expect(lines[0]).toBe('index,label,predicted,confidence,correct,entropy,mutual_info,p_neg,p_pos');
    expect(lines[1]).toBe('0,neg,neg,0.9,1,0.325,0,0.9,0.1');
    expect(lines[2]).toBe('1,neg,pos,0.7,0,0.611,0.01,0.3,0.7');
  });
  it('includes (quoted) texts when given and checks the shape', () => {
    const csv = predictionsToCsv(p, ['neg', 'pos'], ['good, very', 'bad']);
    expect(csv.split('\n')[1]).toBe('0,"good, very",neg,neg,0.9,1,0.325,0,0.9,0.1');
    expect(() => predictionsToCsv(p, ['a', 'b', 'c'])).toThrow(/expected 2×3/);
  });
});
