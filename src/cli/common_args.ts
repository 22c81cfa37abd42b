// Options shared by the CLI commands: backend, model, method hyper-parameters.
import { resolve } from 'node:path';
import { loadModel } from '../model/loader';
import { nodeDirSource } from '../model/nodeDirSource';
import { methodDefaults } from '../state/defaults';
import { ADAPT_TARGETS, METHOD_KINDS, type AdaptTarget, type MethodConfig, type MethodKind } from '../state/types';
import { BACKEND_CHOICES, createBackend, type CreatedBackend } from '../train/backend_factory';
import type { BackendChoice } from '../train/protocol';
import type { ModelBundle } from '../methods/types';
import { nodeGpu } from '../gpu/node_gpu';
import { philoxNormal } from '../engine/rng/philox';

export const DEFAULT_MODEL_DIR = 'public/models/blora-tiny-uncased';

export class UsageError extends Error {
  readonly code = 'usage';
}

export const METHOD_OPTIONS = {
  method: { type: 'string' }, r: { type: 'string' }, alpha: { type: 'string' }, K: { type: 'string' }, c: { type: 'string' },
  S: { type: 'string' }, M: { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' }, lr: { type: 'string' },
  'lr-head': { type: 'string' }, 'weight-decay': { type: 'string' }, 'swag-start': { type: 'string' }, 'swag-anneal': { type: 'string' },
  'swag-lr': { type: 'string' }, 'collect-every': { type: 'string' }, dropout: { type: 'string' }, seed: { type: 'string' },
  targets: { type: 'string' }, layers: { type: 'string' }, laplace: { type: 'string' }, patience: { type: 'string' },
} as const;

function num(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x)) throw new UsageError(`--${name} must be a number, got "${v}"`);
  return x;
}

/** A method configuration from the defaults of its kind and the given flags. */
export function methodFromArgs(v: Record<string, string | boolean | undefined>, kindOverride?: MethodKind): MethodConfig {
  const kind = (kindOverride ?? (v.method as string | undefined) ?? 'lora-xs') as MethodKind;
  if (!METHOD_KINDS.includes(kind)) throw new UsageError(`--method must be one of ${METHOD_KINDS.join(', ')}; got "${kind}"`);
  const m = methodDefaults(kind);
  const s = (k: string) => v[k] as string | undefined;
  const set = <K extends keyof MethodConfig>(key: K, flag: string) => {
    const x = num(s(flag), flag);
    if (x !== undefined) (m[key] as number) = x;
  };
  set('r', 'r'); set('alpha', 'alpha'); set('K', 'K'); set('c', 'c'); set('S', 'S'); set('M', 'M');
  set('epochs', 'epochs'); set('batch', 'batch'); set('lrAdapter', 'lr'); set('lrHead', 'lr-head');
  set('weightDecay', 'weight-decay'); set('swagStart', 'swag-start'); set('swagAnnealEpochs', 'swag-anneal'); set('swagLr', 'swag-lr');
  set('collectEverySteps', 'collect-every'); set('dropout', 'dropout'); set('seed', 'seed'); set('earlyStopPatience', 'patience');
  if (s('targets')) {
    const t = s('targets')!.split(',').map((x) => x.trim()) as AdaptTarget[];
    for (const x of t) if (!ADAPT_TARGETS.includes(x)) throw new UsageError(`--targets: "${x}" is not one of ${ADAPT_TARGETS.join(', ')}`);
    m.targets = t;
  }
  if (s('layers')) m.layers = s('layers')!.split(',').map((x) => num(x, 'layers')!);
  if (s('laplace')) {
    const st = s('laplace');
    if (st !== 'diag' && st !== 'full') throw new UsageError('--laplace must be diag or full');
    m.laplace = { structure: st };
  }
  return m;
}

export async function loadModelDir(dir: string | undefined): Promise<ModelBundle> {
  const path = resolve(dir ?? DEFAULT_MODEL_DIR);
  const m = await loadModel(nodeDirSource(path), { includeOnnx: false });
  return { id: m.id, config: m.config, tokenizer: m.tokenizer, weights: m.weights };
}

/**
 * The same architecture with fresh weights (BERT init: N(0, 0.02), LayerNorm 1/0, biases 0),
 * seeded: the baseline that shows what pretraining contributes.
 */
export function randomizedWeights(model: ModelBundle, seed: number): ModelBundle {
  const weights: ModelBundle['weights'] = new Map();
  let stream = 0;
  for (const [name, t] of model.weights) {
    const data = new Float32Array(t.data.length);
    if (/LayerNorm\.weight$/.test(name)) data.fill(1);
    else if (!name.endsWith('.bias')) philoxNormal(seed, stream++, data).forEach((x, i) => { data[i] = 0.02 * x; });
    weights.set(name, { shape: t.shape, data });
  }
  return { ...model, id: `${model.id} (random weights, seed ${seed})`, weights };
}

/**
 * --backend wasm (default: the CPU backend on WebAssembly SIMD), cpu (the TypeScript reference
 * kernels), webgpu (Dawn), or auto (a hardware GPU through Dawn when there is one, else wasm).
 */
export async function backendFromArgs(name: string | undefined, threadsArg?: string): Promise<CreatedBackend> {
  const choice = name ?? 'wasm';
  const threads = threadsArg === undefined ? 0 : Number(threadsArg);
  if (!Number.isInteger(threads) || threads < 0) throw new UsageError(`--threads must be 0 (one per core) or a positive integer, got "${threadsArg}"`);
  if (!(BACKEND_CHOICES as readonly string[]).includes(choice)) throw new UsageError(`--backend must be ${BACKEND_CHOICES.join(', ')}; got "${choice}"`);
  const c = choice as BackendChoice;
    // auto without Dawn (no binary, no driver) just means no GPU.
  const gpu = c === 'webgpu' ? await nodeGpu() : c === 'auto' ? await nodeGpu().catch(() => undefined) : undefined;
  return createBackend(c, gpu, { threads });
}
