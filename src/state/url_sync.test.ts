// The address bar follows the settings through replaceState (never pushState), debounced.
import { describe, expect, it } from 'vitest';
import { createAppStore } from './store';
import { loadFromLocation, shareLink, startUrlSync, type HistoryLike, type Timers } from './url_sync';
import { buildHash, parseHash } from './url_codec';
import { defaultShareableState } from './defaults';
import { encodeRunSummary } from './run_summary_codec';
import type { RunSummary } from './types';

function fakeBrowser(hash = '') {
  const calls: { kind: 'replace' | 'push'; url: string }[] = [];
  const location = { hash, pathname: '/play/', search: '?x=1', origin: 'https://example.test' };
  const history: HistoryLike & { pushState(d: unknown, u: string, url?: string): void } = {
    state: { keep: true },
    replaceState: (_d, _u, url) => {
      calls.push({ kind: 'replace', url: url ?? '' });
      location.hash = (url ?? '').replace(/^[^#]*/, '');
    },
    pushState: (_d, _u, url) => {
      calls.push({ kind: 'push', url: url ?? '' });
    },
  };
  const queue: { fn: () => void; id: number }[] = [];
  let nextId = 1;
  const timers: Timers = {
    set: (fn) => {
      const id = nextId++;
      queue.push({ fn, id });
      return id;
    },
    clear: (h) => {
      const i = queue.findIndex((q) => q.id === h);
      if (i >= 0) queue.splice(i, 1);
    },
  };
  const runTimers = () => {
    while (queue.length) queue.shift()!.fn();
  };
  return { calls, location, history, timers, runTimers };
}

describe('URL sync', () => {
  it('debounces edits into one replaceState and never pushes', () => {
    const b = fakeBrowser();
    const store = createAppStore();
    startUrlSync(store, { history: b.history, location: b.location, timers: b.timers });
    const { actions } = store.getState();
    actions.setMaxLength(64);
    actions.setBackend('cpu');
    actions.setChart({ bins: 20 });
    actions.setLinkWarnings(['runtime changes do not touch the URL']);
    expect(b.calls).toHaveLength(0);
    b.runTimers();
    expect(b.calls).toHaveLength(1);
    expect(b.calls[0].kind).toBe('replace');
    expect(b.calls[0].url.startsWith('/play/?x=1#s=')).toBe(true);
    const back = parseHash(b.location.hash);
    expect(back.warnings).toEqual([]);
    expect(back.state).toMatchObject({ maxLength: 64, backend: 'cpu', chart: { bins: 20 } });
  });

  it('flush writes immediately; stop ends syncing', () => {
    const b = fakeBrowser();
    const store = createAppStore();
    const sync = startUrlSync(store, { history: b.history, location: b.location, timers: b.timers });
    store.getState().actions.setMaxLength(32);
    sync.flush();
    expect(b.calls).toHaveLength(1);
    sync.stop();
    store.getState().actions.setMaxLength(48);
    b.runTimers();
    expect(b.calls).toHaveLength(1);
  });

  it('loads settings, results and warnings from a link', () => {
    const summary: RunSummary = { binning: 'width', nBins: 10, oodScore: 'entropy', methods: [] };
    const hash = buildHash({ ...defaultShareableState(), maxLength: 200 }, encodeRunSummary(summary).text);
    const store = createAppStore();
    const decoded = loadFromLocation(store, fakeBrowser(hash).location);
    expect(decoded.warnings).toEqual([]);
    expect(store.getState().shareable.maxLength).toBe(200);
    expect(store.getState().runtime.sharedSummary).toEqual(summary);
  });

  it('a tampered link leaves defaults and shows its warnings', () => {
    const store = createAppStore();
    loadFromLocation(store, fakeBrowser('#s=AAAA&zzz').location);
    expect(store.getState().shareable).toEqual(defaultShareableState());
    expect(store.getState().runtime.linkWarnings.length).toBe(2);
  });

  it('shareLink builds an absolute URL', () => {
    const { url } = shareLink(fakeBrowser().location, defaultShareableState());
    expect(url.startsWith('https://example.test/play/?x=1#s=')).toBe(true);
  });
});
