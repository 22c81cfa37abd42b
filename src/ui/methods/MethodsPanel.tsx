// Several method configurations side by side; add / remove / edit.
import { METHOD_KINDS, type MethodConfig, type MethodKind } from '../../state/types';
import { useState } from 'react';
import { MethodCard } from './MethodCard';
import { METHOD_NAMES } from './methodInfo';
import { newMethod } from './newMethod';
import { validateMethod, type ModelShape } from './validateMethod';

export interface MethodsPanelProps {
  methods: MethodConfig[];
  model: ModelShape | null;
  onChange: (methods: MethodConfig[]) => void;
}

const MAX_METHODS = 8;

export function MethodsPanel({ methods, model, onChange }: MethodsPanelProps) {
  const [kind, setKind] = useState<MethodKind>('b-lora-xs');
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
        <button type="button" disabled={methods.length >= MAX_METHODS} onClick={() => onChange([...methods, newMethod(kind, methods.map((m) => m.id))])}>
          Add method
        </button>
      </div>
      <div className="methods">
        {methods.map((m, i) => (
          <MethodCard
            key={m.id}
            method={m}
            errors={validateMethod(m, model)}
            canRemove={methods.length > 1}
            onRemove={() => onChange(methods.filter((_, j) => j !== i))}
            onChange={(nm) => onChange(methods.map((x, j) => (j === i ? nm : x)))}
          />
        ))}
      </div>
    </section>
  );
}
