// Create an onnxruntime-web session over model.onnx bytes: webgpu EP in the browser when
// possible (optionally on the app's own GPUDevice, outputs left on the GPU), wasm EP otherwise.

import { ort, webGpuEpPossible } from './ort_env';

export type OrtEp = 'webgpu' | 'wasm';

export interface SessionOptions {
  /** 'auto' tries webgpu where possible and falls back to wasm. */
  ep?: OrtEp | 'auto';
  /** Run the webgpu EP on this device so its outputs can feed our kernels directly. */
  device?: GPUDevice;
  /** Keep outputs in GPU buffers (webgpu EP only). */
  outputsOnGpu?: boolean;
}

export interface OrtModel {
  session: ort.InferenceSession;
  ep: OrtEp;
  /** Why webgpu was not used, when it was asked for and failed. */
  fallbackReason?: string;
}

export async function createOrtSession(bytes: Uint8Array, opts: SessionOptions = {}): Promise<OrtModel> {
  const want = opts.ep ?? 'auto';
  if (want === 'webgpu' || (want === 'auto' && webGpuEpPossible())) {
    try {
      // The device goes in the EP options: in ORT 1.30 ort.env.webgpu.device only reports the device
      // ORT created and is not read when a session starts.
      const session = await ort.InferenceSession.create(bytes, {
        executionProviders: [opts.device ? { name: 'webgpu', device: opts.device } : 'webgpu'],
        ...(opts.outputsOnGpu ? { preferredOutputLocation: 'gpu-buffer' as const } : {}),
      });
      return { session, ep: 'webgpu' };
    } catch (e) {
      if (want === 'webgpu') throw e;
      const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
      return { session, ep: 'wasm', fallbackReason: String(e) };
    }
  }
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  return { session, ep: 'wasm' };
}
