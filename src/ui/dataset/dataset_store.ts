// The data set currently in use (parsed, in memory) and the state of loading a new one.
// A failed load sets `error` and keeps the previous data set.
import { create } from 'zustand';
import type { DataError } from '../../data/errors';
import type { Dataset } from '../../data/types';

export interface DatasetState {
  dataset: Dataset | null;
  loading: string | null;
  error: DataError | null;
  /** What loading the data set dropped (skipped bad rows, with their first line numbers), or null. */
  note: string | null;
  startLoading: (what: string) => void;
  loaded: (d: Dataset, note?: string | null) => void;
  failed: (e: DataError) => void;
  clearError: () => void;
}

export const useDataset = create<DatasetState>()((set) => ({
  dataset: null,
  loading: null,
  error: null,
  note: null,
  startLoading: (loading) => set({ loading, error: null }),
  loaded: (dataset, note = null) => set({ dataset, loading: null, error: null, note }),
  failed: (error) => set({ loading: null, error }),
  clearError: () => set({ error: null }),
}));
