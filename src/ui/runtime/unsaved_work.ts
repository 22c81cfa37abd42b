// What a pasted link would throw away: method edits not applied yet (they fail validation, so the
// link does not hold them) and runs still queued or training (a link changes the settings under them).
import { useDrafts } from './draft_store';
import { useLab } from './lab_store';

/** Runs queued, training or paused. */
export const activeRuns = (): number =>
  Object.values(useLab.getState().runs).filter((r) => r.status === 'queued' || r.status === 'running' || r.status === 'paused').length;

export function unsavedWork(): string | null {
  const edits = Object.keys(useDrafts.getState().drafts).length;
  const active = activeRuns();
  const parts = [
    edits > 0 ? `${edits} method edit${edits > 1 ? 's' : ''} not applied yet` : null,
    active > 0 ? `${active} run${active > 1 ? 's' : ''} queued or training` : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join(' and ') : null;
}

/** Ask before a pasted link replaces the settings, when that would lose something; going ahead drops the edits. */
export function confirmLinkReplace(ask: (message: string) => boolean = (m) => window.confirm(m)): boolean {
  const work = unsavedWork();
  const question = `Load the settings of the pasted link? This page has ${work}. Finished runs stay; the current settings remain one step back in the browser history.`;
  if (work && !ask(question)) return false;
  const drafts = useDrafts.getState();
  for (const id of Object.keys(drafts.drafts)) drafts.clear(id);
  return true;
}

/**
 * Ask before the page is left (closed, reloaded, navigated away) while runs are active: they go on
 * from their last checkpoint when the page opens again, but the steps since it are trained again.
 */
export function guardLeaving(target: Pick<Window, 'addEventListener'>): void {
  target.addEventListener('beforeunload', (e: BeforeUnloadEvent) => {
    if (!activeRuns()) return;
    e.preventDefault();
    // Older browsers show the prompt only when returnValue is set.
    e.returnValue = '';
  });
}
