// Uniform data for every dispatch of one command encoder. queue.writeBuffer runs at call time,
// before the encoder is submitted, so dispatches cannot share one uniform buffer rewritten between
// them; each dispatch gets its own 256-byte slot in a chunk, and all chunks are written just
// before the submit. After the submit the chunks are reused (queue order keeps that safe).
import type { UniformField } from '../../gpu/kernel_declaration';

export const UNIFORM_SLOT = 256; // minUniformBufferOffsetAlignment upper bound
const SLOTS_PER_CHUNK = 256;
const UNIFORM_COPY_DST = 0x40 | 0x08; // GPUBufferUsage.UNIFORM | COPY_DST

interface Chunk {
  buffer: GPUBuffer;
  host: ArrayBuffer;
  used: number;
}

export class UniformArena {
  private chunks: Chunk[] = [];
  private current = 0;

  constructor(private device: GPUDevice) {}

  /** Reserve a slot and fill it; returns the binding resource. */
  push(fields: readonly UniformField[]): GPUBufferBinding {
    if (fields.length * 4 > UNIFORM_SLOT) throw new Error('uniform block too large');
    let chunk = this.chunks[this.current];
    if (chunk && chunk.used === SLOTS_PER_CHUNK) {
      this.current++;
      chunk = this.chunks[this.current];
    }
    if (!chunk) {
      chunk = {
        buffer: this.device.createBuffer({ label: `uniforms#${this.chunks.length}`, size: UNIFORM_SLOT * SLOTS_PER_CHUNK, usage: UNIFORM_COPY_DST }),
        host: new ArrayBuffer(UNIFORM_SLOT * SLOTS_PER_CHUNK),
        used: 0,
      };
      this.chunks.push(chunk);
    }
    const offset = chunk.used * UNIFORM_SLOT;
    const u32 = new Uint32Array(chunk.host, offset, fields.length);
    const i32 = new Int32Array(chunk.host, offset, fields.length);
    const f32 = new Float32Array(chunk.host, offset, fields.length);
    fields.forEach(([kind, v], i) => {
      if (kind === 'u') u32[i] = v >>> 0;
      else if (kind === 'i') i32[i] = v | 0;
      else f32[i] = v;
    });
    chunk.used++;
    return { buffer: chunk.buffer, offset, size: Math.max(16, Math.ceil((fields.length * 4) / 16) * 16) };
  }

  /** Write the used slots to the GPU (call right before submit), then start over. */
  upload(queue: GPUQueue): void {
    for (const c of this.chunks) {
      if (c.used > 0) queue.writeBuffer(c.buffer, 0, c.host, 0, c.used * UNIFORM_SLOT);
      c.used = 0;
    }
    this.current = 0;
  }

  destroy(): void {
    for (const c of this.chunks) c.buffer.destroy();
    this.chunks = [];
  }
}
