// Keeps the address bar's fragment in step with the shareable settings, as tensorflow/playground
// does: history.replaceState (never pushState, so editing does not flood the back button),
// debounced. The browser objects are injected so tests can use fakes.

import type { AppStore } from './store';
import { buildHash, parseHash, type DecodedHash } from './url_codec';
import type { RunSummary, ShareableState } from './types';
import { encodeRunSummary } from './run_summary_codec';

export interface HistoryLike {
  readonly state: unknown;
  replaceState(data: unknown, unused: string, url?: string | null): void;
}
export interface LocationLike {
  readonly hash: string;
  readonly pathname: string;
  readonly search: string;
  readonly origin?: string;
}
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const defaultTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Applies the settings (and any results) of a link to the store; returns what was decoded. */
export function loadFromLocation(store: AppStore, location: LocationLike): DecodedHash {
  const decoded = parseHash(location.hash);
  const { actions } = store.getState();
  if (decoded.hadSettings) {
    const extra = actions.replaceShareable(decoded.state);
    decoded.warnings.push(...extra);
  }
  actions.setLinkWarnings(decoded.warnings);
  actions.setSharedSummary(decoded.summary);
  return decoded;
}

export interface UrlSync {
  /** Writes a pending change now. */
  flush(): void;
  stop(): void;
}

export function startUrlSync(store: AppStore, opts: { history: HistoryLike; location: LocationLike; debounceMs?: number; timers?: Timers }): UrlSync {
  const timers = opts.timers ?? defaultTimers;
  const delay = opts.debounceMs ?? 250;
  let pending: unknown = null;
  let hasPending = false;
  const write = () => {
    hasPending = false;
    pending = null;
    const { pathname, search } = opts.location;
    opts.history.replaceState(opts.history.state, '', pathname + search + buildHash(store.getState().shareable));
  };
  const unsubscribe = store.subscribe(
    (s) => s.shareable,
    () => {
      if (hasPending) timers.clear(pending);
      hasPending = true;
      pending = timers.set(write, delay);
    },
  );
  return {
    flush: () => {
      if (hasPending) {
        timers.clear(pending);
        write();
      }
    },
    stop: () => {
      unsubscribe();
      if (hasPending) timers.clear(pending);
      hasPending = false;
    },
  };
}

/**
 * A link pasted into the address bar of an open tab changes only the fragment: the browser fires
 * hashchange and does not reload. Apply it as if the page had been opened with it. (Our own
 * replaceState writes never fire hashchange.) When `mayReplace` says no (the page holds work the
 * link would throw away and the user declined), the settings stay and the fragment is put back.
 */
export function listenForLinkChanges(
  store: AppStore,
  target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>,
  location: LocationLike,
  opts: { mayReplace?: () => boolean; history?: HistoryLike } = {},
): () => void {
  const onChange = () => {
    if (buildHash(store.getState().shareable) === location.hash) return;
    if (opts.mayReplace && !opts.mayReplace()) {
      opts.history?.replaceState(opts.history.state, '', location.pathname + location.search + buildHash(store.getState().shareable));
      return;
    }
    loadFromLocation(store, location);
  };
  target.addEventListener('hashchange', onChange);
  return () => target.removeEventListener('hashchange', onChange);
}

/**
 * Dismissing the warnings of a bad link also replaces the bad fragment with the settings in use,
 * so a reload (or a copy of the address) no longer carries what was refused.
 */
export function replaceBadLink(store: AppStore, history: HistoryLike, location: LocationLike): void {
  history.replaceState(history.state, '', location.pathname + location.search + buildHash(store.getState().shareable));
  store.getState().actions.setLinkWarnings([]);
}

/** A complete link for the share button; with results when a summary is given. */
export function shareLink(location: LocationLike, state: ShareableState, summary?: RunSummary): { url: string; omittedMethods: string[] } {
  const enc = summary ? encodeRunSummary(summary) : undefined;
  return { url: (location.origin ?? '') + location.pathname + location.search + buildHash(state, enc?.text), omittedMethods: enc?.omitted ?? [] };
}
