import { describe, expect, it } from 'vitest';
import { METHOD_KINDS } from '../../state/types';
import { newMethod } from './new_method';
import { hasErrors, validateMethod } from '../../methods/validate';
import { methodLabel } from './method_info';

describe('newMethod', () => {
  it('gives every kind a configuration that passes validation', () => {
    for (const k of METHOD_KINDS) {
      const m = newMethod(k, []);
      expect(hasErrors(validateMethod(m, { hidden: 64, layers: 2 })), k).toBe(false);
    }
  });
  it('picks a free id', () => {
    expect(newMethod('lora-xs', ['lora-xs-1', 'lora-xs-2']).id).toBe('lora-xs-3');
  });
  it('labels configurations', () => {
    expect(methodLabel(newMethod('b-lora-xs', []))).toBe('B-LoRA-XS r=8 K=10 c=0.5');
  });
});
