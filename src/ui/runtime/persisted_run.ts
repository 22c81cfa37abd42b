// A stored run is data from another version of the page, or from a damaged database: read it
// defensively. Method settings added since it was saved take their defaults; a record whose shape
// cannot be used is listed as unreadable (with why, and a Delete button), never breaking the page.
// Also the record's shape both ways (toPersisted / fromPersisted).
import { METHOD_KINDS, type MethodKind } from '../../methods/config';
import { methodDefaults } from '../../methods/settings';
import type { RunStatus } from '../../state/types';
import type { MethodConfig } from '../../methods/config';
import type { RunResult } from '../../train/protocol';
import type { LiveRun, RunInputs } from './lab_store';
import { type DatasetIdentity, readDatasetIdentity } from '../../data/dataset_identity';

export interface PersistedRun {
  id: string;
  createdAt: number;
  method: MethodConfig;
  status: RunStatus;
  loss: LiveRun['loss'];
  evals: LiveRun['evals'];
  result?: RunResult;
  error?: string;
  dataset?: string;
  modelId?: string;
  /** The user's name for the run (absent in runs stored before renaming existed, and in unnamed runs). */
  name?: string;
  /** Notes of device losses the run resumed from (absent in runs stored before checkpoints existed). */
  resumes?: string[];
  /** The data set's identity and class names (absent in runs stored before they were kept: the classes are then unknown). */
  data?: DatasetIdentity;
  /** What the run needs to go on after a reload (absent in runs stored before that existed). */
  inputs?: RunInputs;
}

export function toPersisted(r: LiveRun): PersistedRun {
  return {
    id: r.runId,
    createdAt: r.createdAt ?? Date.now(),
    method: r.method,
    status: r.status,
    loss: r.loss,
    evals: r.evals,
    result: r.result,
    error: r.error,
    dataset: r.dataset,
    modelId: r.modelId,
    name: r.name,
    resumes: r.resumes,
    data: r.data,
    inputs: r.inputs,
  };
}

const UNFINISHED: RunStatus[] = ['queued', 'running', 'paused'];

/** The message of an unfinished run until it goes on (ui/run/restore_runs.ts) or says why it cannot. */
export const WAITING_TO_RESUME = 'Interrupted: the page was closed or reloaded before this run finished; it goes on once the model is loaded.';

/** Unfinished runs come back interrupted, their stored status kept in savedStatus for restore_runs.ts to resume them. */
export function fromPersisted(p: PersistedRun): LiveRun {
  const interrupted = UNFINISHED.includes(p.status);
  return {
    runId: p.id,
    method: p.method,
    status: interrupted ? 'interrupted' : p.status,
    progress: null,
    loss: p.loss ?? [],
    evals: p.evals ?? [],
    result: p.result,
    error: interrupted ? WAITING_TO_RESUME : p.error,
    createdAt: p.createdAt,
    dataset: p.dataset,
    modelId: p.modelId,
    name: p.name || undefined,
    resumes: Array.isArray(p.resumes) ? p.resumes.filter((n) => typeof n === 'string') : undefined,
    data: readDatasetIdentity(p.data),
    savedStatus: p.status,
    inputs: p.inputs,
  };
}

const STATUSES: readonly RunStatus[] = ['queued', 'running', 'paused', 'done', 'cancelled', 'error', 'interrupted'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why a stored result cannot be shown, or null when its test split is usable. */
function resultProblem(result: unknown): string | null {
  if (result === undefined) return null;
  if (!isObject(result)) return 'its result is not an object';
  const test = result.test;
  if (!isObject(test) || !(test.probs instanceof Float32Array) || !(test.labels instanceof Int32Array)) return 'its test predictions are missing';
  const C = result.nClasses;
  if (typeof C !== 'number' || !(C >= 2) || test.probs.length !== test.labels.length * C) return 'its test predictions do not match its number of classes';
  return null;
}

export function readPersisted(raw: unknown): LiveRun {
  const id = isObject(raw) && typeof raw.id === 'string' ? raw.id : `unreadable-${Math.random().toString(36).slice(2)}`;
  const unreadable = (why: string): LiveRun => ({
    runId: id,
    method: { ...methodDefaults('lora-xs'), id: 'unreadable' },
    status: 'error',
    progress: null,
    loss: [],
    evals: [],
    error: `This saved run cannot be read (${why}); it was probably saved by an older version of the page. Delete it to tidy up.`,
    createdAt: isObject(raw) && typeof raw.createdAt === 'number' ? raw.createdAt : 0,
  });
  if (!isObject(raw) || typeof raw.id !== 'string') return unreadable('it has no run id');
  const m = raw.method;
  if (!isObject(m) || typeof m.kind !== 'string' || !METHOD_KINDS.includes(m.kind as MethodKind) || typeof m.id !== 'string')
    return unreadable('its method is not one this page knows');
  if (typeof raw.status !== 'string' || !STATUSES.includes(raw.status as RunStatus)) return unreadable(`its status "${String(raw.status)}" is unknown`);
  const problem = resultProblem(raw.result);
  if (problem) return unreadable(problem);
  const record = raw as unknown as PersistedRun;
  // A result's data set that cannot be read counts as not kept (its classes unknown), never as another data set's.
  const result = record.result && { ...record.result, dataset: readDatasetIdentity(record.result.dataset) };
  if (result && !result.dataset) delete result.dataset;
  const inputs = raw.inputs;
  const usableInputs = isObject(inputs) && isObject(inputs.options) && typeof inputs.datasetHash === 'string' && isObject(inputs.sizes);
  return fromPersisted({
    ...record,
    result,
    method: { ...methodDefaults(m.kind as MethodKind), ...(m as object) } as PersistedRun['method'],
    loss: Array.isArray(raw.loss) ? record.loss : [],
    evals: Array.isArray(raw.evals) ? record.evals : [],
    createdAt: typeof raw.createdAt === 'number' ? raw.createdAt : 0,
    inputs: usableInputs ? record.inputs : undefined,
  });
}
