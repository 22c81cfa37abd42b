import { describe, expect, it } from 'vitest';
import { METHOD_KINDS } from '../../methods/config';
import { methodDefaults } from '../../methods/settings';
import { hasErrors, validateMethod } from '../../methods/validate';
import { methodLabel } from './method_info';

describe('method defaults and labels', () => {
  it('gives every kind a configuration that passes validation', () => {
    for (const k of METHOD_KINDS) {
      const m = methodDefaults(k);
      expect(hasErrors(validateMethod(m, { hidden: 64, layers: 2 })), k).toBe(false);
    }
  });
  it('labels configurations', () => {
    expect(methodLabel(methodDefaults('b-lora-xs'))).toBe('B-LoRA-XS r=8 K=10 c=0.5');
  });
});
