// React binding of the app store (kept apart so workers and Node code never import React).
import { useStore } from 'zustand';
import { appStore, type AppState } from './store';

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}
