// The run record of one training run (issue 12): the full configuration, the identity of the
// model and data (content hashes), the seed, the metrics, and per-example probabilities, labels,
// entropy and mutual information for every split, so every metric can be recomputed from it.
// Version 2 (issue 14) adds the run's adapter tensors, so `blora export --run` can write every
// export from the record alone: the bytes of the page's "Adapters (safetensors)" file, base64.
import { sha256Hex } from '../data/hash';
import { datasetContentHash } from '../data/dataset_identity';
import { parseSafetensors, type TensorMap } from '../model/safetensors';
import { adaptersSafetensors } from '../export/adapter_files';
import type { DatasetPayload, RunResult, SplitPredictions } from './protocol';

export const RUN_RECORD_FORMAT = 'blora-run-record';
export const RUN_RECORD_VERSION = 2;

/** The adapter tensors (and SWAG / Laplace statistics) as one safetensors file, base64-encoded. */
export interface AdaptersRecord {
  format: 'safetensors';
  encoding: 'base64';
  sha256: string;
  data: string;
}

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
  /** The data set: id, name, content hash, and its class names in label-index order (every export names classes after them). */
  dataset: {
    id: string;
    name: string;
    labelNames: string[];
    sha256: string;
    sizes: Record<'train' | 'validation' | 'test' | 'ood', number>;
    /** Rows dropped as malformed (`--skip-bad-rows`), per file: count and the first line numbers. */
    skippedRows?: DatasetPayload['skippedRows'];
  };
  method: RunResult['method'];
  options: Record<string, unknown>;
  trainableParams: number;
  posteriorParams: number;
  seconds: number;
  metrics: Record<string, number | undefined>;
  covarianceEigenvalues?: number[];
  warning?: string;
  note?: string;
  /** Device losses the run resumed from (a checkpoint step and the backend it went on with). */
  resumes?: RunResult['resumes'];
  splits: Partial<Record<'test' | 'validation' | 'ood', SplitRecord>>;
  /** Version ≥ 2. */
  adapters?: AdaptersRecord;
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

// Chunked so a large file does not overflow String.fromCharCode's arguments; btoa/atob exist in browsers and Node ≥ 16.
function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** The data set's content hash (the same one a page run's result carries: data/dataset_identity.ts). */
export const datasetHash = datasetContentHash;

/** What model and data a record is about: ids, names and content hashes. */
async function identity(model: { id: string; weights: TensorMap }, ds: DatasetPayload): Promise<Pick<RunRecord, 'model' | 'dataset'>> {
  return {
    model: { id: model.id, weightsSha256: await weightsHash(model.weights) },
    dataset: {
      id: ds.id,
      name: ds.name,
      labelNames: ds.labelNames,
      sha256: await datasetHash(ds),
      sizes: { train: ds.train.length, validation: ds.validation.length, test: ds.test.length, ood: ds.ood.length },
      ...(ds.skippedRows?.length ? { skippedRows: ds.skippedRows } : {}),
    },
  };
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
  const ids = await identity(ctx.model, ds);
  // The record's adapter file names the run's classes and data in its metadata too (adapter_files.ts).
  const run = { ...r, dataset: { id: ids.dataset.id, name: ids.dataset.name, labelNames: ids.dataset.labelNames, sha256: ids.dataset.sha256 } };
  return {
    format: RUN_RECORD_FORMAT,
    version: RUN_RECORD_VERSION,
    createdAt: new Date().toISOString(),
    command: ctx.command,
    backend: ctx.backend,
    ...ids,
    method: r.method,
    options: ctx.options,
    trainableParams: r.trainableParams,
    posteriorParams: r.posteriorParams,
    seconds: r.wallSeconds,
    metrics: ctx.metrics,
    covarianceEigenvalues: r.covarianceEigenvalues,
    warning: r.warning,
    note: r.note,
    resumes: r.resumes,
    splits,
    adapters: await adaptersRecord(run),
  };
}

async function adaptersRecord(r: RunResult): Promise<AdaptersRecord> {
  const bytes = adaptersSafetensors(r);
  return { format: 'safetensors', encoding: 'base64', sha256: await sha256Hex(bytes), data: toBase64(bytes) };
}

/** What `blora train --out` writes when the run is stopped (Ctrl-C) before it finishes: what it was and how far it got. */
export interface InterruptedRunRecord {
  format: typeof RUN_RECORD_FORMAT;
  version: number;
  status: 'interrupted';
  createdAt: string;
  command?: string;
  backend: string;
  model: { id: string; weightsSha256: string };
  dataset: RunRecord['dataset'];
  method: RunResult['method'];
  options: Record<string, unknown>;
  /** Optimizer steps done of those planned, and the training loss after each one reported. */
  steps: number;
  totalSteps: number;
  loss: { step: number; loss: number }[];
  seconds: number;
}

export async function interruptedRunRecord(ctx: {
  model: { id: string; weights: TensorMap };
  dataset: DatasetPayload;
  backend: string;
  method: RunResult['method'];
  options: Record<string, unknown>;
  command?: string;
  steps: number;
  totalSteps: number;
  loss: { step: number; loss: number }[];
  seconds: number;
}): Promise<InterruptedRunRecord> {
  const ds = ctx.dataset;
  return {
    format: RUN_RECORD_FORMAT,
    version: RUN_RECORD_VERSION,
    status: 'interrupted',
    createdAt: new Date().toISOString(),
    command: ctx.command,
    backend: ctx.backend,
    ...(await identity(ctx.model, ds)),
    method: ctx.method,
    options: ctx.options,
    steps: ctx.steps,
    totalSteps: ctx.totalSteps,
    loss: ctx.loss,
    seconds: ctx.seconds,
  };
}

export class RunRecordError extends Error {
  readonly code = 'bad-run-record';
}

/**
 * A run record read back (blora export --run): the format, version and the fields an export needs
 * are checked, each failure naming the file and what is wrong.
 */
export function parseRunRecord(text: string, file: string): RunRecord {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch (e) {
    throw new RunRecordError(`${file} is not JSON (${(e as Error).message}); expected the run record \`blora train --out\` writes`);
  }
  const rec = j as Partial<RunRecord> | null;
  if (!rec || typeof rec !== 'object' || rec.format !== RUN_RECORD_FORMAT) {
    throw new RunRecordError(
      `${file} is not a run record (format ${JSON.stringify(rec?.format)}, expected "${RUN_RECORD_FORMAT}" as \`blora train --out\` writes)`,
    );
  }
  if ((rec as { status?: string }).status === 'interrupted') {
    throw new RunRecordError(`${file}: this run was interrupted before it finished, so it has no trained adapters to export; train it again`);
  }
  if (typeof rec.version !== 'number' || rec.version > RUN_RECORD_VERSION) {
    throw new RunRecordError(`${file}: run record version ${rec.version} is newer than this blora reads (${RUN_RECORD_VERSION})`);
  }
  if (!rec.adapters) {
    throw new RunRecordError(
      `${file}: run record version ${rec.version} holds no adapter tensors (they are kept from version 2); train again with --out to export it`,
    );
  }
  const m = rec.method as Partial<RunRecord['method']> | undefined;
  if (!m || typeof m.kind !== 'string' || !(Number(m.r) > 0) || !(Number(m.alpha) > 0)) {
    throw new RunRecordError(`${file}: the run record's method is missing or lacks kind, r or alpha (found ${JSON.stringify(m)})`);
  }
  if (!rec.model || typeof rec.model.id !== 'string') {
    throw new RunRecordError(`${file}: the run record lacks its model (model.id)`);
  }
  // A record without its data set's class names still exports: `blora export` names the classes by label index and says so.
  return rec as RunRecord;
}

/** The record's adapter file bytes, checked against its SHA-256. */
export async function recordAdapterBytes(rec: RunRecord, file: string): Promise<Uint8Array> {
  const a = rec.adapters;
  if (!a || a.format !== 'safetensors' || a.encoding !== 'base64' || typeof a.data !== 'string') {
    throw new RunRecordError(`${file}: the run record's adapters are not base64 safetensors`);
  }
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(a.data);
  } catch {
    throw new RunRecordError(`${file}: the run record's adapters are not valid base64`);
  }
  const sha = await sha256Hex(bytes);
  if (sha !== a.sha256)
    throw new RunRecordError(`${file}: the run record's adapter bytes have SHA-256 ${sha}, the record says ${a.sha256} (the file is damaged)`);
  parseSafetensors(bytes, `${file} (adapters)`);
  return bytes;
}
