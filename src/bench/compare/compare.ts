// `npm run bench` (blora bench compare): our CPU engine against its peers on this machine, in one
// run, interleaved (every contestant one repetition per round, rotating order), warm-up rounds
// excluded, medians of the kept rounds:
// - the LoRA-XS training step against PyTorch CPU (1 and 2 threads, tools/bench/torch_train_step.py);
// - the inference forward against onnxruntime-web's wasm EP (1 and 2 threads) and onnxruntime-node
//   (1 and 2 threads), on our merged export of the same adapted model;
// - square matmul against TensorFlow.js wasm (XNNPACK) and onnxruntime-web's wasm MatMul, as shares
//   of the machine's f32 peak;
// - how our cost grows with sequence length, batch and rank, and attention's time per FLOP against
//   the linear layers'.
// Node only. Results: JSON (every sample) and docs/benchmarks.md (report.ts).
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { relative } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Backend } from '../../engine/backend';
import { CpuBackend } from '../../engine/cpu/backend';
import { createWasmCpuBackend } from '../../engine/wasm/wasm_backend';
import { chooseThreads } from '../../engine/wasm/threads_choice';
import type { WasmKernels } from '../../engine/wasm/wasm_kernels';
import { configureOrt } from '../../onnx/ort_env';
import { benchAdapters, encoderShape, randomBenchModel, type BenchModel } from '../bench_model';
import { forwardFlops, trainStepFlops } from '../flops';
import { createOrtForward } from '../peers/ort_forward';
import { ortFeeds, peerModelOnnx } from '../peers/peer_model';
import { initTfjsWasm, lcgValues, ortMatmulSession } from '../peers/tfjs_matmul';
import { ortMatmulHost } from '../ort_matmul';
import { syntheticBatch } from '../bench_model';
import { cpuPeak, type CpuPeak } from './cpu_peak';
import { forwardRunner, trainingRunner, type EngineRunner, type Workload } from './engine_runners';
import { interleave, median, timeUnits, type Contestant, type Timing } from '../interleave';
import { LinePeer } from './line_peer';

export interface CompareOptions {
  model: BenchModel;
  /** The CLI entry (bin/blora.mjs) that serves `bench ort-peer` for the 2-thread onnxruntime-web peer. */
  cliEntry: string;
  python: string;
  rounds: number;
  warmupRounds: number;
  /** Skip parts (quick runs, tests). */
  skip?: Partial<Record<'training' | 'forward' | 'matmul' | 'scaling' | 'attention' | 'torch' | 'typescript', boolean>>;
  matmulSizes?: number[];
  log: (s: string) => void;
  /** Called with the result so far after every part, so a stopped run keeps what it measured. */
  onPartial?: (r: CompareResult) => void;
}

export interface CompareResult {
  kind: 'compare';
  date: string;
  machine: { cpu: string; cores: number; node: string; peak: CpuPeak; loadAverageStart: number[]; loadAverageEnd: number[] };
  workload: Workload & { model: string; flopsPerStep: number; flopsPerForward: number };
  threads: number;
  rounds: number;
  warmupRounds: number;
  training: Timing[];
  forward: Timing[];
  /** One-off: the TypeScript reference backend's training step (the "before"), not interleaved. */
  typescriptTrainingMs?: number;
  matmul: { n: number; timings: Timing[] }[];
  scaling: { batch: number; seqLen: number; r: number; threads: number; msPerStep: number; usPerToken: number; model: string }[];
  attention?: {
    batch: number;
    seqLen: number;
    heads: number;
    headDim: number;
    attentionMs: number;
    attentionGflops: number;
    linearMs: number;
    linearGflops: number;
    ratio: number;
  };
  notes: string[];
}

const W: Workload = { batch: 32, seqLen: 64, r: 8 };

function engineContestant(name: string, runner: EngineRunner, units: number): Contestant {
  return { name, rep: () => timeUnits(units, () => runner.run()) };
}

function peerContestant(name: string, peer: LinePeer, request: string): Contestant {
  return {
    name,
    async rep() {
      const r = await peer.request(request);
      if (typeof r.ms !== 'number') throw new Error(`${name}: ${JSON.stringify(r)}`);
      return { ms: r.ms, cpuMs: typeof r.cpuMs === 'number' ? r.cpuMs : undefined };
    },
  };
}

async function startTorch(o: CompareOptions, threads: number): Promise<LinePeer> {
  const env = { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
  const args = [
    'tools/bench/torch_train_step.py',
    '--serve',
    '--threads',
    String(threads),
    '--batch',
    String(W.batch),
    '--seq-len',
    String(W.seqLen),
    '--r',
    String(W.r),
    '--warmup',
    '3',
  ];
  const { peer } = await LinePeer.start(o.python, args, env, `PyTorch (${threads} thread${threads > 1 ? 's' : ''})`);
  return peer;
}

export async function runCompare(o: CompareOptions): Promise<CompareResult> {
  const skip = o.skip ?? {};
  const peak = cpuPeak(readFileSync('/proc/cpuinfo', 'utf8'));
  const { threads, note } = await chooseThreads(0);
  const result: CompareResult = {
    kind: 'compare',
    date: new Date().toISOString(),
    machine: { cpu: peak.model, cores: cpus().length, node: process.version, peak, loadAverageStart: loadavg(), loadAverageEnd: [] },
    workload: {
      ...W,
      model: relative(process.cwd(), o.model.id) || o.model.id,
      flopsPerStep: trainStepFlops(encoderShape(o.model.config, benchAdapters(W.r), W.batch, W.seqLen)),
      flopsPerForward: forwardFlops(encoderShape(o.model.config, benchAdapters(W.r), W.batch, W.seqLen)),
    },
    threads,
    rounds: o.rounds,
    warmupRounds: o.warmupRounds,
    training: [],
    forward: [],
    matmul: [],
    scaling: [],
    notes: note ? [note] : [],
  };
  const be1 = await createWasmCpuBackend({ threads: 1 });
  const beN: Backend | null = threads > 1 ? await createWasmCpuBackend({ threads }) : null;
  const ours = (label: string) => [
    { name: `ours, wasm, 1 thread ${label}`.trim(), be: be1 },
    ...(beN ? [{ name: `ours, wasm, ${threads} threads ${label}`.trim(), be: beN }] : []),
  ];
  const torch: LinePeer[] = [];
  const runners: EngineRunner[] = [];
  try {
    if (!skip.torch && (!skip.training || !skip.forward)) {
      o.log('starting PyTorch peers (1 and 2 threads)…');
      try {
        for (const t of [1, 2]) torch.push(await startTorch(o, t));
      } catch (err) {
        for (const p of torch) p.close();
        torch.length = 0;
        result.notes.push(
          `PyTorch peer unavailable (${(err as Error).message.split('\n')[0]}); its rows are missing. On Debian: apt-get install python3-torch libopenblas0-pthread`,
        );
        o.log(`  ${result.notes.at(-1)}`);
      }
    }
    if (!skip.training) {
      o.log(`\n== training step: batch ${W.batch}, length ${W.seqLen}, LoRA-XS r = ${W.r} (${o.rounds} rounds after ${o.warmupRounds} warm-up)`);
      const cs: Contestant[] = ours('').map(({ name, be }) => {
        const r = trainingRunner(be, o.model, W);
        runners.push(r);
        return engineContestant(name, r, 3);
      });
      torch.forEach((p, i) => cs.push(peerContestant(`PyTorch, ${i + 1} thread${i ? 's' : ''}`, p, 'train 3')));
      result.training = await interleave(cs, { rounds: o.rounds, warmup: o.warmupRounds, log: o.log });
      o.onPartial?.(result);
      if (!skip.typescript) {
        o.log('  TypeScript reference backend (1 warm-up + 2 steps, not interleaved)…');
        const r = trainingRunner(new CpuBackend(), o.model, W);
        await r.run();
        result.typescriptTrainingMs = (await timeUnits(2, () => r.run())).ms;
        r.dispose();
      }
    }
    if (!skip.forward) {
      o.log(`\n== inference forward: batch ${W.batch}, length ${W.seqLen}, logits read back`);
      const cs: Contestant[] = ours('').map(({ name, be }) => {
        const r = forwardRunner(be, o.model, W);
        runners.push(r);
        return engineContestant(name, r, 5);
      });
      configureOrt({ numThreads: 1 });
      const onnx = peerModelOnnx(o.model.config, o.model.weights, W.r);
      const batch = syntheticBatch(o.model.config, W.batch, W.seqLen, 7);
      const web1 = await createOrtForward(onnx, { backend: 'web-wasm', threads: 1 });
      const f1 = ortFeeds(web1, batch);
      cs.push({ name: 'onnxruntime-web wasm, 1 thread', rep: () => timeUnits(5, () => web1.session.run(f1, ['logits'])) });
      const { peer: web2 } = await LinePeer.start(
        process.execPath,
        [o.cliEntry, 'bench', 'ort-peer', '--threads', '2'],
        process.env,
        'onnxruntime-web (2 threads)',
      );
      torch.push(web2); // closed with the others
      cs.push(peerContestant('onnxruntime-web wasm, 2 threads', web2, 'forward 5'));
      for (const t of [1, 2]) {
        const s = await createOrtForward(onnx, { backend: 'node', threads: t });
        const fd = ortFeeds(s, batch);
        cs.push({ name: `onnxruntime-node, ${t} thread${t > 1 ? 's' : ''}`, rep: () => timeUnits(5, () => s.session.run(fd, ['logits'])) });
      }
      torch
        .filter((p) => p.what.startsWith('PyTorch'))
        .forEach((p, i) => cs.push(peerContestant(`PyTorch forward, ${i + 1} thread${i ? 's' : ''}`, p, 'forward 5')));
      result.forward = await interleave(cs, { rounds: o.rounds, warmup: o.warmupRounds, log: o.log });
      o.onPartial?.(result);
    }
    if (!skip.matmul) {
      await initTfjsWasm();
      configureOrt({ numThreads: 1 });
      const sess = await ortMatmulSession();
      const k1 = (be1 as CpuBackend).kernels as WasmKernels,
        kN = beN ? ((beN as CpuBackend).kernels as WasmKernels) : null;
      for (const n of o.matmulSizes ?? [256, 512, 1024]) {
        o.log(`\n== matmul ${n} × ${n} × ${n}`);
        const a = lcgValues(n * n, 1),
          b = lcgValues(n * n, 2);
        const ta = tf.tensor2d(a, [n, n]),
          tb = tf.tensor2d(b, [n, n]);
        const units = n <= 256 ? 20 : n <= 512 ? 4 : 1;
        const cs: Contestant[] = [
          { name: 'ours, wasm, 1 thread', rep: () => timeUnits(units, () => k1.matmul(a, b, n, n, n)) },
          ...(kN ? [{ name: `ours, wasm, ${threads} threads`, rep: () => timeUnits(units, () => kN.matmul(a, b, n, n, n)) }] : []),
          { name: 'TensorFlow.js wasm (XNNPACK), 1 thread', rep: () => timeUnits(units, () => tf.matMul(ta, tb).dispose()) },
          { name: 'onnxruntime-web wasm MatMul, 1 thread', rep: () => timeUnits(units, () => ortMatmulHost(sess, a, b, n, n, n)) },
        ];
        result.matmul.push({ n, timings: await interleave(cs, { rounds: o.rounds, warmup: o.warmupRounds, log: o.log }) });
        o.onPartial?.(result);
        ta.dispose();
        tb.dispose();
      }
    }
    for (const p of torch) p.close();
    torch.length = 0;
    if (!skip.scaling) {
      o.log('\n== how the training step grows (ours, wasm, 1 thread; 1 warm-up + 3 steps each)');
      const grid: Workload[] = [
        ...[32, 64, 128, 256].map((seqLen) => ({ batch: 32, seqLen, r: 8 })),
        ...[8, 128].map((batch) => ({ batch, seqLen: 64, r: 8 })),
        ...[2, 32].map((r) => ({ batch: 32, seqLen: 64, r })),
      ];
      // Lengths past the model's position table run on random weights of the same shape with 512
      // positions (the cost does not depend on the values).
      const long = randomBenchModel(1);
      for (const w of grid) {
        const m = w.seqLen > o.model.config.maxPositionEmbeddings ? long : o.model;
        const r = trainingRunner(be1, m, w);
        await r.run();
        const ms = median([await timeUnits(1, () => r.run()), await timeUnits(1, () => r.run()), await timeUnits(1, () => r.run())].map((x) => x.ms));
        r.dispose();
        result.scaling.push({ ...w, threads: 1, msPerStep: ms, usPerToken: (ms * 1000) / (w.batch * w.seqLen), model: m.id });
        o.onPartial?.(result);
        o.log(`  B ${w.batch}, T ${w.seqLen}, r ${w.r}: ${ms.toFixed(1)} ms/step, ${((ms * 1000) / (w.batch * w.seqLen)).toFixed(1)} µs/token`);
      }
    }
    if (!skip.attention) result.attention = attentionVsLinear((be1 as CpuBackend).kernels as WasmKernels, o.model, o.log);
  } finally {
    for (const p of torch) p.close();
    for (const r of runners) r.dispose();
    be1.destroy();
    beN?.destroy();
  }
  result.machine.loadAverageEnd = loadavg();
  return result;
}

/**
 * Attention (forward + backward, the model's heads at T = 128, batch 32) against the linear layer
 * of the same tokens ([B·T, H] × [H, H]ᵀ), each in GFLOP/s of its own matrix products, on the
 * kernel set (copies in and out included for both).
 */
function attentionVsLinear(k: WasmKernels, model: BenchModel, log: (s: string) => void): CompareResult['attention'] {
  const B = 32,
    T = 128,
    H = model.config.numAttentionHeads,
    D = model.config.hiddenSize,
    d = D / H,
    N = B * T;
  const q = lcgValues(N * D, 1),
    kk = lcgValues(N * D, 2),
    v = lcgValues(N * D, 3),
    dc = lcgValues(N * D, 4),
    mask = new Float32Array(B * T).fill(1);
  const w = lcgValues(D * D, 5);
  const dims = { batch: B, seqLen: T, heads: H, headDim: d };
  const spec = { p: 0.1, seed: 1, stream: 2 };
  const att = () => {
    const f = k.attention(q, kk, v, mask, dims, spec);
    k.attentionBackward(dc, q, kk, v, f.probs, f.probsPreDropout, dims, spec);
  };
  const lin = () => k.matmul(q, w, N, D, D, { transB: true });
  for (let i = 0; i < 3; i++) {
    att();
    lin();
  }
  const ta: number[] = [],
    tl: number[] = [];
  for (let i = 0; i < 7; i++) {
    let t0 = performance.now();
    att();
    ta.push(performance.now() - t0);
    t0 = performance.now();
    for (let j = 0; j < 4; j++) lin();
    tl.push((performance.now() - t0) / 4);
  }
  const attFlops = 12 * B * H * T * T * d,
    linFlops = 2 * N * D * D;
  const attentionMs = median(ta),
    linearMs = median(tl);
  const r = {
    batch: B,
    seqLen: T,
    heads: H,
    headDim: d,
    attentionMs,
    attentionGflops: attFlops / attentionMs / 1e6,
    linearMs,
    linearGflops: linFlops / linearMs / 1e6,
    ratio: 0,
  };
  r.ratio = r.linearGflops / r.attentionGflops;
  log(
    `\n== attention vs linear at T = ${T}: attention ${r.attentionGflops.toFixed(1)} GFLOP/s, linear ${r.linearGflops.toFixed(1)} GFLOP/s (time per FLOP ${r.ratio.toFixed(2)}× the linear layer's)`,
  );
  return r;
}
