import { describe, expect, it } from 'vitest';
import { fitSeries } from './series_domain';

const curve = (steps: number, extra: { x: number; y: number }[] = []) => [
  ...Array.from({ length: steps }, (_, i) => ({ x: i + 1, y: 0.7 - i * 0.01 })),
  ...extra,
];

describe('fitSeries', () => {
  it('fits six loss curves ending at step 8, ignoring the NaN-loss prediction events at steps 0 and 100', () => {
    // What the lab store records for a sampled method: prediction progress (loss NaN) at step 0,
    // then at batch × S sample passes.
    const series = Array.from({ length: 6 }, (_, k) => ({
      name: `m${k}`,
      points: curve(8, [
        { x: 0, y: Number.NaN },
        { x: 100, y: Number.NaN },
      ]),
    }));
    const f = fitSeries(series);
    expect(f.domain).toEqual([1, 8]);
    expect(f.integerX).toBe(true);
    expect(f.series).toHaveLength(6);
    expect(f.series.every((s) => s.points.length === 8)).toBe(true);
  });
  it('spans the union of series of different lengths, and drops series with nothing drawable', () => {
    const f = fitSeries([
      { name: 'a', points: curve(3) },
      { name: 'b', points: curve(12) },
      { name: 'laplace', points: [{ x: 5, y: Number.NaN }] },
    ]);
    expect(f.domain).toEqual([1, 12]);
    expect(f.series.map((s) => s.name)).toEqual(['a', 'b']);
  });
  it('drops non-positive values on a log axis, widens a single x, and reports nothing to draw', () => {
    const f = fitSeries(
      [
        {
          name: 'eig',
          points: [
            { x: 1, y: 0.5 },
            { x: 2, y: 0 },
            { x: 3, y: -1 },
          ],
        },
      ],
      true,
    );
    expect(f.series[0].points).toEqual([{ x: 1, y: 0.5 }]);
    expect(f.domain).toEqual([0.5, 1.5]);
    expect(
      fitSeries([
        {
          name: 'x',
          points: [
            { x: 0.25, y: 1 },
            { x: 0.75, y: 2 },
          ],
        },
      ]).integerX,
    ).toBe(false);
    expect(fitSeries([{ name: 'x', points: [{ x: 1, y: Number.NaN }] }]).domain).toBeNull();
  });
});
