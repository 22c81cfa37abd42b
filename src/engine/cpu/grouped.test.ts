// The grouped-forward ops' CPU twins against an independent computation: a loop over the groups
// calling the single-sample linear op on each group's slice of x and W.
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../backend';
import { CpuBackend } from './backend';
import { randn, relErr } from './testing/test_helpers';

const be = new CpuBackend();
const G = 3,
  n = 5,
  K = 7,
  J = 4;
const view = (t: Tensor) => be.view(t) as Float32Array;

/** Reference: for each group, linear(x_g, W_g) (+ base_g) through the existing op. */
function reference(
  x: Float32Array,
  xShared: boolean,
  w: Float32Array,
  wShared: boolean,
  alpha: number,
  base: Float32Array | null,
  baseShared: boolean,
): Float32Array {
  const out = new Float32Array(G * n * J);
  for (let g = 0; g < G; g++) {
    const xs = xShared ? x : x.subarray(g * n * K, (g + 1) * n * K);
    const ws = wShared ? w : w.subarray(g * J * K, (g + 1) * J * K);
    const y = view(be.linear(be.upload(xs, [n, K], 'x'), be.upload(ws, [J, K], 'w'), null));
    for (let i = 0; i < n * J; i++) out[g * n * J + i] = alpha * y[i] + (base ? base[(baseShared ? 0 : g * n * J) + i] : 0);
  }
  return out;
}

describe('groupedMatmul (CPU twin)', () => {
  const cases = [];
  for (const xShared of [true, false])
    for (const wShared of [true, false]) for (const base of ['none', 'shared', 'grouped'] as const) cases.push({ xShared, wShared, base });
  it.each(cases)('x shared=$xShared, w shared=$wShared, base $base', ({ xShared, wShared, base }) => {
    const x = randn((xShared ? 1 : G) * n * K, 1),
      w = randn((wShared ? 1 : G) * J * K, 2);
    const b = base === 'none' ? null : randn((base === 'shared' ? 1 : G) * n * J, 3);
    const y = be.groupedMatmul(be.upload(x, [x.length / K, K], 'x'), be.upload(w, wShared ? [J, K] : [G, J, K], 'w'), {
      groups: G,
      rowsPerGroup: n,
      alpha: 0.75,
      base: b ? be.upload(b, [b.length / J, J], 'base') : undefined,
    });
    expect(y.shape).toEqual([G * n, J]);
    expect(relErr(view(y), reference(x, xShared, w, wShared, 0.75, b, base === 'shared'))).toBeLessThan(1e-6);
  });

  it('accumulates into out (with a shared base on top)', () => {
    const x = randn(G * n * K, 4),
      w = randn(G * J * K, 5),
      b = randn(n * J, 6),
      o0 = randn(G * n * J, 7);
    const out = be.upload(o0, [G * n, J], 'out');
    be.groupedMatmul(be.upload(x, [G * n, K], 'x'), be.upload(w, [G, J, K], 'w'), {
      groups: G,
      rowsPerGroup: n,
      base: be.upload(b, [n, J], 'b'),
      out,
      accumulate: true,
    });
    const want = reference(x, false, w, false, 1, b, true).map((v, i) => v + o0[i]);
    expect(relErr(view(out), want)).toBeLessThan(1e-6);
  });

  it('refuses shapes that fit no grouping, with the sizes in the message', () => {
    const w = be.upload(randn(J * K, 1), [J, K], 'w');
    expect(() => be.groupedMatmul(be.upload(randn(2 * n * K, 1), [2 * n, K], 'x'), w, { groups: G, rowsPerGroup: n })).toThrow(
      /x "x" has 10 rows; need 5 \(shared\) or 15/,
    );
    expect(() =>
      be.groupedMatmul(be.upload(randn(n * K, 1), [n, K], 'x'), be.upload(randn(2 * J * K, 1), [2, J, K], 'w3'), { groups: G, rowsPerGroup: n }),
    ).toThrow(/w "w3" has 2 groups, need 3/);
    expect(() => be.groupedMatmul(be.upload(randn(n * (K + 1), 1), [n, K + 1], 'x'), w, { groups: G, rowsPerGroup: n })).toThrow(/does not take 8 inputs/);
    expect(() => be.groupedMatmul(be.upload(randn(n * K, 1), [n, K], 'x'), w, { groups: G, rowsPerGroup: n, accumulate: true })).toThrow(
      /accumulate needs an out/,
    );
    expect(() => be.groupedMatmul(be.upload(randn(n * K, 1), [n, K], 'x'), w, { groups: 0, rowsPerGroup: n })).toThrow(/groups must be a positive integer/);
  });
});

describe('repeatRows (CPU twin)', () => {
  it('stacks copies of x', () => {
    const x = randn(6, 1);
    const y = be.repeatRows(be.upload(x, [2, 3], 'x'), 3);
    expect(y.shape).toEqual([6, 3]);
    expect([...view(y)]).toEqual([...x, ...x, ...x]);
    expect(() => be.repeatRows(be.upload(x, [2, 3], 'x'), 0)).toThrow(/times must be a positive integer/);
  });
});
