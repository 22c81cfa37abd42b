// The run options in effect: the backend's defaults until the user edits one (or a link carries
// them). Edits go into the link once they are valid and stay here while a field holds something
// invalid. Shared by the run panel (its form and Start) and the methods panel (whose SWAG plan
// check depends on the step cap and the examples per split).
import { create } from 'zustand';
import { runSettingErrors } from '../../methods/run_settings';
import { useAppStore } from '../../state/use_app_store';
import { useLab } from '../runtime/lab_store';
import type { QuickOptions } from './RunOptions';
import { quickDefaults, quickDefaultsNote } from './quick_defaults';

const useEdited = create<{ edited: QuickOptions | null }>()(() => ({ edited: null }));

/** Drops the user's unsaved option edits, so settings that replace the link's (a preset) show as they are. */
export function resetRunOptionEdits(): void {
  useEdited.setState({ edited: null });
}

export function useRunOptions(): { quick: QuickOptions; note: string | null; setQuick: (q: QuickOptions) => void } {
  const linked = useAppStore((s) => s.shareable.runOptions);
  const actions = useAppStore((s) => s.actions);
  const backend = useLab((s) => s.backend);
  const edited = useEdited((s) => s.edited);
  const quick =
    edited ??
    (linked.custom
      ? {
          maxSteps: linked.maxSteps,
          maxExamples: linked.maxExamples,
          evalEverySteps: linked.evalEverySteps,
          kSweep: linked.kSweep === 1,
          checkpointEverySteps: linked.checkpointEverySteps,
        }
      : quickDefaults(backend));
  const note = edited || linked.custom ? null : quickDefaultsNote(backend);
  const setQuick = (q: QuickOptions) => {
    useEdited.setState({ edited: q });
    if (Object.keys(runSettingErrors(q)).length === 0)
      actions.setRunOptions({
        custom: 1,
        maxSteps: q.maxSteps,
        maxExamples: q.maxExamples,
        evalEverySteps: q.evalEverySteps,
        kSweep: q.kSweep ? 1 : 0,
        checkpointEverySteps: q.checkpointEverySteps,
      });
  };
  return { quick, note, setQuick };
}
