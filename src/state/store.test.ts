// The store validates every shareable change and keeps runtime state apart.
import { describe, expect, it } from 'vitest';
import { defaultShareableState } from './defaults';
import { methodDefaults } from '../methods/settings';
import { createAppStore, MAX_METHODS } from './store';

describe('app store', () => {
  it('starts from the docs/METHOD.md defaults', () => {
    const s = createAppStore().getState().shareable;
    expect(s).toEqual(defaultShareableState());
    const m = s.methods.find((x) => x.kind === 'b-lora-xs')!;
    expect(m).toMatchObject({
      r: 8,
      alpha: 16,
      K: 10,
      c: 0.5,
      S: 15,
      lrAdapter: 1e-3,
      lrHead: 5e-3,
      batch: 32,
      weightDecay: 0.01,
      swagAnnealEpochs: 5,
      swagLr: 1e-3,
    });
    expect(m.targets).toEqual(['query', 'value', 'attn-out', 'ffn-out']);
    expect(methodDefaults('lora').targets).toEqual(['query', 'value']);
  });

  it('applies valid changes and refuses invalid ones with warnings', () => {
    const store = createAppStore();
    const { actions } = store.getState();
    expect(actions.setMaxLength(64)).toEqual([]);
    expect(store.getState().shareable.maxLength).toBe(64);
    expect(actions.setMaxLength(100000)).toEqual(['ignored maxLength: 100000 is above the maximum 512']);
    expect(store.getState().shareable.maxLength).toBe(64);
    expect(actions.updateMethod('b-lora-xs', { r: 9999 })).toEqual(['ignored methods[1].r: 9999 is above the maximum 1024']);
    expect(actions.updateMethod('b-lora-xs', { K: 2, c: 2 })).toEqual([]);
    expect(store.getState().shareable.methods[1]).toMatchObject({ K: 2, c: 2 });
    expect(actions.setModelId('<script>')).toHaveLength(1);
    expect(actions.updateMethod('nope', { r: 2 })[0]).toMatch(/no method/);
  });

  it('adds methods with unique ids up to the limit and keeps at least one', () => {
    const store = createAppStore();
    const { actions } = store.getState();
    expect(actions.addMethod('b-lora-xs')).toBe('b-lora-xs-2');
    while (store.getState().shareable.methods.length < MAX_METHODS) actions.addMethod('ensemble');
    expect(actions.addMethod('laplace')).toBeNull();
    const ids = store.getState().shareable.methods.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) actions.removeMethod(id);
    expect(store.getState().shareable.methods).toHaveLength(1);
  });

  it('selector subscriptions fire for shareable changes only', () => {
    const store = createAppStore();
    const seen: number[] = [];
    store.subscribe(
      (s) => s.shareable,
      (s) => seen.push(s.maxLength),
    );
    const { actions } = store.getState();
    actions.setLinkWarnings(['boom']);
    actions.setMaxLength(96);
    expect(seen).toEqual([96]);
    expect(store.getState().runtime).toMatchObject({ linkWarnings: ['boom'] });
  });
});
