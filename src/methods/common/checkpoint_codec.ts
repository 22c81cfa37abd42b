// A run's checkpoints as plain data (typed arrays, numbers, arrays), so they can leave the worker
// (postMessage) and be kept in IndexedDB, and a check of such data before a run resumes from it:
// a stored checkpoint comes from another page load, maybe from a damaged database, so every array
// it needs is checked for presence and length and a partial one is refused with the reason.
import { SwagState, type SwagDivisor } from '../../bayes/swag';
import type { RunResume } from '../run_types';
import type { LoopCheckpoint, RunHistory, Snapshot } from './train_checkpoint';

/** SwagState's fields (the class does not survive structured cloning). */
export interface StoredSwag {
  P: number;
  K: number;
  divisor: SwagDivisor;
  n: number;
  mean: Float32Array;
  sqMean: Float32Array;
  deviations: Float32Array;
  writeIndex: number;
  rows: number;
}

export type StoredLoopCheckpoint = Omit<LoopCheckpoint, 'swag'> & { swag?: StoredSwag };

export const STORED_CHECKPOINTS_VERSION = 1;

/** Everything TrainCheckpoints needs to resume a run in another page load. */
export interface StoredCheckpoints {
  version: number;
  everySteps: number;
  /** One per loop started so far (an ensemble's members); the latest checkpoint is `slots[latest.slot]`. */
  slots: StoredLoopCheckpoint[];
  latest: { slot: number; step: number };
  /** The loss and validation history up to the latest checkpoint. */
  history: RunHistory;
  /** Earlier resumes of the run (lost devices, reloads), so its final note lists them all. */
  resumes: RunResume[];
}

export function swagToStored(s: SwagState): StoredSwag {
  return { P: s.P, K: s.K, divisor: s.divisor, n: s.n, mean: s.mean, sqMean: s.sqMean, deviations: s.deviations, writeIndex: s.writeIndex, rows: s.rows };
}

export function swagFromStored(s: StoredSwag): SwagState {
  const out = new SwagState({ P: s.P, K: s.K, divisor: s.divisor });
  out.mean.set(s.mean);
  out.sqMean.set(s.sqMean);
  out.deviations.set(s.deviations);
  out.n = s.n;
  out.writeIndex = s.writeIndex;
  out.rows = s.rows;
  return out;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const f32 = (v: unknown, n?: number) => v instanceof Float32Array && (n === undefined || v.length === n);

/** Why a snapshot is unusable (theta of length P, head arrays of the given lengths), or null. */
function snapshotProblem(s: unknown, P: number, head: number[]): string | null {
  if (!isObj(s)) return 'missing';
  if (!f32(s.theta, P)) return `its adapters are not ${P} float32 values`;
  if (!Array.isArray(s.head) || s.head.length !== head.length || !s.head.every((h, i) => f32(h, head[i]))) return 'its head weights are incomplete';
  return null;
}

function swagProblem(s: unknown, P: number): string | null {
  if (!isObj(s)) return 'missing';
  if (s.P !== P || !isCount(s.K) || !isCount(s.n) || !isCount(s.writeIndex) || !isCount(s.rows)) return 'its sizes are not whole numbers matching the adapters';
  if (s.divisor !== 'maxRows' && s.divisor !== 'rows') return `its divisor "${String(s.divisor)}" is unknown`;
  if (!f32(s.mean, P) || !f32(s.sqMean, P) || !f32(s.deviations, s.K * P)) return 'its moments or deviations are incomplete';
  if (s.rows > s.K || (s.K > 0 && s.writeIndex >= s.K)) return 'its ring buffer position is out of range';
  return null;
}

function loopProblem(ck: unknown): string | null {
  if (!isObj(ck)) return 'it is missing';
  if (!isCount(ck.step)) return 'its step is not a whole number';
  const params = ck.params as Snapshot | undefined;
  if (!isObj(params) || !(params.theta instanceof Float32Array) || !Array.isArray(params.head)) return 'its adapters and head are missing';
  const P = params.theta.length;
  const head = params.head.map((h) => (h instanceof Float32Array ? h.length : -1));
  if (head.includes(-1)) return 'its head weights are not float32 arrays';
  const snaps: [string, unknown][] = [
    ['last good state', ck.lastGood],
    ...(ck.candidate ? [['candidate state', ck.candidate] as [string, unknown]] : []),
    ...(ck.mapAtSwagStart ? [['MAP state at the SWAG start', ck.mapAtSwagStart] as [string, unknown]] : []),
  ];
  for (const [name, s] of snaps) {
    const p = snapshotProblem(s, P, head);
    if (p) return `its ${name} is unusable (${p})`;
  }
  if (ck.best !== null && ck.best !== undefined) {
    const b = ck.best as Record<string, unknown>;
    const p = !isObj(b) || typeof b.nll !== 'number' || !isCount(b.step) ? 'missing fields' : snapshotProblem(b.state, P, head);
    if (p) return `its early-stopping best state is unusable (${p})`;
  }
  if (!isCount(ck.sinceBest)) return 'its early-stopping count is missing';
  if (ck.swag !== undefined) {
    const p = swagProblem(ck.swag, P);
    if (p) return `its SWAG posterior is unusable (${p})`;
  }
  if (ck.done !== undefined) {
    if (!isObj(ck.done) || !isCount(ck.done.steps)) return 'its end-of-loop record is incomplete';
  } else {
    const o = ck.optimizer as Record<string, unknown> | undefined;
    if (!isObj(o) || !isCount(o.step) || !Array.isArray(o.m) || !Array.isArray(o.v) || o.m.length !== o.v.length) return 'its optimizer state is missing';
    if (!o.m.every((m, i) => m instanceof Float32Array && f32((o.v as unknown[])[i], m.length))) return 'its optimizer moments are incomplete';
  }
  return null;
}

function historyProblem(h: unknown): string | null {
  if (!isObj(h) || !Array.isArray(h.loss) || !Array.isArray(h.evals)) return 'its history is missing';
  if (!h.loss.every((p) => isObj(p) && isCount(p.step) && typeof p.loss === 'number')) return 'its loss history is damaged';
  if (!h.evals.every((p) => isObj(p) && isCount(p.step) && ['loss', 'accuracy', 'ece', 'nll'].every((k) => typeof p[k] === 'number')))
    return 'its validation history is damaged';
  return null;
}

/** Why stored checkpoints cannot resume a run (a partial or damaged record), or null when they can. */
export function storedCheckpointsProblem(s: unknown): string | null {
  if (!isObj(s)) return 'the checkpoint is not a record';
  if (s.version !== STORED_CHECKPOINTS_VERSION) return `the checkpoint format ${String(s.version)} is not this page's (${STORED_CHECKPOINTS_VERSION})`;
  if (!isCount(s.everySteps)) return 'the checkpoint cadence is missing';
  if (!Array.isArray(s.slots) || s.slots.length === 0) return 'the checkpoint holds no training state';
  const latest = s.latest as Record<string, unknown> | undefined;
  if (!isObj(latest) || !isCount(latest.slot) || latest.slot >= s.slots.length) return 'the checkpoint does not say where the run stands';
  for (let i = 0; i < s.slots.length; i++) {
    const p = loopProblem(s.slots[i]);
    if (p) return `the checkpoint of training loop ${i + 1} is incomplete: ${p}`;
    if (i < s.slots.length - 1 && !(s.slots[i] as LoopCheckpoint).done) return `training loop ${i + 1} was not finished, yet a later loop has a checkpoint`;
  }
  if ((s.slots[latest.slot] as LoopCheckpoint).step !== latest.step) return 'the checkpoint step does not match its training state';
  const h = historyProblem(s.history);
  if (h) return `the checkpoint is incomplete: ${h}`;
  if (!Array.isArray(s.resumes)) return 'the checkpoint has no list of earlier resumes';
  return null;
}
