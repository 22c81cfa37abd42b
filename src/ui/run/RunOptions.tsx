// Options for quick runs on slow machines (cap the steps and the examples per split) and the
// optional K sweep of SWAG methods.
import { NumberField } from '../common/NumberField';

export interface QuickOptions {
  maxSteps: number;
  maxExamples: number;
  evalEverySteps: number;
  kSweep: boolean;
  /** Training state copied to the host every this many steps, so a lost GPU device resumes from there. */
  checkpointEverySteps: number;
}

export function RunOptions({ value, onChange }: { value: QuickOptions; onChange: (v: QuickOptions) => void }) {
  const bad = (v: number) => (!Number.isInteger(v) || v < 0 ? 'a whole number ≥ 0' : undefined);
  return (
    <div className="row" role="group" aria-label="Run options">
      <NumberField
        label="Max steps (0 = all)"
        value={value.maxSteps}
        step={1}
        min={0}
        error={bad(value.maxSteps)}
        testId="max-steps"
        onChange={(v) => onChange({ ...value, maxSteps: v })}
      />
      <NumberField
        label="Examples per split (0 = all)"
        value={value.maxExamples}
        step={1}
        min={0}
        error={bad(value.maxExamples)}
        testId="max-examples"
        onChange={(v) => onChange({ ...value, maxExamples: v })}
      />
      <NumberField
        label="Evaluate every (steps, 0 = epoch)"
        value={value.evalEverySteps}
        step={1}
        min={0}
        error={bad(value.evalEverySteps)}
        onChange={(v) => onChange({ ...value, evalEverySteps: v })}
      />
      <NumberField
        label="Checkpoint every (steps)"
        value={value.checkpointEverySteps}
        step={1}
        min={0}
        error={bad(value.checkpointEverySteps)}
        testId="checkpoint-every"
        onChange={(v) => onChange({ ...value, checkpointEverySteps: v })}
      />
      <label
        className="inline"
        title="After training, predict the test split again with the SWAG posterior cut to k = 0, 2, 3, 5, … K deviations (costs one Monte-Carlo prediction per k)"
      >
        <input type="checkbox" data-testid="k-sweep" checked={value.kSweep} onChange={(e) => onChange({ ...value, kSweep: e.target.checked })} />K sweep (SWAG
        methods)
      </label>
    </div>
  );
}

export function quickOptionsValid(q: QuickOptions): boolean {
  return [q.maxSteps, q.maxExamples, q.evalEverySteps, q.checkpointEverySteps].every((v) => Number.isInteger(v) && v >= 0);
}
