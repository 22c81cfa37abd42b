// bench.html: our WebGPU matmul against onnxruntime-web's webgpu EP, in the browser (the ORT webgpu
// EP does not run in Node). `?run=matmul[&sizes=256,512,1024][&reps=5]` starts it on load; results go
// into <pre id="results"> as JSON and <body data-state="done|error"> (tools/bench/browser_bench.mjs).
import { createGpuContext, GpuContext } from './gpu/device';
import { WebGpuBackend } from './engine/webgpu/webgpu_backend';
import { configureOrt, ort } from './onnx/ort_env';
import { createOrtMatmulSession } from './bench/ort_matmul';
import { matmulVsOrt } from './bench/matmul_vs_ort';
import { forwardVsOrt, profileForward } from './bench/compare/webgpu_forward_vs_ort';
import { peerModelOnnx } from './bench/peers/peer_model';
import { loadModel } from './model/loader';
import { urlSource } from './model/sources';

const params = new URLSearchParams(location.search);
const statusEl = document.getElementById('status')!;
const resultsEl = document.getElementById('results')!;

function setState(state: 'running' | 'done' | 'error', text: string): void {
  document.body.dataset.state = state;
  statusEl.textContent = text;
}

function list(name: string, fallback: number[]): number[] {
  const v = params.get(name);
  return v
    ? v
        .split(',')
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0)
    : fallback;
}

/**
 * onnxruntime-web 1.30's webgpu EP (JSEP) always requests its own device (env.webgpu.device set
 * beforehand is overwritten), so we adopt that device for our backend instead: one device, one
 * queue, so both sides are timed on the same clock and ORT can read our buffers.
 */
async function ortDeviceContext(): Promise<GpuContext> {
  const device = (await ort.env.webgpu.device) as GPUDevice;
  const adapter = ort.env.webgpu.adapter as GPUAdapter;
  const info = adapter.info;
  const isFallback = Boolean(
    (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter || /swiftshader/i.test(`${info.architecture} ${info.description}`),
  );
  return new GpuContext(adapter, device, { vendor: info.vendor, architecture: info.architecture, description: info.description, isFallback }, 300_000);
}

async function runMatmul(): Promise<unknown> {
  // Production builds load ORT's runtime from the copied public/ort/ (vite.config.ts, ENVIRONMENT.md).
  configureOrt(import.meta.env.PROD ? { wasmPaths: new URL('ort/', document.baseURI).href } : {});
  const bytes = new Uint8Array(await (await fetch(new URL('bench/matmul.onnx', document.baseURI))).arrayBuffer());
  const session = await createOrtMatmulSession(bytes, 'webgpu');
  const ctx = await ortDeviceContext();
  const be = new WebGpuBackend(ctx);
  const software = ctx.adapterInfo.isFallback;
  try {
    const log = (line: string) => {
      statusEl.textContent = line;
      console.log(line);
    };
    const sizes = list('sizes', [256, 512, 1024]);
    const reps = Number(params.get('reps') ?? (software ? 3 : 20));
    const results = await matmulVsOrt(be, session, { sizes, reps, maxMsPerSize: software ? 8_000 : 30_000, log });
    return { userAgent: navigator.userAgent, adapter: { ...ctx.adapterInfo, software }, ortVersion: ort.env.versions?.web, results };
  } finally {
    await session.release();
    be.destroy();
  }
}

/** Our WebGPU forward vs ORT's webgpu EP on the embedded model (`?run=forward[&batch=32&seqLen=64&reps=N]`). */
async function runForward(): Promise<unknown> {
  configureOrt(import.meta.env.PROD ? { wasmPaths: new URL('ort/', document.baseURI).href } : {});
  const m = await loadModel(urlSource(new URL('models/blora-tiny-uncased/', document.baseURI).href), { includeOnnx: false });
  const model = { id: m.id, config: m.config, weights: m.weights };
  const w = { batch: Number(params.get('batch') ?? 32), seqLen: Number(params.get('seqLen') ?? 64), r: 8 };
  const session = await ort.InferenceSession.create(peerModelOnnx(model.config, model.weights, w.r), { executionProviders: ['webgpu'] });
  const ctx = await ortDeviceContext();
  const be = new WebGpuBackend(ctx);
  // The profile runs on a device of our own: ORT's device is created without timestamp-query.
  const prof = new WebGpuBackend(await createGpuContext({ allowFallback: true, timeoutMs: 300_000, label: 'profile' }), { profile: true });
  const software = ctx.adapterInfo.isFallback;
  try {
    const log = (line: string) => {
      statusEl.textContent = line;
      console.log(line);
    };
    const r = await forwardVsOrt(be, session, model, w, { reps: Number(params.get('reps') ?? (software ? 3 : 20)), log });
    log('profiling one forward (timestamp queries)…');
    const profile = await profileForward(prof, model, w);
    return { userAgent: navigator.userAgent, adapter: { ...ctx.adapterInfo, software }, ortVersion: ort.env.versions?.web, forward: r, profile };
  } finally {
    await session.release();
    prof.destroy();
    be.destroy();
  }
}

async function main(): Promise<void> {
  const run = params.get('run');
  if (run !== 'matmul' && run !== 'forward') return;
  setState('running', 'running…');
  try {
    const out = run === 'matmul' ? await runMatmul() : await runForward();
    resultsEl.textContent = JSON.stringify(out, null, 2);
    setState('done', 'done');
  } catch (e) {
    resultsEl.textContent = JSON.stringify({ error: String((e as Error)?.message ?? e) }, null, 2);
    setState('error', `error: ${(e as Error)?.message ?? e}`);
    console.error(e);
  }
}

void main();
