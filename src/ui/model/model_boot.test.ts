// Hub ids with a pinned revision: parsed from the model panel and from links, carried by links.
import { describe, expect, it } from 'vitest';
import { hubSource } from '../../model/sources';
import { defaultShareableState } from '../../state/defaults';
import { buildHash, parseHash } from '../../state/url_codec';
import { bootAction, hubChoice, linkableModelId, specForModelId } from './model_boot';

describe('Hub ids and revisions', () => {
  it('owner/name loads main; owner/name@revision pins a branch, tag or commit', () => {
    expect(hubChoice('prajjwal1/bert-tiny')).toEqual({ spec: { kind: 'hub', id: 'prajjwal1/bert-tiny' }, label: 'hf:prajjwal1/bert-tiny' });
    expect(hubChoice(' google/bert_uncased_L-2_H-128_A-2@v1.0 ')).toEqual({
      spec: { kind: 'hub', id: 'google/bert_uncased_L-2_H-128_A-2', revision: 'v1.0' },
      label: 'hf:google/bert_uncased_L-2_H-128_A-2@v1.0',
    });
    expect(specForModelId('hf:owner/name@0123abcd').spec).toEqual({ kind: 'hub', id: 'owner/name', revision: '0123abcd' });
  });

  it('refuses a bad id or revision with a message', () => {
    expect(() => hubChoice('owner/name@../main')).toThrow('is not a revision');
    expect(() => hubChoice('owner/name@')).toThrow('is not a revision');
    expect(() => hubChoice('../etc@main')).toThrow('not a Hugging Face model id');
  });

  it('a pinned id is linkable and survives a link; the source id names the revision', () => {
    expect(linkableModelId('hf:owner/name@v2')).toBe(true);
    expect(linkableModelId('hf:owner/name@a/b')).toBe(false);
    const d = parseHash(buildHash({ ...defaultShareableState(), modelId: 'hf:owner/name@v2' }));
    expect(d.warnings).toEqual([]);
    expect(d.state.modelId).toBe('hf:owner/name@v2');
    expect(hubSource('owner/name', { revision: 'v2' }).id).toBe('hf:owner/name@v2');
    expect(hubSource('owner/name').id).toBe('hf:owner/name');
  });
});

describe('the boot decision: what a link’s model does by itself', () => {
  it('loads the embedded model by itself; a Hub model waits for a click unless its weights are cached', () => {
    expect(bootAction('blora-tiny-uncased')).toMatchObject({ action: 'load', choice: { spec: { kind: 'embedded' } } });
    expect(bootAction('hf:owner/name@v2')).toEqual({ action: 'confirm', choice: hubChoice('owner/name@v2') });
    expect(bootAction('hf:owner/name', true)).toEqual({ action: 'load', choice: hubChoice('owner/name') });
    expect(bootAction('no-such-model')).toMatchObject({ action: 'refuse', error: expect.stringContaining('unknown built-in model') });
  });
});
