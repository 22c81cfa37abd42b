import type { BackendPreference } from '../../state/types';

export function BackendSelect({ value, onChange }: { value: BackendPreference; onChange: (b: BackendPreference) => void }) {
  return (
    <label className="inline">
      Backend
      <select value={value} onChange={(e) => onChange(e.target.value as BackendPreference)} data-testid="backend-select">
        <option value="auto">auto</option>
        <option value="webgpu">WebGPU</option>
        <option value="wasm">CPU (WebAssembly SIMD)</option>
        <option value="cpu">CPU (TypeScript reference)</option>
      </select>
    </label>
  );
}
