import { beforeEach, describe, expect, it } from 'vitest';
import { methodDefaults } from '../../methods/settings';
import { useDrafts } from './draft_store';
import { useLab } from './lab_store';
import { confirmLinkReplace, guardLeaving, unsavedWork } from './unsaved_work';

describe('unsaved work before a pasted link replaces the settings', () => {
  beforeEach(() => {
    useLab.getState().clearRuns();
    for (const id of Object.keys(useDrafts.getState().drafts)) useDrafts.getState().clear(id);
  });

  it('finds none on a fresh page, and loads without asking', () => {
    expect(unsavedWork()).toBeNull();
    expect(confirmLinkReplace(() => false)).toBe(true);
  });

  it('names pending method edits and active runs, and asks; finished runs do not count', () => {
    const m = methodDefaults('lora-xs', 'a');
    useDrafts.getState().setDraft({ ...m, r: -1 });
    useLab.getState().queueRun('r1', m);
    useLab.getState().queueRun('r2', m);
    useLab.getState().setStatus('r2', 'done');
    expect(unsavedWork()).toBe('1 method edit not applied yet and 1 run queued or training');
    const asked: string[] = [];
    expect(
      confirmLinkReplace((q) => {
        asked.push(q);
        return false;
      }),
    ).toBe(false);
    expect(asked[0]).toContain('This page has 1 method edit not applied yet and 1 run queued or training');
    expect(Object.keys(useDrafts.getState().drafts)).toEqual(['a']);
    expect(confirmLinkReplace(() => true)).toBe(true);
    expect(useDrafts.getState().drafts).toEqual({}); // the edits belonged to the replaced settings
  });

  it('leaving the page asks while a run is active (beforeunload), and not once it is done', () => {
    let handler: ((e: BeforeUnloadEvent) => void) | undefined;
    guardLeaving({ addEventListener: ((type: string, h: (e: BeforeUnloadEvent) => void) => type === 'beforeunload' && (handler = h)) as never });
    const leave = () => {
      const e = {
        defaultPrevented: false,
        returnValue: undefined as unknown,
        preventDefault() {
          this.defaultPrevented = true;
        },
      };
      handler!(e as unknown as BeforeUnloadEvent);
      return e.defaultPrevented;
    };
    expect(leave()).toBe(false);
    useLab.getState().queueRun('r1', methodDefaults('lora-xs', 'a'));
    useLab.getState().setStatus('r1', 'running');
    expect(leave()).toBe(true);
    useLab.getState().setStatus('r1', 'done');
    expect(leave()).toBe(false);
  });
});
