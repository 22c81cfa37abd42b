import type { BackendChoice } from '../../train/protocol';

/** The backend, and the WebAssembly CPU backend's kernel threads (0 = one per core). */
export function BackendSelect({
  value,
  onChange,
  threads,
  onThreads,
}: {
  value: BackendChoice;
  onChange: (b: BackendChoice) => void;
  threads: number;
  onThreads: (t: number) => void;
}) {
  const cpuPossible = value !== 'webgpu' && value !== 'cpu';
  return (
    <>
      <label className="inline">
        Backend
        <select value={value} onChange={(e) => onChange(e.target.value as BackendChoice)} data-testid="backend-select">
          <option value="auto">auto</option>
          <option value="webgpu">WebGPU</option>
          <option value="wasm">CPU (WebAssembly SIMD)</option>
          <option value="cpu">CPU (TypeScript reference)</option>
        </select>
      </label>
      {cpuPossible && (
        <label className="inline" title="Kernel threads of the WebAssembly CPU backend (auto: one per core). Results do not depend on it.">
          Threads
          <select value={threads} onChange={(e) => onThreads(Number(e.target.value))} data-testid="threads-select">
            <option value={0}>auto</option>
            {[1, 2, 4, 8, 16].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}
