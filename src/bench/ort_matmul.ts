// onnxruntime-web's MatMul on the one-node model public/bench/matmul.onnx (written by
// tools/bench/make_matmul_onnx.py; symbolic dims M, K, N, so one file serves every size).
// Host inputs for correctness checks (wasm EP, Node or browser); GPU-resident inputs and outputs for
// the webgpu EP timing in bench.html, so that neither side times an upload or a read-back.
import { ort } from '../onnx/ort_env';

export type OrtSession = ort.InferenceSession;

export async function createOrtMatmulSession(bytes: Uint8Array, ep: 'wasm' | 'webgpu'): Promise<OrtSession> {
  return ort.InferenceSession.create(
    bytes,
    ep === 'webgpu' ? { executionProviders: ['webgpu'], preferredOutputLocation: 'gpu-buffer' } : { executionProviders: ['wasm'] },
  );
}

/** C [M, N] = A [M, K] · B [K, N] on host arrays (read back to the host). */
export async function ortMatmulHost(s: OrtSession, a: Float32Array, b: Float32Array, M: number, K: number, N: number): Promise<Float32Array> {
  const out = await s.run({ A: new ort.Tensor('float32', a, [M, K]), B: new ort.Tensor('float32', b, [K, N]) });
  const c = out.C;
  const data = (await c.getData()) as Float32Array;
  c.dispose();
  return data;
}

/** An f32 input tensor over an existing GPU buffer (STORAGE | COPY_SRC | COPY_DST). */
export function gpuInput(buffer: GPUBuffer, dims: number[]): ort.Tensor {
  return ort.Tensor.fromGpuBuffer(buffer, { dataType: 'float32', dims });
}

/** One run with GPU inputs; the output stays on the GPU (the caller disposes it). */
export async function ortMatmulGpu(s: OrtSession, a: ort.Tensor, b: ort.Tensor): Promise<ort.Tensor> {
  return (await s.run({ A: a, B: b })).C;
}
