// The run's ETA over all of its work, not just the training steps left: a plan of example passes
// (training passes: forward + backward; forward passes: evaluation and prediction) and the seconds
// each kind measurably took so far. Before the first forward pass is timed, a forward pass is taken
// as a third of a training pass (backward ≈ 2 × forward), and the other way round.

export type WorkKind = 'train' | 'forward';

/** Example passes a run will make, by kind. */
export interface WorkPlan {
  train: number;
  forward: number;
}

const FORWARD_PER_TRAIN = 1 / 3;

export class RunClock {
  private readonly done: WorkPlan = { train: 0, forward: 0 };
  private readonly secs: WorkPlan = { train: 0, forward: 0 };
  private last: number;

  constructor(
    readonly plan: WorkPlan,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.last = now();
  }

  /** Time from here on counts as work (a pause or set-up before it does not). */
  mark(): void {
    this.last = this.now();
  }

  /** `examples` passes of `kind` just finished: the time since the last mark or did goes to them. */
  did(kind: WorkKind, examples: number): void {
    const t = this.now();
    this.secs[kind] += (t - this.last) / 1000;
    this.done[kind] += examples;
    this.last = t;
  }

  /** `examples` passes of `kind` will be made again (a run resumed from an earlier checkpoint): more work left. */
  redo(kind: WorkKind, examples: number): void {
    this.plan[kind] += Math.max(0, examples);
  }

  /** `examples` passes of `kind` were made in an earlier page load (a run resumed after a reload): less work left. */
  skip(kind: WorkKind, examples: number): void {
    this.plan[kind] = Math.max(0, this.plan[kind] - Math.max(0, examples));
  }

  /** Measured seconds per example pass, or null before any was timed. */
  measured(kind: WorkKind): number | null {
    return this.done[kind] > 0 ? this.secs[kind] / this.done[kind] : null;
  }

  /** Seconds per example pass: measured, else derived from the other kind, else NaN. */
  secondsPer(kind: WorkKind): number {
    const own = this.measured(kind);
    if (own !== null) return own;
    const other = this.measured(kind === 'train' ? 'forward' : 'train');
    if (other === null) return Number.NaN;
    return kind === 'forward' ? other * FORWARD_PER_TRAIN : other / FORWARD_PER_TRAIN;
  }

  /** Seconds left for the planned work (NaN until something was timed). */
  remaining(): number {
    let s = 0;
    for (const kind of ['train', 'forward'] as const) {
      const left = Math.max(0, this.plan[kind] - this.done[kind]);
      if (left > 0) s += left * this.secondsPer(kind);
    }
    return s;
  }
}
