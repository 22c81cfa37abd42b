// The app's state: a vanilla Zustand store (usable from React via use_app_store.ts, and from
// plain code and tests without React). Shareable settings are validated on every change with
// the link schema, so the store never holds a setting a link could not carry.
import type { BackendChoice } from '../engine/backend';

import { createStore } from 'zustand/vanilla';
import { subscribeWithSelector } from 'zustand/middleware';
import { defaultShareableState } from './defaults';
import { methodDefaults } from '../methods/settings';
import { SHAREABLE_SPEC } from './schema';
import type { ChartOptions, RunOptionsState, RunSummary, RuntimeState, ShareableState } from './types';
import type { DatasetRef } from '../data/dataset_ref';
import type { MethodConfig, MethodKind } from '../methods/config';
import { decodeObject, encodeValue, REJECT } from './validate';

export const MAX_METHODS = 8;

export interface AppActions {
  /** Each shareable setter returns warnings; a change that fails validation is not applied. */
  setModelId(modelId: string): string[];
  setDataset(dataset: DatasetRef): string[];
  setMaxLength(maxLength: number): string[];
  /** Adds a method with the kind's defaults; returns its id, or null when MAX_METHODS are configured. */
  addMethod(kind: MethodKind): string | null;
  updateMethod(id: string, patch: Partial<Omit<MethodConfig, 'id'>>): string[];
  removeMethod(id: string): void;
  setSeeds(seeds: number[]): string[];
  setChart(patch: Partial<ChartOptions>): string[];
  setSelectedRunIds(ids: string[]): string[];
  setBackend(backend: BackendChoice): string[];
  setCpuThreads(threads: number): string[];
  setRunOptions(o: RunOptionsState): string[];
  /** Replaces all settings (e.g. from a decoded link); validated like the rest. */
  replaceShareable(state: ShareableState): string[];
  resetShareable(): void;
  setLinkWarnings(warnings: string[]): void;
  setSharedSummary(summary: RunSummary | null): void;
}

export interface AppState {
  shareable: ShareableState;
  runtime: RuntimeState;
  actions: AppActions;
}

export function initialRuntimeState(): RuntimeState {
  return { linkWarnings: [], sharedSummary: null };
}

/** Round-trips a candidate through the link schema; returns the warnings it would produce. */
export function checkShareable(candidate: ShareableState): { state: ShareableState; warnings: string[] } {
  const warnings: string[] = [];
  const v = decodeObject(SHAREABLE_SPEC, encodeValue(SHAREABLE_SPEC, candidate), '', warnings);
  return { state: v === REJECT ? defaultShareableState() : (v as unknown as ShareableState), warnings };
}

function uniqueMethodId(kind: MethodKind, methods: readonly MethodConfig[]): string {
  const taken = new Set(methods.map((m) => m.id));
  if (!taken.has(kind)) return kind;
  for (let n = 2; ; n++) if (!taken.has(`${kind}-${n}`)) return `${kind}-${n}`;
}

export function createAppStore(initial?: Partial<ShareableState>) {
  return createStore<AppState>()(
    subscribeWithSelector((set, get) => {
      const apply = (change: (s: ShareableState) => ShareableState): string[] => {
        const { state, warnings } = checkShareable(change(get().shareable));
        if (warnings.length === 0) set({ shareable: state });
        return warnings;
      };
      const setRuntime = (change: (r: RuntimeState) => Partial<RuntimeState>) => set((s) => ({ runtime: { ...s.runtime, ...change(s.runtime) } }));
      const actions: AppActions = {
        setModelId: (modelId) => apply((s) => ({ ...s, modelId })),
        setDataset: (dataset) => apply((s) => ({ ...s, dataset })),
        setMaxLength: (maxLength) => apply((s) => ({ ...s, maxLength })),
        addMethod: (kind) => {
          const { methods } = get().shareable;
          if (methods.length >= MAX_METHODS) return null;
          const id = uniqueMethodId(kind, methods);
          const warnings = apply((s) => ({ ...s, methods: [...s.methods, methodDefaults(kind, id)] }));
          return warnings.length === 0 ? id : null;
        },
        updateMethod: (id, patch) => {
          if (!get().shareable.methods.some((m) => m.id === id)) return [`no method with id ${JSON.stringify(id)}`];
          return apply((s) => ({ ...s, methods: s.methods.map((m) => (m.id === id ? { ...m, ...patch, id } : m)) }));
        },
        removeMethod: (id) => {
          // At least one method must remain (a link always carries one).
          apply((s) => ({ ...s, methods: s.methods.filter((m) => m.id !== id) }));
        },
        setSeeds: (seeds) => apply((s) => ({ ...s, seeds })),
        setChart: (patch) => apply((s) => ({ ...s, chart: { ...s.chart, ...patch } })),
        setSelectedRunIds: (ids) => apply((s) => ({ ...s, selectedRunIds: ids })),
        setBackend: (backend) => apply((s) => ({ ...s, backend })),
        setCpuThreads: (cpuThreads) => apply((s) => ({ ...s, cpuThreads })),
        setRunOptions: (runOptions) => apply((s) => ({ ...s, runOptions })),
        replaceShareable: (state) => apply(() => state),
        resetShareable: () => set({ shareable: defaultShareableState() }),
        setLinkWarnings: (linkWarnings) => setRuntime(() => ({ linkWarnings })),
        setSharedSummary: (sharedSummary) => setRuntime(() => ({ sharedSummary })),
      };
      const start = checkShareable({ ...defaultShareableState(), ...initial });
      return { shareable: start.state, runtime: initialRuntimeState(), actions };
    }),
  );
}

export type AppStore = ReturnType<typeof createAppStore>;

/** The app-wide store instance. */
export const appStore: AppStore = createAppStore();
