// Options for quick runs on slow machines (cap the steps and the examples per split), evaluation
// and checkpoint cadence, and the optional K sweep of SWAG methods. Labels, ranges and messages
// come from methods/run_settings.ts, the same check the Start button and the controller apply.
import { RUN_SETTINGS, runSettingErrors, type RunSettingKey } from '../../methods/run_settings';
import { NumberField } from '../common/NumberField';

export interface QuickOptions {
  maxSteps: number;
  maxExamples: number;
  evalEverySteps: number;
  kSweep: boolean;
  /** Training state copied to the host every this many steps, so a lost GPU device resumes from there. */
  checkpointEverySteps: number;
}

const TEST_IDS: Partial<Record<RunSettingKey, string>> = { maxSteps: 'max-steps', maxExamples: 'max-examples', checkpointEverySteps: 'checkpoint-every' };

export function RunOptions({ value, onChange }: { value: QuickOptions; onChange: (v: QuickOptions) => void }) {
  const errors = runSettingErrors(value);
  return (
    <div className="row" role="group" aria-label="Run options">
      {(Object.keys(RUN_SETTINGS) as RunSettingKey[]).map((key) => (
        <NumberField
          key={key}
          label={RUN_SETTINGS[key].label}
          value={value[key]}
          step={1}
          min={0}
          error={errors[key]}
          testId={TEST_IDS[key]}
          onChange={(v) => onChange({ ...value, [key]: v })}
        />
      ))}
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
