// `npx vitest bench --run src/engine/cpu/matmul.bench.ts`: blocked vs naive CPU matmul.
import { bench, describe } from 'vitest';
import { matmulCpu, matmulNaive } from './matmul';

for (const n of [256, 512]) {
  const a = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i));
  const b = Float32Array.from({ length: n * n }, (_, i) => Math.cos(i));
  const c = new Float32Array(n * n);
  describe(`matmul ${n}³`, () => {
    bench(
      'blocked',
      () => {
        matmulCpu(a, b, n, n, n, { out: c });
      },
      { iterations: 3 },
    );
    bench(
      'naive i-j-k',
      () => {
        matmulNaive(a, b, n, n, n);
      },
      { iterations: 3 },
    );
  });
}
