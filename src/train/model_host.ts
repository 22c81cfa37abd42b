// The worker's model: loaded once per source, in the worker (which needs the weights), never on the
// page. Downloads go through the model cache where this context has the Cache API. A load that is
// already running for the same source is joined rather than started twice, and a newer load
// supersedes an older one; a failed load leaves the previous model in place.

import { loadModel, type LoadedModel } from '../model/loader';
import { familyById } from '../model/families';
import { openModelCache } from '../model/model_cache';
import type { ReadProgress } from '../model/read_body';
import { sourceFromSpec, specKey, type ModelSourceSpec } from '../model/source_description';
import type { ModelBundle } from '../methods/common/types';
import type { ModelInfo } from './protocol';

export interface HeldModel {
  bundle: ModelBundle;
  info: ModelInfo;
}

export class Superseded extends Error {
  constructor() {
    super('a newer model load replaced this one');
  }
}

export function modelInfo(m: LoadedModel): ModelInfo {
  return {
    id: m.id,
    family: familyById(m.family).label,
    layers: m.config.numHiddenLayers,
    hidden: m.config.hiddenSize,
    vocab: m.config.vocabSize,
    config: m.config,
    sizeBytes: m.sizeBytes,
    tokenizerFile: m.tokenizerFile,
    files: m.files,
  };
}

export class ModelHost {
  current: HeldModel | null = null;
  private currentKey = '';
  private pending: { key: string; seq: number; promise: Promise<HeldModel> } | null = null;
  private seq = 0;

  constructor(private readonly load: (spec: ModelSourceSpec, onProgress: (file: string, p: ReadProgress) => void) => Promise<LoadedModel> = defaultLoad) {}

  /** The model of spec: the one held, the one loading, or a fresh load (always when reload). */
  async get(spec: ModelSourceSpec, opts: { reload?: boolean; onProgress?: (file: string, p: ReadProgress) => void } = {}): Promise<HeldModel> {
    const key = specKey(spec);
    if (!opts.reload && this.current && key === this.currentKey) return this.current;
    if (!opts.reload && this.pending?.key === key) return this.pending.promise;
    const seq = ++this.seq;
    const promise = this.load(spec, (f, p) => opts.onProgress?.(f, p)).then((m) => {
      if (seq !== this.seq) throw new Superseded();
      const held = { bundle: { id: m.id, family: m.family, config: m.config, tokenizer: m.tokenizer, weights: m.weights }, info: modelInfo(m) };
      this.current = held;
      this.currentKey = key;
      return held;
    });
    this.pending = { key, seq, promise };
    try {
      return await promise;
    } finally {
      if (this.pending?.seq === seq) this.pending = null;
    }
  }
}

function defaultLoad(spec: ModelSourceSpec, onProgress: (file: string, p: ReadProgress) => void): Promise<LoadedModel> {
  return loadModel(sourceFromSpec(spec, { cache: openModelCache() }), { includeOnnx: false, onProgress });
}

/** Calls post at most every intervalMs per file, and always for a file's first and last bytes. */
export function throttleProgress(post: (file: string, p: ReadProgress) => void, intervalMs = 100, now: () => number = () => Date.now()) {
  const last = new Map<string, number>();
  return (file: string, p: ReadProgress) => {
    const t = now();
    const done = p.total !== undefined && p.received >= p.total;
    const prev = last.get(file);
    if (prev === undefined || done || t - prev >= intervalMs) {
      last.set(file, t);
      post(file, p);
    }
  };
}
