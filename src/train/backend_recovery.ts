// The backend a run resumes on after its GPU device was lost: a fresh adapter and device first,
// and when that fails (no adapter, the GPU process gone), the CPU backend, so the run still ends.
import type { Backend } from '../engine/backend';
import { createBackend, describeBackend, type BackendOptions, type CreatedBackend } from './backend_factory';
import type { BackendChoice } from './protocol';
import type { BackendRecovery } from './resume_run';

/** A replacement for a lost backend; `label` says what it is and, after a fallback, why. */
export async function replaceBackend(choice: BackendChoice, o: BackendOptions & { gpu?: GPU } = {}): Promise<CreatedBackend & { label: string }> {
  if (choice === 'cpu' || choice === 'wasm') {
    const c = await createBackend(choice, undefined, o);
    return { ...c, label: describeBackend(c.info) };
  }
  try {
    const c = await createBackend(choice, o.gpu, o);
    return { ...c, label: c.info.kind === 'webgpu' ? `a new GPU device (${describeBackend(c.info)})` : describeBackend(c.info) };
  } catch (err) {
    const why = `a new GPU device could not be created: ${(err as Error).message}`;
    let c: CreatedBackend;
    try {
      c = await createBackend('wasm', undefined, o);
    } catch {
      c = await createBackend('cpu', undefined, o);
    }
    return { ...c, label: `the CPU backend (${describeBackend(c.info)}) because ${why}` };
  }
}

/** A BackendRecovery over replaceBackend; `onReplaced` gets the new backend (to hold it, show it, destroy it later). */
export function recoveryFor(choice: BackendChoice, o: BackendOptions & { gpu?: GPU }, onReplaced: (c: CreatedBackend) => void): BackendRecovery {
  return {
    async replace(lost: Backend) {
      try {
        lost.destroy();
      } catch {
        // A lost device may refuse even its own clean-up; the new backend does not need it.
      }
      const c = await replaceBackend(choice, o);
      onReplaced(c);
      return { be: c.backend, label: c.label };
    },
  };
}
