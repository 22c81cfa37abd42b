// Which compute backend the trainer uses, on which adapter, and why the CPU was chosen.
import type { BackendInfo } from '../../train/protocol';

export function GpuBadge({ backend, error }: { backend: BackendInfo | null; error: string | null }) {
  if (!backend) {
    return (
      <span className="badge" role="status" data-testid="gpu-badge" title={error ?? undefined}>
        <span className="dot" aria-hidden="true" />
        {error ? 'Trainer unavailable' : 'Detecting GPU…'}
      </span>
    );
  }
  const a = backend.adapter;
  const adapter = a ? [a.vendor, a.architecture, a.description].filter(Boolean).join(' · ') + (a.isFallback ? ' (fallback adapter)' : '') : 'no WebGPU adapter';
  const threads = backend.threads && backend.threads > 1 ? ` · ${backend.threads} threads` : '';
  const kernels = backend.cpuKernels === 'typescript' ? 'TypeScript kernels' : `WebAssembly SIMD${threads}`;
  const title =
    backend.kind === 'cpu'
      ? `CPU backend (${kernels}): ${backend.reason ?? 'no reason given'}${backend.threadsNote ? `; ${backend.threadsNote}` : ''}. Adapter: ${adapter}`
      : `WebGPU on ${adapter}`;
  return (
    <span
      className={`badge ${backend.kind}`}
      role="status"
      data-testid="gpu-badge"
      data-backend={backend.kind}
      data-cpu-kernels={backend.cpuKernels}
      data-threads={backend.threads}
      title={title}
    >
      <span className="dot" aria-hidden="true" />
      <strong>{backend.kind === 'webgpu' ? 'WebGPU' : `CPU · ${kernels}`}</strong>
      <span className="muted">{adapter}</span>
      {backend.kind === 'cpu' && backend.reason && <span className="muted">— {backend.reason}</span>}
    </span>
  );
}
