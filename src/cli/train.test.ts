import { describe, expect, it } from 'vitest';
import type { DatasetPayload } from '../train/protocol';
import { majorityAccuracy } from './train';

const rows = (labels: number[]) => labels.map((label) => ({ text: 'x', label }));

describe('majorityAccuracy', () => {
  it("scores the training split's most frequent label on the test split", () => {
    const ds = { train: rows([1, 1, 0]), test: rows([0, 0, 0, 1]) } as DatasetPayload;
    expect(majorityAccuracy(ds)).toBe(0.25);
  });
  it('breaks ties towards the lower label id and is NaN without a test split', () => {
    expect(majorityAccuracy({ train: rows([1, 0]), test: rows([0, 1, 0]) } as DatasetPayload)).toBeCloseTo(2 / 3);
    expect(majorityAccuracy({ train: rows([1]), test: [] as never[] } as unknown as DatasetPayload)).toBeNaN();
  });
});
