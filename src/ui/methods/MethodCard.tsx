// One method configuration: kind, shared and kind-specific hyper-parameters, inline validation.
import { ADAPT_TARGETS, METHOD_KINDS, type AdaptTarget, type MethodConfig, type MethodKind } from '../../methods/config';
import { NumberField } from '../common/NumberField';
import { METHOD_NAMES } from '../common/method_info';
import { METHOD_SETTINGS, formNumberSettings } from '../../methods/settings';
import type { MethodErrors } from '../../methods/validate';

export interface MethodCardProps {
  method: MethodConfig;
  errors: MethodErrors;
  onChange: (m: MethodConfig) => void;
  onRemove: () => void;
  canRemove: boolean;
}

export function MethodCard({ method: m, errors, onChange, onRemove, canRemove }: MethodCardProps) {
  const set = <K extends keyof MethodConfig>(k: K, v: MethodConfig[K]) => onChange({ ...m, [k]: v });
  const toggleTarget = (t: AdaptTarget) => set('targets', m.targets.includes(t) ? m.targets.filter((x) => x !== t) : [...m.targets, t]);
  return (
    <fieldset className="method-card" data-testid={`method-${m.id}`} aria-label={`Method ${m.id}`}>
      <div className="row">
        <label style={{ flex: 1 }}>
          Method
          <select value={m.kind} data-testid={`${m.id}-kind`} onChange={(e) => set('kind', e.target.value as MethodKind)}>
            {METHOD_KINDS.map((k) => (
              <option key={k} value={k}>
                {METHOD_NAMES[k]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={onRemove} disabled={!canRemove} aria-label={`Remove method ${m.id}`}>
          ✕
        </button>
      </div>
      <div className="grid">
        {formNumberSettings(m.kind).map((p) => {
          const s = METHOD_SETTINGS[p];
          const whole = s.type === 'int' && s.min >= 1;
          return (
            <NumberField
              key={p}
              label={s.label}
              value={m[p]}
              step={whole ? 1 : undefined}
              min={whole ? s.min : undefined}
              onChange={(v) => set(p, v)}
              error={errors[p]}
              testId={`${m.id}-${p}`}
            />
          );
        })}
        {m.kind === 'laplace' && (
          <label>
            Curvature
            <select value={m.laplace.structure} onChange={(e) => set('laplace', { structure: e.target.value as 'diag' | 'full' })}>
              <option value="diag">diagonal</option>
              <option value="full">full GGN</option>
            </select>
          </label>
        )}
      </div>
      <div role="group" aria-label="Adapted matrices" className="row small">
        {ADAPT_TARGETS.map((t) => (
          <label key={t} className="inline">
            <input type="checkbox" checked={m.targets.includes(t)} onChange={() => toggleTarget(t)} />
            {t}
          </label>
        ))}
      </div>
      {errors.targets && (
        <span className="field-error" role="alert">
          {errors.targets}
        </span>
      )}
      {errors.layers && (
        <span className="field-error" role="alert">
          {errors.layers}
        </span>
      )}
    </fieldset>
  );
}
