// A link pasted into an open tab: hashchange applies its settings, and stopping the listener stops it.
import { describe, expect, it } from 'vitest';
import { defaultShareableState } from './defaults';
import { methodDefaults } from '../methods/settings';
import { createAppStore } from './store';
import { buildHash } from './url_codec';
import { listenForLinkChanges } from './url_sync';

describe('listenForLinkChanges', () => {
  it('applies the settings of a new fragment on hashchange', () => {
    const store = createAppStore();
    const target = new EventTarget();
    const location = { hash: '', pathname: '/', search: '' };
    const stop = listenForLinkChanges(store, target, location);
    location.hash = buildHash({ ...defaultShareableState(), maxLength: 64, methods: [methodDefaults('lora', 'lora')] });
    target.dispatchEvent(new Event('hashchange'));
    expect(store.getState().shareable.maxLength).toBe(64);
    expect(store.getState().shareable.methods.map((m) => m.kind)).toEqual(['lora']);
    stop();
    location.hash = buildHash({ ...defaultShareableState(), maxLength: 32 });
    target.dispatchEvent(new Event('hashchange'));
    expect(store.getState().shareable.maxLength).toBe(64);
  });

  it('asks first: declined, the settings stay and the fragment is put back; accepted, the link loads', () => {
    const store = createAppStore();
    const target = new EventTarget();
    const location = { hash: '', pathname: '/lab', search: '?x=1' };
    const writes: string[] = [];
    const history = { state: null, replaceState: (_d: unknown, _u: string, url?: string | null) => writes.push(url ?? '') };
    let answer = false;
    let asked = 0;
    const mayReplace = () => {
      asked++;
      return answer;
    };
    listenForLinkChanges(store, target, location, { mayReplace, history });
    const before = store.getState().shareable.maxLength;
    location.hash = buildHash({ ...defaultShareableState(), maxLength: 64 });
    target.dispatchEvent(new Event('hashchange'));
    expect(asked).toBe(1);
    expect(store.getState().shareable.maxLength).toBe(before);
    expect(writes).toEqual([`/lab?x=1${buildHash(store.getState().shareable)}`]);
    answer = true;
    target.dispatchEvent(new Event('hashchange'));
    expect(store.getState().shareable.maxLength).toBe(64);
    // Its own fragment (the settings already shown) does not ask.
    location.hash = buildHash(store.getState().shareable);
    target.dispatchEvent(new Event('hashchange'));
    expect(asked).toBe(2);
  });
});
