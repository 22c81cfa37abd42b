// In the browser (bench.html ?run=forward): our WebGPU encoder forward against onnxruntime-web's
// webgpu EP on the same device, the same adapted model (peer_model.ts: our merged export of the
// same LoRA-XS adapters and head) and the same batch, interleaved; plus how many compute dispatches
// and queue submits one training step and one forward record (CommandRecorder counters).
import type { InferenceSession } from 'onnxruntime-web';
import type { WebGpuBackend } from '../../engine/webgpu/webgpu_backend';
import { ort } from '../../onnx/ort_env';
import type { BenchModel } from '../bench_model';
import { benchSetup, trainingRunner, type Workload } from './engine_runners';
import { median } from '../interleave';
import { ortFeeds } from '../peers/peer_model';

export interface ForwardVsOrt {
  workload: Workload;
  reps: number;
  oursMs: number;
  ortMs: number;
  /** ortMs / oursMs: above 1, ours is faster. */
  speedRatio: number;
  /** max |logits ours − logits ORT| (same adapted model: rounding only). */
  maxAbsLogitDiff: number;
  dispatchesPerForward: number;
  submitsPerForward: number;
  dispatchesPerTrainingStep: number;
  submitsPerTrainingStep: number;
}

export async function forwardVsOrt(
  be: WebGpuBackend,
  session: InferenceSession,
  model: BenchModel,
  w: Workload,
  o: { reps: number; log: (s: string) => void },
): Promise<ForwardVsOrt> {
  const { clf, host, batch, dispose } = benchSetup(be, model, w);
  const feeds = ortFeeds({ ort }, host);
  const ours = async () => {
    const t = clf.predict(batch);
    const v = (await be.read(t)) as Float32Array;
    be.release(t);
    return v;
  };
  const theirs = async () => (await session.run(feeds, ['logits'])).logits.data as Float32Array;
  try {
    const a = await ours(),
      b = await theirs();
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
    const rec = be.recorder;
    const d0 = rec.dispatches,
      s0 = rec.submits;
    await ours();
    const dispatchesPerForward = rec.dispatches - d0,
      submitsPerForward = rec.submits - s0;
    const tr = trainingRunner(be, model, w);
    await tr.run();
    const d1 = rec.dispatches,
      s1 = rec.submits;
    await tr.run();
    const dispatchesPerTrainingStep = rec.dispatches - d1,
      submitsPerTrainingStep = rec.submits - s1;
    tr.dispose();
    const to: number[] = [],
      tt: number[] = [];
    for (let r = 0; r < o.reps; r++) {
      for (const [name, f, out] of (r % 2
        ? [
            ['ours', ours, to],
            ['ort', theirs, tt],
          ]
        : [
            ['ort', theirs, tt],
            ['ours', ours, to],
          ]) as [string, () => Promise<unknown>, number[]][]) {
        const t0 = performance.now();
        await f();
        out.push(performance.now() - t0);
        o.log(`forward rep ${r + 1}/${o.reps} ${name}: ${out.at(-1)!.toFixed(1)} ms`);
      }
    }
    const oursMs = median(to),
      ortMs = median(tt);
    return {
      workload: w,
      reps: o.reps,
      oursMs,
      ortMs,
      speedRatio: ortMs / oursMs,
      maxAbsLogitDiff: diff,
      dispatchesPerForward,
      submitsPerForward,
      dispatchesPerTrainingStep,
      submitsPerTrainingStep,
    };
  } finally {
    dispose();
  }
}

export interface KernelShare {
  kernel: string;
  ms: number;
  dispatches: number;
  share: number;
}

/**
 * Where one forward's GPU time goes: every dispatch timed with timestamp queries (a profiling
 * backend: one pass per dispatch), grouped by what the dispatch produced (its label up to the first
 * parenthesis or dot, e.g. "linear", "attn", "ln"), largest first. Empty without timestamp-query.
 */
export async function profileForward(be: WebGpuBackend, model: BenchModel, w: Workload): Promise<KernelShare[]> {
  const profiler = be.recorder.profiler;
  if (!profiler) return [];
  const { clf, batch, dispose } = benchSetup(be, model, w);
  try {
    const warm = clf.predict(batch); // warm: pipelines compiled, buffers pooled
    await be.read(warm);
    be.release(warm);
    await profiler.read();
    const logits = clf.predict(batch);
    await be.read(logits);
    be.release(logits);
    const timings = await profiler.read();
    const groups = new Map<string, { ms: number; dispatches: number }>();
    for (const t of timings) {
      const kernel = /^[^(.]+/.exec(t.label)?.[0] ?? t.label;
      const g = groups.get(kernel) ?? { ms: 0, dispatches: 0 };
      g.ms += t.ms;
      g.dispatches++;
      groups.set(kernel, g);
    }
    const total = [...groups.values()].reduce((s, g) => s + g.ms, 0);
    return [...groups].map(([kernel, g]) => ({ kernel, ...g, share: g.ms / total })).sort((a, b) => b.ms - a.ms);
  } finally {
    dispose();
  }
}
