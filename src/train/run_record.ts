// The run record of one training run (issue 12): the full configuration, the identity of the
// model and data (content hashes), the seed, the metrics, and per-example probabilities, labels,
// entropy and mutual information for every split, so every metric can be recomputed from it.
import { sha256Hex } from '../data/hash';
import type { TensorMap } from '../model/safetensors';
import type { DatasetPayload, RunResult, SplitPredictions } from './protocol';

export const RUN_RECORD_FORMAT = 'blora-run-record';
export const RUN_RECORD_VERSION = 1;

export interface SplitRecord {
  n: number;
  nClasses: number;
  labels: number[];
  /** N × C row-major predictive probabilities. */
  probs: number[];
  entropy: number[];
  mutualInfo: number[];
}

export interface RunRecord {
  format: typeof RUN_RECORD_FORMAT;
  version: number;
  createdAt: string;
  command?: string;
  backend: string;
  model: { id: string; weightsSha256: string };
  dataset: { id: string; name: string; labelNames: string[]; sha256: string; sizes: Record<'train' | 'validation' | 'test' | 'ood', number> };
  method: RunResult['method'];
  options: Record<string, unknown>;
  trainableParams: number;
  posteriorParams: number;
  seconds: number;
  metrics: Record<string, number | undefined>;
  covarianceEigenvalues?: number[];
  warning?: string;
  note?: string;
  splits: Partial<Record<'test' | 'validation' | 'ood', SplitRecord>>;
}

function splitRecord(p: SplitPredictions, nClasses: number): SplitRecord {
  return {
    n: p.labels.length,
    nClasses,
    labels: Array.from(p.labels),
    probs: Array.from(p.probs),
    entropy: Array.from(p.entropy),
    mutualInfo: Array.from(p.mutualInfo),
  };
}

/** SHA-256 over the weights in name order: names, shapes and the f32 bytes. */
export async function weightsHash(weights: TensorMap): Promise<string> {
  const names = [...weights.keys()].sort();
  const header = new TextEncoder().encode(JSON.stringify(names.map((n) => [n, weights.get(n)!.shape])));
  let total = header.length;
  for (const n of names) total += weights.get(n)!.data.byteLength;
  const bytes = new Uint8Array(total);
  bytes.set(header, 0);
  let o = header.length;
  for (const n of names) {
    const d = weights.get(n)!.data;
    bytes.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), o);
    o += d.byteLength;
  }
  return sha256Hex(bytes);
}

export async function datasetHash(ds: DatasetPayload): Promise<string> {
  return sha256Hex(JSON.stringify([ds.labelNames, ds.train, ds.validation, ds.test, ds.ood]));
}

export async function runRecord(
  r: RunResult,
  ctx: {
    model: { id: string; weights: TensorMap };
    dataset: DatasetPayload;
    backend: string;
    options: Record<string, unknown>;
    metrics: Record<string, number | undefined>;
    command?: string;
  },
): Promise<RunRecord> {
  const splits: RunRecord['splits'] = { test: splitRecord(r.test, r.nClasses) };
  if (r.validation) splits.validation = splitRecord(r.validation, r.nClasses);
  if (r.ood) splits.ood = splitRecord(r.ood, r.nClasses);
  const ds = ctx.dataset;
  return {
    format: RUN_RECORD_FORMAT,
    version: RUN_RECORD_VERSION,
    createdAt: new Date().toISOString(),
    command: ctx.command,
    backend: ctx.backend,
    model: { id: ctx.model.id, weightsSha256: await weightsHash(ctx.model.weights) },
    dataset: {
      id: ds.id,
      name: ds.name,
      labelNames: ds.labelNames,
      sha256: await datasetHash(ds),
      sizes: { train: ds.train.length, validation: ds.validation.length, test: ds.test.length, ood: ds.ood.length },
    },
    method: r.method,
    options: ctx.options,
    trainableParams: r.trainableParams,
    posteriorParams: r.posteriorParams,
    seconds: r.wallSeconds,
    metrics: ctx.metrics,
    covarianceEigenvalues: r.covarianceEigenvalues,
    warning: r.warning,
    note: r.note,
    splits,
  };
}
