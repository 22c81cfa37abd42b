// Stopping `blora train` from outside: Ctrl-C (SIGINT), and SIGTERM and SIGHUP, which timeout,
// systemd, Slurm and Docker send and a closed terminal gives. Each stops the run between two steps
// so the partial run record is written (a second signal quits at once); the exit code is then the
// shell's for that signal, 128 + its number (130, 143, 129).
import { constants } from 'node:os';
import { RunCancelled, type RunHooks } from '../methods/common/types';

export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

export type SignalSource = { on(event: StopSignal, fn: () => void): unknown; off(event: StopSignal, fn: () => void): unknown };

export const signalExitCode = (s: StopSignal): number => 128 + constants.signals[s];

/**
 * The hooks throw RunCancelled at the next checkpoint after a signal, and `progress` says how far
 * training got. The checkpoint yields to the event loop, or the signal would never be seen while
 * every backend call resolves as a microtask (the CPU backends).
 */
export function stopOnSignals(signals: SignalSource) {
  let stoppedBy: StopSignal | null = null;
  const progress = { steps: 0, totalSteps: 0, loss: [] as { step: number; loss: number }[] };
  const handlers = STOP_SIGNALS.map((s) => {
    const fn = () => {
      if (stoppedBy) process.exit(signalExitCode(stoppedBy));
      stoppedBy = s;
      const again = s === 'SIGINT' ? 'Ctrl-C again' : `${s} again`;
      console.error(`\nblora train: ${s}: stopping after this step to write what was run (${again} to quit now)…`);
    };
    signals.on(s, fn);
    return [s, fn] as const;
  });
  return {
    progress,
    /** The signal that stopped the run. */
    get signal(): StopSignal {
      return stoppedBy ?? 'SIGINT';
    },
    get exitCode(): number {
      return signalExitCode(stoppedBy ?? 'SIGINT');
    },
    release: () => {
      for (const [s, fn] of handlers) signals.off(s, fn);
    },
    hooks: (inner: RunHooks): RunHooks => ({
      ...inner,
      progress(e) {
        if (e.phase === 'map' || e.phase === 'swag') {
          progress.steps = e.step;
          progress.totalSteps = e.totalSteps;
          progress.loss.push({ step: e.step, loss: e.loss });
        }
        inner.progress(e);
      },
      async checkpoint() {
        await new Promise<void>((r) => setImmediate(r));
        if (stoppedBy) throw new RunCancelled();
        await inner.checkpoint();
      },
    }),
  };
}
