// A bounded pool of storage buffers in size buckets (powers of two split in quarters, so at most
// 25 % waste). Released buffers wait in a free list for reuse; the free list is capped in bytes.
// Buffers are destroyed only in trim(), which the owner calls after a submit, so a buffer still
// referenced by recorded-but-unsubmitted commands is never destroyed.
import { limitExceeded } from './errors';

/** STORAGE | COPY_SRC | COPY_DST (spec-fixed flag values, usable before WebGPU globals exist). */
export const STORAGE_USAGE = 0x80 | 0x04 | 0x08;

const MIN_BUCKET = 256;

/** Smallest bucket ≥ bytes: 256 B minimum, then 2^k · {1, 1.25, 1.5, 1.75}. */
export function bucketSize(bytes: number): number {
  if (bytes <= MIN_BUCKET) return MIN_BUCKET;
  const p = 2 ** Math.floor(Math.log2(bytes));
  for (const f of [1, 1.25, 1.5, 1.75, 2]) {
    const s = p * f;
    if (s >= bytes) return s;
  }
  return 2 * p;
}

export interface PoolStats {
  /** Bytes of all live GPU buffers the pool created (in use + free). */
  allocatedBytes: number;
  inUseBytes: number;
  freeBytes: number;
  hits: number;
  misses: number;
  buffers: number;
}

export interface BufferPoolOptions {
  /** Max bytes kept in the free list; beyond it released buffers are destroyed at trim(). */
  maxFreeBytes?: number;
  maxStorageBufferBindingSize?: number;
  maxBufferSize?: number;
}

export class BufferPool {
  private free = new Map<number, GPUBuffer[]>();
  private sizes = new WeakMap<GPUBuffer, number>();
  private doomed: GPUBuffer[] = [];
  private stats_: PoolStats = { allocatedBytes: 0, inUseBytes: 0, freeBytes: 0, hits: 0, misses: 0, buffers: 0 };
  private readonly maxFreeBytes: number;
  private readonly maxBinding: number;
  private readonly maxBuffer: number;

  constructor(
    private device: GPUDevice,
    opts: BufferPoolOptions = {},
  ) {
    this.maxFreeBytes = opts.maxFreeBytes ?? 256 * 1024 * 1024;
    this.maxBinding = opts.maxStorageBufferBindingSize ?? device.limits.maxStorageBufferBindingSize;
    this.maxBuffer = opts.maxBufferSize ?? device.limits.maxBufferSize;
  }

  get stats(): Readonly<PoolStats> {
    return { ...this.stats_ };
  }

  /** A storage buffer of at least `bytes` (contents undefined: a reused buffer keeps old data). */
  acquire(bytes: number, label: string): GPUBuffer {
    const need = Math.max(4, Math.ceil(bytes / 4) * 4);
    if (need > this.maxBinding) throw limitExceeded('maxStorageBufferBindingSize', need, this.maxBinding, `buffer '${label}'`);
    let size = bucketSize(need);
    if (size > this.maxBuffer || size > this.maxBinding) size = need;
    const list = this.free.get(size);
    const reused = list?.pop();
    if (reused) {
      this.stats_.hits++;
      this.stats_.freeBytes -= size;
      this.stats_.inUseBytes += size;
      reused.label = label;
      return reused;
    }
    this.stats_.misses++;
    const buf = this.device.createBuffer({ label, size, usage: STORAGE_USAGE });
    this.sizes.set(buf, size);
    this.stats_.allocatedBytes += size;
    this.stats_.inUseBytes += size;
    this.stats_.buffers++;
    return buf;
  }

  /** Bytes actually allocated for a pooled buffer. */
  sizeOf(buf: GPUBuffer): number {
    return this.sizes.get(buf) ?? buf.size;
  }

  release(buf: GPUBuffer): void {
    const size = this.sizes.get(buf);
    if (size === undefined) throw new Error(`buffer '${buf.label}' does not belong to this pool`);
    this.stats_.inUseBytes -= size;
    if (this.stats_.freeBytes + size > this.maxFreeBytes) {
      this.doomed.push(buf); // destroyed at trim(), after the commands using it are submitted
      return;
    }
    const list = this.free.get(size) ?? [];
    list.push(buf);
    this.free.set(size, list);
    this.stats_.freeBytes += size;
  }

  /** Destroy buffers over the cap; call after submitting the commands that may use them. */
  trim(): void {
    for (const b of this.doomed) this.forget(b);
    this.doomed = [];
  }

  /** Destroy every free buffer (e.g. on memory pressure). */
  clearFree(): void {
    for (const list of this.free.values())
      for (const b of list) {
        this.stats_.freeBytes -= this.sizes.get(b) ?? 0;
        this.forget(b);
      }
    this.free.clear();
    this.trim();
  }

  private forget(b: GPUBuffer): void {
    this.stats_.allocatedBytes -= this.sizes.get(b) ?? 0;
    this.stats_.buffers--;
    this.sizes.delete(b);
    b.destroy();
  }
}
