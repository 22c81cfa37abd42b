// engine-check.html: exposes the numeric checks on window.engineCheck for e2e/engine_check.spec.ts.
// Each returns measured errors and facts (never a bare pass/fail), so the spec asserts thresholds.
import { CpuBackend } from '../engine/cpu/backend';
import { WebGpuBackend } from '../engine/webgpu/webgpu_backend';
import { loraDefaults, loraXsDefaults } from '../engine/adapters/config';
import { createGpuContext } from '../gpu/device';
import { loadModel } from '../model/loader';
import { embeddedSource } from '../model/sources';
import { configureOrt, ort } from '../onnx/ort_env';
import { compareTrainingStep, type StepComparison } from './training_step_check';
import { compareEngineWithOrt, type OrtComparison } from './ort_vs_engine_check';

interface ModelFacts {
  id: string;
  numLayers: number;
  hiddenSize: number;
}
interface AdapterFacts {
  description: string;
  architecture: string;
  isFallback: boolean;
}

export interface TrainingStepReport {
  model: ModelFacts;
  adapter: AdapterFacts;
  steps: StepComparison[];
}
export interface OrtReport extends OrtComparison {
  model: ModelFacts;
  adapter: AdapterFacts;
  crossOriginIsolated: boolean;
  /** ort.env.wasm.numThreads after the session started (ORT resets it to 1 without isolation). */
  numThreads: number;
  hardwareConcurrency: number;
  ortVersion: string | undefined;
  /** onnxruntime-web runtime files this page fetched (resource timing). */
  ortFiles: string[];
}

async function webGpu(): Promise<{ be: WebGpuBackend; adapter: AdapterFacts }> {
  // SwiftShader is what headless Chromium offers here; the checks are about numbers, not speed.
  const ctx = await createGpuContext({ allowFallback: true, timeoutMs: 120_000, label: 'engine-check' });
  const { description, architecture, isFallback } = ctx.adapterInfo;
  return { be: new WebGpuBackend(ctx), adapter: { description, architecture, isFallback } };
}

async function embeddedModel() {
  const m = await loadModel(embeddedSource());
  return { m, facts: { id: m.id, numLayers: m.config.numHiddenLayers, hiddenSize: m.config.hiddenSize } };
}

/** One training step, WebGPU vs CPU, LoRA-XS (r = 4) then LoRA (r = 4), on the model served as embedded. */
async function trainingStep(): Promise<TrainingStepReport> {
  const { m, facts } = await embeddedModel();
  const { be, adapter } = await webGpu();
  try {
    const steps: StepComparison[] = [];
    for (const ac of [loraXsDefaults(4), loraDefaults(4)]) steps.push(await compareTrainingStep(be, new CpuBackend(), m, ac));
    return { model: facts, adapter, steps };
  } finally {
    be.destroy();
  }
}

/** onnxruntime-web (wasm EP, `numThreads` threads) against our encoder on CPU and WebGPU. */
async function ortVsEngine(numThreads: number): Promise<OrtReport> {
  if (!Number.isInteger(numThreads) || numThreads < 1) throw new Error(`ortVsEngine: numThreads must be a positive integer, got ${numThreads}`);
  // Production builds load ORT's runtime from the copied public/ort/ (vite.config.ts, ENVIRONMENT.md).
  configureOrt({ numThreads, ...(import.meta.env.PROD ? { wasmPaths: new URL('ort/', document.baseURI).href } : {}) });
  const t0 = performance.now();
  const { m, facts } = await embeddedModel();
  const loadMs = performance.now() - t0;
  const { be, adapter } = await webGpu();
  try {
    const cmp = await compareEngineWithOrt(m, [
      { name: 'cpu', backend: 'cpu-engineForward' },
      { name: 'webgpu', backend: be },
    ]);
    const ortFiles = performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((n) => /\/ort-wasm[^/]*$/.test(n));
    return {
      ...cmp,
      model: facts,
      adapter,
      ms: { load: loadMs, ...cmp.ms },
      crossOriginIsolated: self.crossOriginIsolated,
      numThreads: Number(ort.env.wasm.numThreads),
      hardwareConcurrency: navigator.hardwareConcurrency,
      ortVersion: ort.env.versions?.web,
      ortFiles,
    };
  } finally {
    be.destroy();
  }
}

const api = { trainingStep, ortVsEngine };
export type EngineCheckApi = typeof api;
declare global {
  interface Window {
    engineCheck: EngineCheckApi;
  }
}
window.engineCheck = api;
document.getElementById('status')!.textContent = 'ready';
document.body.dataset.state = 'ready';
