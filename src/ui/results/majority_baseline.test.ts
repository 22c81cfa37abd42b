import { describe, expect, it } from 'vitest';
import { majorityBaselines } from './majority_baseline';

const run = (dataset: string | undefined, labels: number[]) => ({ dataset, result: { test: { labels: Int32Array.from(labels) } } });

describe('majorityBaselines', () => {
  it("gives each data set's most frequent test class and its accuracy, once per data set", () => {
    expect(majorityBaselines([run('a', [1, 1, 0, 1]), run('a', [0, 0, 0, 0]), run('b', [2, 0, 2])])).toEqual([
      { dataset: 'a', accuracy: 0.75, label: 1, n: 4 },
      { dataset: 'b', accuracy: 2 / 3, label: 2, n: 3 },
    ]);
  });

  it('breaks ties by the lower class and skips runs without a test split', () => {
    expect(majorityBaselines([{ dataset: 'x' }, run(undefined, [1, 0])])).toEqual([{ dataset: 'this data set', accuracy: 0.5, label: 0, n: 2 }]);
  });
});
