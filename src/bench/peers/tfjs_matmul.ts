// Square f32 matmul peers on WebAssembly in Node: TensorFlow.js's wasm backend (XNNPACK, SIMD, one
// thread: tfjs-backend-wasm's threaded build needs cross-origin isolated workers, which Node does not
// give it) and onnxruntime-web's wasm MatMul on public/bench/matmul.onnx (src/bench/ort_matmul.ts).
// Node only (the wasm binaries and the ONNX file are read from disk).
// Timing: one untimed warm-up product, then `reps` products, each timed alone; median.
// tfjs's wasm kernels run synchronously inside matMul(), so its time excludes any read-back;
// onnxruntime's run() copies A and B into its heap and C out (3·n² floats, about 2 % at 1024).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { configureOrt } from '../../onnx/ort_env';
import { createOrtMatmulSession, ortMatmulHost, type OrtSession } from '../ort_matmul';
import { median, timeUnits } from '../interleave';

export interface MatmulTiming {
  n: number;
  msMedian: number;
  gflops: number;
  samples: number[];
}

/** Relative to the working directory (the repository root for vitest and the CLI). */
const MATMUL_ONNX = join('public', 'bench', 'matmul.onnx');

/** Deterministic values in [−1, 1) (an LCG), so no RNG package is needed. */
export function lcgValues(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

let tfReady: Promise<void> | undefined;

/** Selects tfjs's wasm backend once, loading its .wasm files from node_modules by file path. */
export function initTfjsWasm(): Promise<void> {
  tfReady ??= (async () => {
    const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
    setWasmPaths(join(dirname(pkg), 'dist') + '/');
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend failed to initialise');
    await tf.ready();
  })();
  return tfReady;
}

/** C [M, N] = A [M, K] · B [K, N] on tfjs-wasm (for correctness checks). */
export async function tfjsMatmul(a: Float32Array, b: Float32Array, M: number, K: number, N: number): Promise<Float32Array> {
  await initTfjsWasm();
  return tf.tidy(() => tf.matMul(tf.tensor2d(a, [M, K]), tf.tensor2d(b, [K, N])).dataSync() as Float32Array);
}

function timing(n: number, samples: number[]): MatmulTiming {
  const ms = median(samples);
  return { n, msMedian: ms, gflops: (2 * n ** 3) / (ms * 1e6), samples };
}

export async function timeTfjsMatmul(n: number, o: { reps: number }): Promise<MatmulTiming> {
  await initTfjsWasm();
  const a = tf.tensor2d(lcgValues(n * n, 1), [n, n]),
    b = tf.tensor2d(lcgValues(n * n, 2), [n, n]);
  try {
    tf.matMul(a, b).dispose(); // warm-up: XNNPACK packs its operator on first use
    const samples: number[] = [];
    for (let i = 0; i < o.reps; i++) {
      let c: tf.Tensor | null = null;
      samples.push(
        (
          await timeUnits(1, () => {
            c = tf.matMul(a, b);
          })
        ).ms,
      );
      c!.dispose();
    }
    return timing(n, samples);
  } finally {
    a.dispose();
    b.dispose();
  }
}

let ortSession: Promise<OrtSession> | undefined;

/** The matmul.onnx session on onnxruntime-web's wasm EP (thread count: configureOrt's, 1 in Node). */
export function ortMatmulSession(onnxPath = MATMUL_ONNX): Promise<OrtSession> {
  ortSession ??= (configureOrt(), createOrtMatmulSession(new Uint8Array(readFileSync(onnxPath)), 'wasm'));
  return ortSession;
}

export async function timeOrtMatmul(n: number, o: { reps: number; onnxPath?: string }): Promise<MatmulTiming> {
  const s = await ortMatmulSession(o.onnxPath);
  const a = lcgValues(n * n, 1),
    b = lcgValues(n * n, 2);
  await ortMatmulHost(s, a, b, n, n, n); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < o.reps; i++) samples.push((await timeUnits(1, () => ortMatmulHost(s, a, b, n, n, n))).ms);
  return timing(n, samples);
}
