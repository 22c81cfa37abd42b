// Options shared by the CLI commands: backend, model, method hyper-parameters.
import { resolve } from 'node:path';
import { loadModel } from '../model/loader';
import { nodeDirSource } from '../model/node_dir_source';
import { hubSource, parseHubRef } from '../model/sources';
import { defaultModelCacheDir, diskModelCache } from './disk_model_cache';
import { METHOD_SETTINGS, SETTING_KEYS, methodDefaults, numberProblem, type NumberSetting, type Setting, type SettingKey } from '../methods/settings';
import { validateMethod } from '../methods/validate';
import { ADAPT_TARGETS, METHOD_KINDS, type AdaptTarget, type MethodConfig, type MethodKind } from '../methods/config';
import { BACKEND_CHOICES, createBackend, type CreatedBackend } from '../train/backend_factory';
import type { BackendChoice } from '../train/protocol';
import type { ModelBundle } from '../methods/common/types';
import { nodeGpu } from '../gpu/node_gpu';
import { recoveryFor } from '../train/backend_recovery';
import type { BackendRecovery } from '../train/resume_run';
import type { Backend } from '../engine/backend';
import { philoxNormal } from '../rng/philox';

export const DEFAULT_MODEL_DIR = 'public/models/blora-tiny-uncased';

export class UsageError extends Error {
  readonly code = 'usage';
}

/** A whole-number flag in [min, max], or `fallback` when absent; anything else is a usage error naming the flag. */
export function intArg(raw: string | undefined, fallback: number, flag: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

/** The method flags: --method and one per setting of the settings table (--r, --lr, --swag-lr, ...). */
export const METHOD_OPTIONS: Record<string, { type: 'string' }> = {
  method: { type: 'string' },
  ...Object.fromEntries(SETTING_KEYS.map((k) => [METHOD_SETTINGS[k].cli, { type: 'string' as const }])),
};

function num(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x)) throw new UsageError(`--${name} must be a number, got "${v}"`);
  return x;
}

/**
 * One numeric method setting from its flag, checked against the settings table's range (the same
 * check as methodFromArgs and the page); `fallback` when the flag is absent.
 */
export function settingArg(key: SettingKey, raw: string | undefined, fallback: number, flag = METHOD_SETTINGS[key].cli): number {
  const x = num(raw, flag);
  if (x === undefined) return fallback;
  const why = numberProblem(METHOD_SETTINGS[key] as NumberSetting, x);
  if (why) throw new UsageError(`--${flag}: ${why}`);
  return x;
}

/** A method configuration from the defaults of its kind and the given flags, checked against the settings' ranges. */
export function methodFromArgs(v: Record<string, string | boolean | undefined>, kindOverride?: MethodKind): MethodConfig {
  const kind = (kindOverride ?? (v.method as string | undefined) ?? 'lora-xs') as MethodKind;
  if (!METHOD_KINDS.includes(kind)) throw new UsageError(`--method must be one of ${METHOD_KINDS.join(', ')}; got "${kind}"`);
  const m = methodDefaults(kind) as unknown as Record<string, unknown>;
  for (const key of SETTING_KEYS) {
    const s = METHOD_SETTINGS[key] as Setting;
    const raw = v[s.cli] as string | undefined;
    if (raw === undefined || raw === '') continue;
    if (s.type === 'int' || s.type === 'num') m[key] = num(raw, s.cli);
    else if (s.type === 'targets') {
      const t = raw.split(',').map((x) => x.trim()) as AdaptTarget[];
      for (const x of t) if (!ADAPT_TARGETS.includes(x)) throw new UsageError(`--targets: "${x}" is not one of ${ADAPT_TARGETS.join(', ')}`);
      m[key] = t;
    } else if (s.type === 'layers') m[key] = raw.split(',').map((x) => num(x, s.cli)!);
    else if (s.type === 'laplace') {
      if (!(s.values as readonly string[]).includes(raw)) throw new UsageError(`--${s.cli} must be ${s.values.join(' or ')}`);
      m[key] = { structure: raw };
    }
  }
  const method = m as unknown as MethodConfig;
  // The same ranges and cross-field checks as the page's form (the model-dependent rank bound is checked when the model is loaded).
  const errors = validateMethod(method, null, { words: 'cli' });
  const flagOf = (k: string) => (k in METHOD_SETTINGS ? `--${METHOD_SETTINGS[k as SettingKey].cli}` : k);
  const lines = Object.entries(errors).map(([k, why]) => `${flagOf(k)}: ${why}`);
  if (lines.length) throw new UsageError(lines.join('; '));
  return method;
}

/**
 * `--model`: a folder in the Hugging Face layout, or `hf:owner/name[@revision]` from the Hub (or the
 * mirror HF_ENDPOINT names), downloaded once into the disk cache (BLORA_CACHE_DIR; BLORA_CACHE_DIR=off
 * downloads every time). Download progress goes to stderr, one line per file.
 */
export async function loadModelDir(dir: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<ModelBundle> {
  const source = dir?.startsWith('hf:') ? hubModelSource(dir.slice(3), env) : nodeDirSource(resolve(dir ?? DEFAULT_MODEL_DIR));
  const m = await loadModel(source, {
    includeOnnx: false,
    onFile: dir?.startsWith('hf:') ? (name, size) => process.stderr.write(`model: ${name}${size ? ` (${(size / 2 ** 20).toFixed(1)} MiB)` : ''}\n`) : undefined,
  });
  return { id: m.id, family: m.family, config: m.config, tokenizer: m.tokenizer, weights: m.weights };
}

function hubModelSource(ref: string, env: NodeJS.ProcessEnv) {
  let parsed: ReturnType<typeof parseHubRef>;
  try {
    parsed = parseHubRef(ref);
  } catch (e) {
    throw new UsageError(`--model hf:${ref}: ${(e as Error).message}`);
  }
  const cache = env.BLORA_CACHE_DIR === 'off' ? null : diskModelCache(defaultModelCacheDir(env));
  return hubSource(parsed.id, { revision: parsed.revision, endpoint: env.HF_ENDPOINT || undefined, cache });
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
    else if (!name.endsWith('.bias'))
      philoxNormal(seed, stream++, data).forEach((x, i) => {
        data[i] = 0.02 * x;
      });
    weights.set(name, { shape: t.shape, data });
  }
  return { ...model, id: `${model.id} (random weights, seed ${seed})`, weights };
}

/**
 * --backend wasm (default: the CPU backend on WebAssembly SIMD), cpu (the TypeScript reference
 * kernels), webgpu (Dawn), or auto (a hardware GPU through Dawn when there is one, else wasm).
 */
/**
 * The backend `--backend`/`--threads` ask for, with the recovery a run uses when its GPU device is
 * lost (a new device, else the CPU backend); `current()` is the backend in use, the one to destroy.
 */
export async function recoverableBackendFromArgs(
  name: string | undefined,
  threadsArg?: string,
): Promise<{ created: CreatedBackend; recovery: BackendRecovery; current(): Backend }> {
  const created = await backendFromArgs(name, threadsArg);
  let backend = created.backend;
  const recovery = recoveryFor((name ?? 'wasm') as BackendChoice, { threads: Number(threadsArg ?? 0), gpu: created.gpu ? await nodeGpu() : undefined }, (c) => {
    backend = c.backend;
  });
  return { created, recovery, current: () => backend };
}

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
