// One method configuration: kind, shared and kind-specific hyper-parameters, inline validation.
import { ADAPT_TARGETS, METHOD_KINDS, type AdaptTarget, type MethodConfig, type MethodKind } from '../../state/types';
import { NumberField } from '../common/NumberField';
import { KIND_PARAMS, METHOD_NAMES, type Param } from './methodInfo';
import type { MethodErrors } from '../../methods/validate';

const PARAM_LABELS: Record<Param, string> = {
  K: 'K (deviation rows)',
  c: 'c (sampling scale)',
  S: 'S (samples)',
  M: 'M (members)',
  swagStart: 'SWAG start epoch',
  swagAnnealEpochs: 'Anneal epochs',
  swagLr: 'SWAG lr',
  collectEverySteps: 'Collect every (steps, 0 = epoch)',
  dropout: 'Dropout p',
  earlyStopPatience: 'Early stop patience (evals, 0 = off)',
};

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
        <NumberField label="Rank r" value={m.r} step={1} min={1} onChange={(v) => set('r', v)} error={errors.r} testId={`${m.id}-r`} />
        <NumberField label="α (s = α/r)" value={m.alpha} onChange={(v) => set('alpha', v)} error={errors.alpha} />
        <NumberField label="Adapter lr" value={m.lrAdapter} onChange={(v) => set('lrAdapter', v)} error={errors.lrAdapter} testId={`${m.id}-lrAdapter`} />
        <NumberField label="Head lr" value={m.lrHead} onChange={(v) => set('lrHead', v)} error={errors.lrHead} />
        <NumberField label="Epochs" value={m.epochs} step={1} min={1} onChange={(v) => set('epochs', v)} error={errors.epochs} />
        <NumberField label="Batch" value={m.batch} step={1} min={1} onChange={(v) => set('batch', v)} error={errors.batch} />
        {KIND_PARAMS[m.kind].map((p) => (
          <NumberField key={p} label={PARAM_LABELS[p]} value={m[p]} onChange={(v) => set(p, v)} error={errors[p]} testId={`${m.id}-${p}`} />
        ))}
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
      {errors.targets && <span className="field-error" role="alert">{errors.targets}</span>}
      {errors.layers && <span className="field-error" role="alert">{errors.layers}</span>}
    </fieldset>
  );
}
