// Several method configurations side by side. Valid edits go to the app store (and the link);
// invalid ones stay as drafts with their messages.
import { useEffect, useState } from 'react';
import { MAX_METHODS } from '../../state/store';
import { METHOD_KINDS, type MethodConfig, type MethodKind } from '../../methods/config';
import { useAppStore } from '../../state/use_app_store';
import { MethodCard } from './MethodCard';
import { METHOD_NAMES } from '../common/method_info';
import { useDrafts } from '../runtime/draft_store';
import { hasErrors, validateMethod, type ModelShape } from '../../methods/validate';
import { own } from '../common/own';
import { PRESETS } from './presets';
import { useLab } from '../runtime/lab_store';
import { cpuQuickDefault } from './cpu_quick_default';
import { useDataset } from '../dataset/dataset_store';
import { pageCheckContext } from '../run/start_check';
import { resetRunOptionEdits, useRunOptions } from '../run/use_run_options';

/** The CPU default is applied once per page load (the backend can be reported again later). */
let quickDefaultDone = false;

export function MethodsPanel({ model }: { model: ModelShape | null }) {
  const shareable = useAppStore((s) => s.shareable);
  const methods = shareable.methods;
  const actions = useAppStore((s) => s.actions);
  const { drafts, refusals, setDraft, clear } = useDrafts();
  const [kind, setKind] = useState<MethodKind>('b-lora-xs');
  const [preset, setPreset] = useState('');
  const chosen = PRESETS.find((p) => p.id === preset);
  const clearAll = () => methods.forEach((m) => clear(m.id));
  const backend = useLab((s) => s.backend);
  const [autoPreset, setAutoPreset] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: decided once, when the backend is first known; later edits must not re-trigger it
  useEffect(() => {
    if (!backend || quickDefaultDone) return;
    quickDefaultDone = true;
    const quick = cpuQuickDefault(backend, shareable);
    if (!quick) return;
    actions.replaceShareable(quick.apply(shareable));
    setAutoPreset(quick.label);
  }, [backend]);
  // The SWAG plan is checked over the training examples a run would get (run options' cap included).
  const dataset = useDataset((s) => s.dataset);
  const { quick } = useRunOptions();
  const ctx = pageCheckContext(dataset ? dataset.splits.train.length : null, quick);
  const edit = (nm: MethodConfig) => {
    if (hasErrors(validateMethod(nm, model, ctx))) return setDraft(nm);
    const { id, ...patch } = nm;
    const w = actions.updateMethod(id, patch);
    if (w.length) setDraft(nm, w);
    else clear(id);
  };
  return (
    <section className="panel" aria-labelledby="methods-h">
      <div className="row" style={{ marginBottom: 8 }}>
        <h2 id="methods-h" style={{ margin: 0, flex: 1 }}>
          Methods
        </h2>
        <label className="inline">
          Add
          <select aria-label="Method kind to add" value={kind} onChange={(e) => setKind(e.target.value as MethodKind)}>
            {METHOD_KINDS.map((k) => (
              <option key={k} value={k}>
                {METHOD_NAMES[k]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" data-testid="add-method" disabled={methods.length >= MAX_METHODS} onClick={() => actions.addMethod(kind)}>
          Add method
        </button>
      </div>
      <div className="row small" style={{ marginBottom: 8 }}>
        <label className="inline">
          Preset
          <select aria-label="Experiment preset" data-testid="preset" value={preset} onChange={(e) => setPreset(e.target.value)}>
            <option value="">choose…</option>
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="apply-preset"
          disabled={!chosen}
          onClick={() => {
            if (!chosen) return;
            clearAll();
            resetRunOptionEdits();
            actions.replaceShareable(chosen.apply(shareable));
          }}
        >
          Use preset
        </button>
        {autoPreset && !chosen && (
          <span className="muted" data-testid="cpu-quick-note">
            Only the CPU backend is available here, so the page starts from the preset “{autoPreset}”; pick another preset or edit the methods for a longer
            comparison.
          </span>
        )}
        {chosen && (
          <span className="muted" data-testid="preset-about">
            {chosen.about}
          </span>
        )}
      </div>
      <div className="methods">
        {methods.map((saved) => {
          const m = own(drafts, saved.id) ?? saved;
          const errors = validateMethod(m, model, ctx);
          const refused = own(refusals, saved.id) ?? [];
          return (
            <div key={saved.id} className="stack">
              <MethodCard
                method={m}
                errors={errors}
                canRemove={methods.length > 1}
                onRemove={() => {
                  clear(saved.id);
                  actions.removeMethod(saved.id);
                }}
                onChange={edit}
              />
              {refused.length > 0 && (
                <p className="field-error" role="alert">
                  {refused.join('; ')}
                </p>
              )}
            </div>
          );
        })}
      </div>
    </section>
  );
}
