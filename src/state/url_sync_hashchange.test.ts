// A link pasted into an open tab: hashchange applies its settings, and stopping the listener stops it.
import { describe, expect, it } from 'vitest';
import { defaultShareableState, methodDefaults } from './defaults';
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
});
