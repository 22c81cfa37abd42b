// Where keyboard focus goes when a batch of runs starts or ends. Start disables itself while runs
// go and a disabled button drops focus to <body>, so a press of Start hands focus to Cancel (enabled
// for the whole batch); when the batch ends Cancel disables in turn, and focus, if it was lost,
// comes back to Start.

export type FocusTarget = 'cancel' | 'start' | null;

export function focusAfter(wasBusy: boolean, busy: boolean, focusLost: boolean, startPressed: boolean): FocusTarget {
  if (!focusLost) return null;
  if (!wasBusy && busy && startPressed) return 'cancel';
  if (wasBusy && !busy) return 'start';
  return null;
}

/** Focus is lost when nothing holds it, or a control that just disabled itself still does. */
export function focusIsLost(active: Element | null): boolean {
  if (!active || active === active.ownerDocument.body) return true;
  return (active as HTMLButtonElement).disabled === true;
}
