// Optional per-dispatch GPU timing with timestamp queries (only when the device has
// 'timestamp-query'). Each labelled compute pass gets a begin/end query pair; resolve() copies the
// query set into a buffer in the same encoder, read() maps it after submit.
import type { GpuContext } from './device';
import { readBufferBytes } from './readback';

export interface PassTiming {
  label: string;
  ms: number;
}

const QUERY_RESOLVE_COPY_SRC = 0x200 | 0x04; // GPUBufferUsage.QUERY_RESOLVE | COPY_SRC

export class GpuProfiler {
  readonly enabled: boolean;
  private querySet: GPUQuerySet | null = null;
  private resolveBuf: GPUBuffer | null = null;
  private labels: string[] = [];
  private resolved = 0;

  constructor(
    private ctx: GpuContext,
    private capacity = 512,
  ) {
    this.enabled = ctx.features.timestamps;
    if (this.enabled) {
      this.querySet = ctx.device.createQuerySet({ label: 'profiler', type: 'timestamp', count: capacity * 2 });
      this.resolveBuf = ctx.device.createBuffer({ label: 'profiler-resolve', size: capacity * 16, usage: QUERY_RESOLVE_COPY_SRC });
    }
  }

  /** timestampWrites for the next pass, or undefined when disabled or full (timing is best effort). */
  pass(label: string): GPUComputePassTimestampWrites | undefined {
    if (!this.querySet || this.labels.length >= this.capacity) return undefined;
    const i = this.labels.length;
    this.labels.push(label);
    return { querySet: this.querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 };
  }

  /** Record the query resolve into `enc` (call once, before finishing the encoder that ran the passes). */
  resolve(enc: GPUCommandEncoder): void {
    if (!this.querySet || !this.resolveBuf || this.labels.length === 0) return;
    this.resolved = this.labels.length;
    enc.resolveQuerySet(this.querySet, 0, 2 * this.resolved, this.resolveBuf, 0);
  }

  /** Read the timings recorded so far (after the encoder was submitted) and start over. */
  async read(): Promise<PassTiming[]> {
    if (!this.resolveBuf || this.resolved === 0) {
      this.labels = [];
      return [];
    }
    const n = this.resolved;
    const ticks = new BigUint64Array(await readBufferBytes(this.ctx, this.resolveBuf, 0, n * 16, 'profiler'));
    const out: PassTiming[] = [];
    for (let i = 0; i < n; i++) out.push({ label: this.labels[i], ms: Number(ticks[2 * i + 1] - ticks[2 * i]) / 1e6 });
    this.labels = [];
    this.resolved = 0;
    return out;
  }

  /** Sum of times per label. */
  static totals(timings: PassTiming[]): Map<string, number> {
    const m = new Map<string, number>();
    for (const t of timings) m.set(t.label, (m.get(t.label) ?? 0) + t.ms);
    return m;
  }

  destroy(): void {
    this.querySet?.destroy();
    this.resolveBuf?.destroy();
  }
}
