// What each file is: a given split, or data to cut into train/validation/test with a seed.
import type { SplitName } from '../../data/types';
import { NumberField } from '../common/NumberField';

export type FileRole = SplitName | 'split';

export interface SplitSettings {
  seed: number;
  validation: number;
  test: number;
}

export function SplitAssignment({
  files,
  roles,
  onRoles,
  settings,
  onSettings,
}: {
  files: string[];
  roles: FileRole[];
  onRoles: (r: FileRole[]) => void;
  settings: SplitSettings;
  onSettings: (s: SplitSettings) => void;
}) {
  const anySplit = roles.includes('split') || !roles.includes('validation') || !roles.includes('test');
  const fracError =
    settings.validation < 0 || settings.test < 0 || settings.validation + settings.test >= 0.9
      ? 'validation + test must be below 0.9 and not negative'
      : undefined;
  return (
    <div className="stack" role="group" aria-label="Splits">
      {files.map((f, i) => (
        <label key={f + i} className="inline">
          <span className="mono" style={{ minWidth: 120 }}>
            {f}
          </span>
          <select aria-label={`Split of ${f}`} value={roles[i]} onChange={(e) => onRoles(roles.map((r, j) => (j === i ? (e.target.value as FileRole) : r)))}>
            <option value="split">split it (seeded)</option>
            <option value="train">train</option>
            <option value="validation">validation</option>
            <option value="test">test</option>
            <option value="ood">out-of-distribution</option>
          </select>
        </label>
      ))}
      {anySplit && (
        <div className="row">
          <NumberField label="Validation fraction" value={settings.validation} onChange={(v) => onSettings({ ...settings, validation: v })} error={fracError} />
          <NumberField label="Test fraction" value={settings.test} onChange={(v) => onSettings({ ...settings, test: v })} />
          <NumberField label="Split seed" value={settings.seed} step={1} onChange={(v) => onSettings({ ...settings, seed: v })} />
        </div>
      )}
    </div>
  );
}
