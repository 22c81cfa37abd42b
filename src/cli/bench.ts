// `blora bench engine | mc`: throughput figures of the engine, printed (and optionally written as
// JSON), never asserted. See docs/benchmarks.md for what is measured and the FLOP formulas.
import { parseArgs } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFileAtomic } from './atomic_write';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import type { Backend } from '../engine/backend';
import { compareMatmul, type MatmulTiming } from '../engine/cpu/matmul_compare';
import { WebGpuBackend } from '../engine/webgpu/webgpu_backend';
import { benchMatmul, type MatmulBenchResult } from '../bench/gpu/matmul_bench';
import { randomBenchModel, type BenchModel } from '../bench/bench_model';
import { machineInfo, type MachineInfo } from '../bench/machine_node';
import { benchMcPrediction, type McBenchResult } from '../bench/mc_bench';
import { formatTable, sig } from '../bench/table';
import { benchTraining, type TrainBenchResult } from '../bench/train_bench';
import { createBackend } from '../train/backend_factory';
import { createGpuContext } from '../gpu/device';
import { DEFAULT_MODEL_DIR, loadModelDir, UsageError } from './common_args';
import { nodeGpu } from '../gpu/node_gpu';
import { checkOutputs } from './output_preflight';

const USAGE = `blora bench engine [--backend wasm|cpu|webgpu|all] [--steps N] [--warmup N] [--sizes 256,512,1024]
                   [--no-matmul] [--no-train] [--browser auto|on|off] [--model DIR] [--json FILE]
blora bench compare (npm run bench: against PyTorch, onnxruntime, TensorFlow.js; --help for its options)
blora bench mc     [--backend wasm|cpu|webgpu|all] [--S 15] [--reps N] [--model DIR] [--json FILE]
                   (Monte-Carlo prediction, sequential S passes and one grouped forward, against one forward)
Both take --batch N (default 32) and --seq-len N (default 64), for quick smoke runs.

Training: batch 32, sequence length 64, LoRA-XS r = 8 on query, value, attention output, FFN output.
On a software WebGPU adapter (SwiftShader) the WebGPU figures use 1 warm-up and 2 steps / 1 repetition.`;

const RANK = 8;

type BackendName = 'wasm' | 'cpu' | 'webgpu';
interface BackendRun {
  name: BackendName;
  be: Backend;
  label: string;
  software: boolean;
}

type Log = (line: string) => void;
const log: Log = (line) => console.log(line);

function intArg(v: string | undefined, name: string, fallback: number | undefined): number | undefined {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got "${v}"`);
  return n;
}

function backendNames(v: string | undefined): BackendName[] {
  const b = v ?? 'all';
  if (b === 'all') return ['wasm', 'cpu', 'webgpu'];
  if (b === 'wasm' || b === 'cpu' || b === 'webgpu') return [b];
  throw new UsageError(`--backend must be wasm, cpu, webgpu or all; got "${b}"`);
}

/** The embedded model when its weights exist, else random weights of BERT-tiny's shape. */
async function benchModel(dir: string | undefined): Promise<BenchModel> {
  const path = resolve(dir ?? DEFAULT_MODEL_DIR);
  if (existsSync(join(path, 'model.safetensors'))) {
    const m = await loadModelDir(path);
    return { id: m.id, config: m.config, weights: m.weights };
  }
  if (dir) throw new UsageError(`${path} has no model.safetensors`);
  return randomBenchModel(1);
}

let nodeGpuObject: GPU | undefined;

async function openBackend(name: BackendName, machine: MachineInfo): Promise<BackendRun> {
  if (name === 'cpu' || name === 'wasm') {
    const { backend } = await createBackend(name);
    return { name, be: backend, label: name === 'wasm' ? 'cpu, WebAssembly SIMD' : 'cpu, TypeScript', software: false };
  }
  // Dawn's GPU object must outlive its devices: a collected one takes its threads down with it.
  nodeGpuObject ??= await nodeGpu();
  // A long GPU timeout: one training step takes ~40 s on SwiftShader, more on a loaded machine.
  const ctx = await createGpuContext({ gpu: nodeGpuObject, allowFallback: true, timeoutMs: 900_000, label: 'bench' });
  const backend = new WebGpuBackend(ctx);
  const a = ctx.adapterInfo;
  machine.adapter = { ...a, software: a.isFallback };
  const what = a.description || [a.vendor, a.architecture].filter(Boolean).join(' ');
  return { name, be: backend, label: `webgpu, ${a.isFallback ? 'software adapter' : 'adapter'} (${what})`, software: a.isFallback };
}

function writeJson(file: string | undefined, data: unknown): void {
  if (!file) return;
  writeFileAtomic(resolve(file), JSON.stringify(data, null, 2) + '\n');
  log(`wrote ${file}`);
}

interface EngineFigures {
  backend: string;
  train?: TrainBenchResult;
  matmul?: { cpu?: MatmulTiming[]; webgpu?: MatmulBenchResult[] };
}

async function engine(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      backend: { type: 'string' },
      steps: { type: 'string' },
      warmup: { type: 'string' },
      sizes: { type: 'string' },
      'no-matmul': { type: 'boolean' },
      'no-train': { type: 'boolean' },
      browser: { type: 'string' },
      model: { type: 'string' },
      json: { type: 'string' },
      batch: { type: 'string' },
      'seq-len': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (v.help) {
    log(USAGE);
    return 0;
  }
  checkOutputs([v.json !== undefined && { flag: '--json', path: v.json, kind: 'file' }]);
  const names = backendNames(v.backend);
  const batch = intArg(v.batch, 'batch', 32)!,
    seqLen = intArg(v['seq-len'], 'seq-len', 64)!;
  const sizes = (v.sizes ?? '256,512,1024').split(',').map((s) => intArg(s, 'sizes', undefined)!);
  const steps = intArg(v.steps, 'steps', undefined),
    warmup = intArg(v.warmup, 'warmup', undefined);
  const browser = v.browser ?? 'auto';
  if (!['auto', 'on', 'off'].includes(browser)) throw new UsageError('--browser must be auto, on or off');
  const machine = machineInfo();
  log(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, load average ${machine.loadAverage.join(' / ')}`);
  const model = v['no-train'] ? null : await benchModel(v.model);
  if (model)
    log(
      `model: ${model.id} (${model.config.numHiddenLayers} layers, hidden ${model.config.hiddenSize}, FFN ${model.config.intermediateSize}, vocab ${model.config.vocabSize})`,
    );
  const figures: EngineFigures[] = [];
  for (const name of names) {
    const run = await openBackend(name, machine);
    log(`\n== ${run.label}`);
    const f: EngineFigures = { backend: run.label };
    figures.push(f);
    try {
      if (model) {
        const o = run.software
          ? { warmup: warmup ?? 1, steps: steps ?? 2 }
          : { warmup: warmup ?? (name === 'webgpu' ? 3 : 2), steps: steps ?? (name === 'webgpu' ? 20 : 10) };
        log(`training: batch ${batch}, length ${seqLen}, LoRA-XS r = ${RANK}, ${o.warmup} warm-up + ${o.steps} timed steps`);
        f.train = await benchTraining(run.be, model, { batch, seqLen, r: RANK, ...o, log });
        log(
          `  ${sig(f.train.msPerStep, 4)} ms/step, ${sig(f.train.examplesPerSec)} examples/s, ${sig(f.train.gflops)} GFLOP/s ` +
            `(${sig(f.train.flopsPerStep / 1e9, 4)} GFLOP/step; last loss ${f.train.lastLoss.toFixed(4)})`,
        );
      }
      if (!v['no-matmul'] && name === 'wasm') {
        // compareMatmul times the TypeScript kernels; the WebAssembly GEMM is measured against its peers there.
        log('matmul: the WebAssembly GEMM is measured by `npm run bench` (blora bench compare)');
      } else if (!v['no-matmul']) {
        log('matmul (n × n × n):');
        if (name === 'cpu') {
          // Best of 3 at ≤ 512; one repetition at larger sizes (the naive loop takes seconds).
          const small = sizes.filter((n) => n <= 512),
            big = sizes.filter((n) => n > 512);
          const prefix = (s: string) => log(`  ${s}`);
          f.matmul = { cpu: [...(small.length ? compareMatmul(small, 3, prefix) : []), ...(big.length ? compareMatmul(big, 1, prefix) : [])] };
        } else {
          f.matmul = {
            webgpu: await benchMatmul(run.be as WebGpuBackend, {
              sizes,
              warmup: 1,
              reps: run.software ? 3 : 20,
              maxMsPerSize: run.software ? 8_000 : 30_000,
              log: (s) => log(`  ${s}`),
            }),
          };
        }
      }
    } finally {
      run.be.destroy();
    }
  }
  printEngineSummary(figures);
  const result: Record<string, unknown> = { kind: 'engine', date: new Date().toISOString(), machine, model: model?.id, figures };
  writeJson(v.json, result);
  if (browser !== 'off') {
    const b = runBrowserBench(browser === 'on', sizes);
    if (b) {
      result.browser = b;
      writeJson(v.json, result);
    }
  }
  return 0;
}

function printEngineSummary(figures: EngineFigures[]): void {
  const train = figures.filter((f) => f.train);
  if (train.length) {
    log(`\nTraining throughput (batch ${train[0].train!.batch}, length ${train[0].train!.seqLen}, LoRA-XS r = ${train[0].train!.r})`);
    log(
      formatTable(
        ['backend', 'steps', 'ms/step', 'examples/s', 'GFLOP/s'],
        train.map((f) => [f.backend, f.train!.steps, sig(f.train!.msPerStep, 4), sig(f.train!.examplesPerSec), sig(f.train!.gflops)]),
      ),
    );
  }
  const rows: (string | number)[][] = [];
  for (const f of figures) {
    for (const t of f.matmul?.cpu ?? []) {
      rows.push([`cpu naive`, t.n, sig(t.naiveMs, 4), sig((2 * t.n ** 3) / (t.naiveMs * 1e6)), '']);
      rows.push([`cpu blocked`, t.n, sig(t.blockedMs, 4), sig(t.gflopsBlocked), `${sig(t.speedup)}× naive`]);
    }
    for (const t of f.matmul?.webgpu ?? []) rows.push([f.backend, t.n, sig(t.ms, 4), sig(t.gflops), `${t.reps} reps`]);
  }
  if (rows.length) {
    log('\nMatmul');
    log(formatTable(['kernel', 'n', 'ms', 'GFLOP/s', 'note'], rows));
  }
}

/** Runs tools/bench/browser_bench.mjs (our WebGPU matmul vs onnxruntime-web in Chromium) when dist/ has the page. */
function runBrowserBench(required: boolean, sizes: number[]): unknown {
  const page = resolve('dist', 'bench.html'),
    script = resolve('tools', 'bench', 'browser_bench.mjs');
  if (!existsSync(page) || !existsSync(script)) {
    const msg = `browser benchmark skipped: ${existsSync(script) ? 'dist/bench.html is missing (run `npm run build`)' : 'tools/bench/browser_bench.mjs is missing'}`;
    if (required) throw new UsageError(msg);
    log(`\n${msg}`);
    return null;
  }
  log('\n== Chromium: our WebGPU matmul vs onnxruntime-web (webgpu EP)');
  const dir = mkdtempSync(join(tmpdir(), 'blora-bench-'));
  try {
    const out = join(dir, 'browser.json');
    const r = spawnSync(process.execPath, [script, '--sizes', sizes.join(','), '--json', out], { stdio: 'inherit' });
    if (r.status !== 0) {
      if (required) throw new Error(`browser benchmark failed (exit ${r.status})`);
      log(`browser benchmark failed (exit ${r.status}); the Node figures above stand`);
      return null;
    }
    return JSON.parse(readFileSync(out, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function mc(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      backend: { type: 'string' },
      S: { type: 'string' },
      reps: { type: 'string' },
      model: { type: 'string' },
      json: { type: 'string' },
      batch: { type: 'string' },
      'seq-len': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (v.help) {
    log(USAGE);
    return 0;
  }
  checkOutputs([v.json !== undefined && { flag: '--json', path: v.json, kind: 'file' }]);
  const names = backendNames(v.backend);
  const batch = intArg(v.batch, 'batch', 32)!,
    seqLen = intArg(v['seq-len'], 'seq-len', 64)!;
  const S = intArg(v.S, 'S', 15)!;
  const reps = intArg(v.reps, 'reps', undefined);
  const machine = machineInfo();
  log(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, load average ${machine.loadAverage.join(' / ')}`);
  const model = await benchModel(v.model);
  log(`model: ${model.id}; batch ${batch}, length ${seqLen}, LoRA-XS r = ${RANK}, S = ${S} SWAG samples`);
  const rows: { backend: string; mc: McBenchResult }[] = [];
  for (const name of names) {
    const run = await openBackend(name, machine);
    log(`\n== ${run.label}`);
    try {
      const detReps = reps ?? (run.software ? 1 : 5),
        mcReps = reps ?? (run.software ? 1 : 3);
      const r = await benchMcPrediction(run.be, model, { batch, seqLen, r: RANK, S, warmup: run.software ? 1 : 2, detReps, mcReps, log });
      log(`  (forward: ${sig(r.flopsPerForward / 1e9, 4)} GFLOP, ${sig(r.deterministicGflops)} GFLOP/s)`);
      log(
        `  S = ${S}: sequential ${sig(r.mcMs, 4)} ms, ratio ${sig(r.ratio)}×; grouped ${sig(r.groupedMs, 4)} ms, ratio ${sig(r.groupedRatio)}× ` +
          `(S forwards would be ${S}×; mean of ${mcReps}; max |Δp| grouped vs sequential ${r.maxProbDiff.toExponential(1)})`,
      );
      rows.push({ backend: run.label, mc: r });
    } finally {
      run.be.destroy();
    }
  }
  log(`\nMonte-Carlo prediction cost (batch ${batch}, length ${seqLen}, S = ${S})`);
  log(
    formatTable(
      ['backend', 'deterministic ms', `sequential S = ${S} ms`, 'sequential ratio', `grouped S = ${S} ms`, 'grouped ratio', 'grouped per sample vs forward'],
      rows.map((r) => [
        r.backend,
        sig(r.mc.deterministicMs, 4),
        sig(r.mc.mcMs, 4),
        `${sig(r.mc.ratio)}×`,
        sig(r.mc.groupedMs, 4),
        `${sig(r.mc.groupedRatio)}×`,
        `${sig(r.mc.groupedRatio / S)}×`,
      ]),
    ),
  );
  writeJson(v.json, { kind: 'mc', date: new Date().toISOString(), machine, model: model.id, results: rows });
  return 0;
}

const COMPARE_USAGE = `blora bench compare [--rounds N] [--warmup N] [--quick] [--model DIR] [--json FILE] [--md FILE|--no-md]
    our CPU engine (WebAssembly SIMD, 1 thread and one per core) against PyTorch (tools/bench/torch_train_step.py,
    /usr/bin/python3 with python3-torch), onnxruntime-web and onnxruntime-node, TensorFlow.js wasm: interleaved rounds,
    medians; writes --json (default docs/benchmarks-compare.json) and the comparison section of --md
    (default docs/benchmarks.md). --quick: 1 round after 1 warm-up, matmul 256 only, no scaling grid, no
    TypeScript reference step (a smoke run; its figures are not for the docs).`;

async function compare(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      quick: { type: 'boolean' },
      model: { type: 'string' },
      json: { type: 'string' },
      md: { type: 'string' },
      'no-md': { type: 'boolean' },
      python: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (v.help) {
    log(COMPARE_USAGE);
    return 0;
  }
  checkOutputs([
    { flag: '--json', path: v.json ?? 'docs/benchmarks-compare.json', kind: 'file' },
    !v['no-md'] && { flag: '--md', path: v.md ?? 'docs/benchmarks.md', kind: 'file' },
  ]);
  const quick = !!v.quick;
  const rounds = intArg(v.rounds, 'rounds', quick ? 1 : 7)!,
    warmupRounds = intArg(v.warmup, 'warmup', quick ? 1 : 2)!;
  const model = await benchModel(v.model);
  const { runCompare } = await import('../bench/compare/compare');
  const { renderCompare, spliceSection, targetRows } = await import('../bench/compare/report');
  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const jsonFile = v.json ?? 'docs/benchmarks-compare.json';
  log(`machine: ${machineInfo().cpuModel}; model: ${model.id}`);
  const r = await runCompare({
    model,
    cliEntry: resolve(process.argv[1] ?? 'bin/blora.mjs'),
    python: v.python ?? '/usr/bin/python3',
    rounds,
    warmupRounds,
    log,
    skip: quick ? { scaling: true, typescript: true } : {},
    matmulSizes: quick ? [256] : undefined,
    onPartial: (part) => writeJson(jsonFile, { ...part, command, partial: true }),
  });
  writeJson(jsonFile, { ...r, command });
  if (!v['no-md']) {
    const md = resolve(v.md ?? 'docs/benchmarks.md');
    writeFileAtomic(md, spliceSection(existsSync(md) ? readFileSync(md, 'utf8') : '# Benchmarks\n', renderCompare(r, command)));
    log(`wrote ${md}`);
  }
  log('\nTargets');
  log(
    formatTable(
      ['target', 'measured', 'met'],
      targetRows(r).map((t) => [t.target, t.measured, t.met === null ? 'not measured' : t.met ? 'yes' : 'no']),
    ),
  );
  return 0;
}

/** `blora bench ort-peer --threads N`: the onnxruntime-web peer process of `bench compare`. */
async function ortPeer(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({ args: argv, options: { threads: { type: 'string' }, model: { type: 'string' } } });
  const { serveOrtPeer } = await import('../bench/compare/ort_peer_server');
  await serveOrtPeer(await benchModel(v.model), { batch: 32, seqLen: 64, r: RANK }, intArg(v.threads, 'threads', 1)!);
  return 0;
}

export async function benchCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'engine') return engine(rest);
  if (sub === 'mc') return mc(rest);
  if (sub === 'compare') return compare(rest);
  if (sub === 'ort-peer') return ortPeer(rest);
  if (sub === '--help' || sub === undefined) {
    log(USAGE);
    return sub ? 0 : 2;
  }
  throw new UsageError(`unknown benchmark "${sub}"\n\n${USAGE}`);
}
