import { describe, expect, it } from 'vitest';
import { focusAfter } from './focus_after';

describe('focusAfter', () => {
  it('moves focus from a pressed Start to Cancel when the batch starts', () => {
    expect(focusAfter(false, true, true, true)).toBe('cancel');
  });
  it('returns focus to Start when the batch ends and focus was lost', () => {
    expect(focusAfter(true, false, true, false)).toBe('start');
  });
  it('leaves focus alone when the user holds it elsewhere, nothing changed, or Start was not pressed', () => {
    expect(focusAfter(false, true, false, true)).toBeNull();
    expect(focusAfter(true, false, false, false)).toBeNull();
    expect(focusAfter(true, true, true, false)).toBeNull();
    // Runs started another way (a queued batch restored): no press, no move.
    expect(focusAfter(false, true, true, false)).toBeNull();
  });
});
