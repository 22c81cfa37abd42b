// Dismissing a bad link's warnings replaces its fragment with the settings in use.
import { describe, expect, it } from 'vitest';
import { createAppStore } from './store';
import { buildHash, parseHash } from './url_codec';
import { loadFromLocation, replaceBadLink } from './url_sync';

describe('replaceBadLink', () => {
  it('writes the settings in use over the bad fragment and clears the warnings', () => {
    const store = createAppStore();
    const location = { hash: '#s=not-a-link&zz=1', pathname: '/lab', search: '?a=1' };
    loadFromLocation(store, location);
    expect(store.getState().runtime.linkWarnings.length).toBeGreaterThan(0);
    const writes: string[] = [];
    replaceBadLink(store, { state: null, replaceState: (_d, _u, url) => writes.push(url ?? '') }, location);
    expect(writes).toEqual([`/lab?a=1${buildHash(store.getState().shareable)}`]);
    expect(parseHash(buildHash(store.getState().shareable)).warnings).toEqual([]);
    expect(store.getState().runtime.linkWarnings).toEqual([]);
  });
});
