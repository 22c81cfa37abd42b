// onnxruntime as a peer of our inference forward: BertForSequenceClassification (logits out) on the
// synthetic bench batch. The ONNX file is our own merged export (src/export/onnx/export_run.ts) of
// the base model with LoRA-XS adapters as the engine's benchmarks initialise them (benchAdapters,
// initAdapters, initHead, one seed), so both sides run the same adapted model. The embedded
// public/models/*/model.onnx is not used: it is the bare encoder (last_hidden_state,
// pooler_output, hidden states), without a classifier.
// Backends: onnxruntime-web's wasm EP (Node or browser; its thread count is process-global and
// fixed by the first session) and onnxruntime-node's CPU EP (Node only; imported on demand so
// browser bundles never see it).
import type { BatchInput } from '../../engine/bert/batch';
import { configureOrt } from '../../onnx/ort_env';
import { median, timeUnits } from '../interleave';
import { ortFeeds } from './peer_model';

type OrtModule = typeof import('onnxruntime-web');
type OrtSession = import('onnxruntime-web').InferenceSession;

export type OrtPeerBackend = 'web-wasm' | 'node';

export interface OrtForward {
  backend: OrtPeerBackend;
  threads: number;
  session: OrtSession;
  /** The module that made the session: its Tensor class builds the feeds. */
  ort: OrtModule;
}

let webThreads: number | undefined;

export async function createOrtForward(modelBytes: Uint8Array, o: { backend: OrtPeerBackend; threads: number }): Promise<OrtForward> {
  if (o.backend === 'web-wasm') {
    // env.wasm.numThreads is read once, when the first session loads the wasm module.
    if (webThreads !== undefined && webThreads !== o.threads) {
      throw new Error(`onnxruntime-web is already initialised with ${webThreads} thread(s) in this process; run ${o.threads} in another process`);
    }
    const ort = configureOrt({ numThreads: o.threads });
    webThreads = o.threads;
    const session = await ort.InferenceSession.create(modelBytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    return { backend: o.backend, threads: o.threads, session, ort };
  }
  const ort = (await import('onnxruntime-node')) as unknown as OrtModule;
  const session = await ort.InferenceSession.create(modelBytes, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    intraOpNumThreads: o.threads,
    interOpNumThreads: 1,
  });
  return { backend: o.backend, threads: o.threads, session, ort };
}

/** One forward: logits [batch, numLabels] on the host. */
export async function ortForwardLogits(f: OrtForward, b: BatchInput): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const out = await f.session.run(ortFeeds(f, b), ['logits']);
  return { data: out.logits.data as Float32Array, dims: out.logits.dims };
}

export interface OrtForwardTiming {
  /** Median wall ms per forward over the repetitions. */
  msMedian: number;
  /** Wall ms per forward of each repetition. */
  samples: number[];
  /** Median process CPU ms per forward (all threads; Node only, else undefined). */
  cpuMsMedian?: number;
}

/** Warm-up runs untimed, then `reps` repetitions of `itersPerRep` forwards; feeds are built once. */
export async function timeOrtForward(f: OrtForward, b: BatchInput, o: { warmup: number; reps: number; itersPerRep: number }): Promise<OrtForwardTiming> {
  const x = ortFeeds(f, b);
  for (let i = 0; i < o.warmup; i++) await f.session.run(x, ['logits']);
  const samples: number[] = [],
    cpu: number[] = [];
  for (let r = 0; r < o.reps; r++) {
    const t = await timeUnits(o.itersPerRep, () => f.session.run(x, ['logits']));
    samples.push(t.ms);
    cpu.push(t.cpuMs ?? NaN);
  }
  const c = median(cpu);
  return { msMedian: median(samples), samples, cpuMsMedian: Number.isNaN(c) ? undefined : c };
}
