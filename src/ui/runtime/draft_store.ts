// Edits that cannot be applied yet (they fail validation) live here, so the card keeps showing
// what the user typed with its message, and Start stays disabled until they are fixed.
import { create } from 'zustand';
import type { MethodConfig } from '../../methods/config';

interface Drafts {
  drafts: Record<string, MethodConfig>;
  /** Store-side refusals (link schema) per method id. */
  refusals: Record<string, string[]>;
  setDraft: (m: MethodConfig, refusals?: string[]) => void;
  clear: (id: string) => void;
}

export const useDrafts = create<Drafts>()((set) => ({
  drafts: {},
  refusals: {},
  setDraft: (m, refusals = []) => set((s) => ({ drafts: { ...s.drafts, [m.id]: m }, refusals: { ...s.refusals, [m.id]: refusals } })),
  clear: (id) =>
    set((s) => {
      const drafts = { ...s.drafts };
      const refusals = { ...s.refusals };
      delete drafts[id];
      delete refusals[id];
      return { drafts, refusals };
    }),
}));
