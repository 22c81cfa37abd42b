// Minimal raw-WebGPU helpers for the posterior kernels: a per-device pipeline cache, one-shot
// dispatches with a fresh uniform buffer, and read-back. Self-contained so src/bayes does not
// depend on the shared GPU runtime (src/gpu) while it is being written; every kernel here uses
// bind group 0 with binding 0 = uniform params and bindings 1… = storage buffers.

const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

/** Compute pipeline for `code` (entry point `main`, layout auto), built once per device. */
export function computePipeline(device: GPUDevice, label: string, code: string): GPUComputePipeline {
  let cache = pipelines.get(device);
  if (!cache) pipelines.set(device, (cache = new Map()));
  let p = cache.get(code);
  if (!p) {
    const module = device.createShaderModule({ label, code });
    p = device.createComputePipeline({ label, layout: 'auto', compute: { module, entryPoint: 'main' } });
    cache.set(code, p);
  }
  return p;
}

/** A small uniform buffer holding `data` (created mapped, so no queue write ordering issues). */
export function uniformBuffer(device: GPUDevice, label: string, data: ArrayBuffer): GPUBuffer {
  const size = Math.max(16, Math.ceil(data.byteLength / 16) * 16);
  const buf = device.createBuffer({ label, size, usage: GPUBufferUsage.UNIFORM, mappedAtCreation: true });
  new Uint8Array(buf.getMappedRange()).set(new Uint8Array(data));
  buf.unmap();
  return buf;
}

/** A storage buffer of at least 4 bytes (WebGPU bindings cannot be empty). */
export function storageBuffer(device: GPUDevice, label: string, bytes: number, init?: Float32Array): GPUBuffer {
  const size = Math.max(4, Math.ceil(bytes / 4) * 4);
  const buf = device.createBuffer({ label, size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, mappedAtCreation: !!init });
  if (init) {
    new Float32Array(buf.getMappedRange()).set(init);
    buf.unmap();
  }
  return buf;
}

/**
 * Record one dispatch (binding 0 = params, then `storage` in order) into `encoder`, or into a
 * fresh encoder that is submitted at once when none is given.
 */
export function dispatch(device: GPUDevice, pipeline: GPUComputePipeline, params: ArrayBuffer, storage: readonly GPUBuffer[], groups: readonly [number, number?, number?], encoder?: GPUCommandEncoder): void {
  const uniform = uniformBuffer(device, `${pipeline.label}.params`, params);
  const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: uniform } }];
  storage.forEach((buffer, i) => entries.push({ binding: i + 1, resource: { buffer } }));
  const bindGroup = device.createBindGroup({ label: pipeline.label, layout: pipeline.getBindGroupLayout(0), entries });
  const enc = encoder ?? device.createCommandEncoder({ label: pipeline.label });
  const pass = enc.beginComputePass({ label: pipeline.label });
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(groups[0], groups[1] ?? 1, groups[2] ?? 1);
  pass.end();
  if (!encoder) {
    device.queue.submit([enc.finish()]);
    uniform.destroy(); // freed once the submitted work is done
  } else {
    let list = transient.get(device);
    if (!list) transient.set(device, (list = []));
    list.push(uniform);
  }
}

const transient = new WeakMap<GPUDevice, GPUBuffer[]>();

/**
 * Destroy the uniform buffers of dispatches recorded into caller-owned encoders. Call after
 * submitting those encoders (destroying leaves already-submitted work intact).
 */
export function releaseRecordedUniforms(device: GPUDevice): void {
  for (const b of transient.get(device) ?? []) b.destroy();
  transient.delete(device);
}

/** Workgroup grid (x, y) covering `count` threads with 64-wide workgroups, 2-D past the 65535 limit. */
export function grid64(device: GPUDevice, count: number): [number, number] {
  const groups = Math.max(1, Math.ceil(count / 64));
  const maxX = device.limits.maxComputeWorkgroupsPerDimension;
  if (groups <= maxX) return [groups, 1];
  const y = Math.ceil(groups / maxX);
  return [Math.ceil(groups / y), y];
}

/** Copy `bytes` of a buffer to the host (submits pending work first). */
export async function readFloat32(device: GPUDevice, src: GPUBuffer, count: number, srcOffsetBytes = 0): Promise<Float32Array> {
  const bytes = Math.max(4, count * 4);
  const staging = device.createBuffer({ label: 'bayes.readback', size: bytes, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
  const enc = device.createCommandEncoder({ label: 'bayes.readback' });
  enc.copyBufferToBuffer(src, srcOffsetBytes, staging, 0, bytes);
  device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(staging.getMappedRange().slice(0, count * 4));
  staging.unmap();
  staging.destroy();
  return out;
}
