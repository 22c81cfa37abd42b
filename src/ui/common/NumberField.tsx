// A labelled number input whose validation message is announced and tied to the field.
import { useId, useState, useEffect } from 'react';

export interface NumberFieldProps {
  label: string;
  value: number;
  onChange: (v: number) => void;
  error?: string;
  step?: number | 'any';
  min?: number;
  max?: number;
  testId?: string;
}

export function NumberField({ label, value, onChange, error, step = 'any', min, max, testId }: NumberFieldProps) {
  const id = useId();
  // Keep the raw text so "1e-" or "" can be typed; report NaN while it is not a number.
  const [text, setText] = useState(String(value));
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new value from outside resets the text, never the typing itself
  useEffect(() => {
    if (Number(text) !== value && !(Number.isNaN(value) && text.trim() === '')) setText(String(value));
  }, [value]);
  return (
    <label>
      {label}
      <input
        type="number"
        inputMode="decimal"
        value={text}
        step={step}
        min={min}
        max={max}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          onChange(e.target.value.trim() === '' ? NaN : Number(e.target.value));
        }}
      />
      {error && (
        <span id={`${id}-err`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
