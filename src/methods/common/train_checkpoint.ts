// Training checkpoints on the host, so a run whose backend dies (a lost GPU device) resumes where
// it was instead of failing. Every `everySteps` optimizer steps, and once when a loop ends, the
// train loop reads back everything its next step depends on: adapters and head, AdamW moments and
// step count, the SWAG moments and ring buffer, the early-stopping and divergence snapshots. The
// data order and dropout masks are functions of (seed, epoch, step), so the step is their position.
// LoRA-XS state is small (r × r per adapted matrix), so a copy costs little. A run may train
// several loops (an ensemble's members): each claims a slot in the order it starts, the same order
// on every attempt. The loss and validation history reported up to the latest checkpoint is kept
// here too, so a resumed run's curves continue from it without the steps that are done again.
// toStored/fromStored carry them across a page reload (checkpoint_codec.ts; the page keeps them in IndexedDB).
import type { SwagState } from '../../bayes/swag';
import type { OptimizerState } from '../../engine/bert/train';
import type { RunResume } from '../run_types';
import type { RunHooks } from './types';
import { STORED_CHECKPOINTS_VERSION, type StoredCheckpoints, storedCheckpointsProblem, swagFromStored, swagToStored } from './checkpoint_codec';

/** The default cadence: about a minute of SwiftShader training, seconds on a real GPU. */
export const DEFAULT_CHECKPOINT_EVERY = 50;

/** Adapters (θ) and head weights of a classifier at one point of training. */
export interface Snapshot {
  theta: Float32Array;
  head: Float32Array[];
}

/** What a loop ended with (train_loop.ts's LoopResult, repeated here to keep imports one-way). */
export interface LoopOutcome {
  steps: number;
  diverged?: string;
  note?: string;
  mapAtSwagStart?: Snapshot;
}

export interface LoopCheckpoint {
  /** Optimizer steps done: a resumed loop starts with batch number `step`. */
  step: number;
  /** Adapters and head after that step. */
  params: Snapshot;
  /** Absent in a `done` checkpoint (no step follows). */
  optimizer?: OptimizerState;
  swag?: SwagState;
  lastGood: Snapshot;
  candidate: Snapshot | null;
  best: { nll: number; step: number; state: Snapshot } | null;
  sinceBest: number;
  mapAtSwagStart?: Snapshot;
  /** Set once the loop has ended: a resumed run restores `params` and trains this loop no more. */
  done?: LoopOutcome;
}

export type EvalPoint = { step: number; loss: number; accuracy: number; ece: number; nll: number };

export interface RunHistory {
  loss: { step: number; loss: number }[];
  evals: EvalPoint[];
}

/** Where a resumed run starts again: which loop, at which step, and the history up to there. */
export interface ResumePoint {
  /** 0-based loop slot (an ensemble's member), or -1 when no checkpoint was taken yet. */
  slot: number;
  step: number;
  history: RunHistory;
}

export class TrainCheckpoints {
  private readonly slots: LoopCheckpoint[] = [];
  private next = 0;
  private readonly history: RunHistory = { loss: [], evals: [] };
  private latest: { slot: number; step: number; loss: number; evals: number } | null = null;
  /** The last optimizer step reported (where a fault struck). */
  lastStep = 0;
  /** Each resume of the run so far (lost devices, page reloads), in order. */
  readonly resumes: RunResume[] = [];
  /** Called after each checkpoint is taken (the worker sends it to the page to keep). */
  onSaved?: (c: TrainCheckpoints) => void;

  /** `everySteps` 0: only when a loop ends (a fault then restarts the loop in progress). */
  constructor(readonly everySteps = DEFAULT_CHECKPOINT_EVERY) {
    if (!(everySteps >= 0) || !Number.isInteger(everySteps)) throw new Error(`checkpoint cadence must be a whole number ≥ 0, got ${everySteps}`);
  }

  /** A new attempt at the run: loops claim their slots from the first again. */
  beginAttempt(): void {
    this.next = 0;
  }

  /** The slot of the loop starting now and its checkpoint, if an earlier attempt left one. */
  claim(): { slot: number; saved?: LoopCheckpoint } {
    const slot = this.next++;
    return { slot, saved: this.slots[slot] };
  }

  due(step: number): boolean {
    return this.everySteps > 0 && step % this.everySteps === 0;
  }

  put(slot: number, ck: LoopCheckpoint): void {
    this.slots[slot] = ck;
    this.latest = { slot, step: ck.step, loss: this.history.loss.length, evals: this.history.evals.length };
    this.onSaved?.(this);
  }

  /** The latest checkpoint as plain data (shares the arrays: clone it before changing any), or null before the first. */
  toStored(): StoredCheckpoints | null {
    const l = this.latest;
    if (!l) return null;
    return {
      version: STORED_CHECKPOINTS_VERSION,
      everySteps: this.everySteps,
      slots: this.slots.slice(0, l.slot + 1).map((c) => ({ ...c, swag: c.swag ? swagToStored(c.swag) : undefined })),
      latest: { slot: l.slot, step: l.step },
      history: { loss: this.history.loss.slice(0, l.loss), evals: this.history.evals.slice(0, l.evals) },
      resumes: [...this.resumes],
    };
  }

  /** Checkpoints kept by toStored, checked first: a partial or damaged record throws with the reason. */
  static fromStored(s: StoredCheckpoints): TrainCheckpoints {
    const problem = storedCheckpointsProblem(s);
    if (problem) throw new Error(problem);
    const c = new TrainCheckpoints(s.everySteps);
    s.slots.forEach((k, i) => {
      c.slots[i] = { ...k, swag: k.swag ? swagFromStored(k.swag) : undefined };
    });
    c.history.loss.push(...s.history.loss);
    c.history.evals.push(...s.history.evals);
    c.latest = { slot: s.latest.slot, step: s.latest.step, loss: s.history.loss.length, evals: s.history.evals.length };
    c.lastStep = s.latest.step;
    c.resumes.push(...s.resumes);
    return c;
  }

  /** Forget what was reported after the latest checkpoint (those steps run again) and say where the run resumes. */
  rewind(): ResumePoint {
    const l = this.latest;
    this.history.loss.length = l?.loss ?? 0;
    this.history.evals.length = l?.evals ?? 0;
    // Loops after the latest checkpoint's are redone from scratch: drop anything they left.
    this.slots.length = l ? l.slot + 1 : 0;
    return { slot: l?.slot ?? -1, step: l?.step ?? 0, history: { loss: [...this.history.loss], evals: [...this.history.evals] } };
  }

  /** The hooks with the loss and validation history recorded (optimizer steps only). */
  recording(hooks: RunHooks): RunHooks {
    return {
      ...hooks,
      progress: (e) => {
        if (e.phase === 'map' || e.phase === 'swag') {
          this.history.loss.push({ step: e.step, loss: e.loss });
          this.lastStep = e.step;
        }
        hooks.progress(e);
      },
      evaluated: hooks.evaluated
        ? (e) => {
            this.history.evals.push({ ...e });
            hooks.evaluated?.(e);
          }
        : undefined,
    };
  }
}
