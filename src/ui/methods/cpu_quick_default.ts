// On a machine with only the CPU backend the full default comparison takes many minutes, so a
// first visit starts from the quick comparison preset instead: only when the page was not opened
// from a link with settings (that link is an experiment to reproduce) and nothing was changed yet.
import { defaultShareableState } from '../../state/defaults';
import type { ShareableState } from '../../state/types';
import type { BackendInfo } from '../../train/protocol';
import { PRESETS, type Preset } from './presets';

let openedWithSettings = false;

/** main.tsx records whether the page was opened from a link that carried settings. */
export function noteOpenedWithSettings(had: boolean): void {
  openedWithSettings = had;
}

const comparable = (s: ShareableState) => JSON.stringify({ methods: s.methods, seeds: s.seeds, runOptions: s.runOptions, maxLength: s.maxLength });

export function cpuQuickDefault(backend: BackendInfo | null, shareable: ShareableState, opened = openedWithSettings): Preset | null {
  if (backend?.kind !== 'cpu' || opened) return null;
  if (comparable(shareable) !== comparable(defaultShareableState())) return null;
  return PRESETS.find((p) => p.id === 'quick') ?? null;
}
