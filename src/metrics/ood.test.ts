// AUROC / AUPR edge cases (OOD = positive class, higher score = more likely OOD).
import { describe, expect, it } from 'vitest';
import { aupr, auroc, rocCurve } from './index';

describe('AUROC and AUPR', () => {
  it('perfect ranking → 1, inverted → 0', () => {
    expect(auroc([0.1, 0.2, 0.3], [0.7, 0.8])).toBe(1);
    expect(aupr([0.1, 0.2, 0.3], [0.7, 0.8])).toBe(1);
    expect(auroc([0.7, 0.8], [0.1, 0.2, 0.3])).toBe(0);
  });

  it('all scores tied → AUROC 0.5, AP = share of positives', () => {
    expect(auroc([1, 1, 1], [1, 1])).toBe(0.5);
    expect(aupr([1, 1, 1], [1, 1])).toBeCloseTo(2 / 5, 12);
  });

  it('hand case with a tie: in [1, 2, 3], OOD [2, 4]', () => {
    // OOD 4 beats all 3 → 3; OOD 2 beats 1, ties 2 → 1.5; AUROC = 4.5 / 6 = 0.75
    expect(auroc([1, 2, 3], [2, 4])).toBeCloseTo(0.75, 12);
    // descending groups: {4: +} → P 1, R 1/2; {3: −}; {2: +, −} → tp 2, fp 2, P 1/2, R 1
    // AP = 1/2·1 + 1/2·1/2 = 0.75
    expect(aupr([1, 2, 3], [2, 4])).toBeCloseTo(0.75, 12);
  });

  it('ROC curve runs from (0,0) to (1,1) with one point per distinct score', () => {
    const roc = rocCurve([1, 2, 3], [2, 4]);
    expect(roc[0]).toMatchObject({ fpr: 0, tpr: 0 });
    expect(roc[roc.length - 1]).toMatchObject({ fpr: 1, tpr: 1 });
    expect(roc).toHaveLength(5); // origin + scores 4, 3, 2, 1
  });

  it('an empty group gives NaN; a non-finite score throws', () => {
    expect(auroc([], [1])).toBeNaN();
    expect(aupr([1], [])).toBeNaN();
    expect(() => auroc([NaN], [1])).toThrow(RangeError);
  });
});
