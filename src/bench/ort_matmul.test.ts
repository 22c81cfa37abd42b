import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configureOrt } from '../onnx/ort_env';
import { matmulNaive } from '../engine/cpu/matmul';
import { randn } from '../gpu/twin_compare';
import { createOrtMatmulSession, ortMatmulHost } from './ort_matmul';

const MODEL = join(__dirname, '..', '..', 'public', 'bench', 'matmul.onnx');

describe('public/bench/matmul.onnx in onnxruntime-web (wasm EP)', () => {
  it('equals the CPU matmul at several shapes from one file (symbolic dims)', async () => {
    configureOrt();
    const session = await createOrtMatmulSession(new Uint8Array(readFileSync(MODEL)), 'wasm');
    expect(session.inputNames).toEqual(['A', 'B']);
    expect(session.outputNames).toEqual(['C']);
    for (const [M, K, N] of [
      [3, 5, 4],
      [7, 2, 6],
      [33, 17, 9],
    ]) {
      const a = randn(M * K, M),
        b = randn(K * N, N + 100);
      const got = await ortMatmulHost(session, a, b, M, K, N);
      const want = matmulNaive(a, b, M, K, N);
      expect(got.length).toBe(M * N);
      for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 4);
    }
    await session.release();
  });
});
