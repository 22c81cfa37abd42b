// Loads the model the settings name (for display and validation) and (re)initialises the
// trainer with it and the preferred backend.
import { useCallback, useEffect, useState } from 'react';
import type { BackendChoice } from '../../train/protocol';
import { appStore } from '../../state/store';
import { initTrainer } from '../run/trainer_controller';
import { sourceForModelId } from './model_boot';
import { inspectModel, type ModelSummary } from './model_summary';

export function useModelBoot(modelId: string, backend: BackendChoice, threads = 0) {
  const [summary, setSummary] = useState<ModelSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [baseUrl, setBaseUrl] = useState<string | null>(null);
  // Picked or dropped model files travel to the trainer as File objects (they never leave the browser).
  const [files, setFiles] = useState<File[] | undefined>(undefined);

  useEffect(() => {
    let live = true;
    try {
      const { src, baseUrl: url } = sourceForModelId(modelId);
      setBaseUrl(url);
      inspectModel(src).then(
        (s) => live && (setSummary(s), setError(null)),
        (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
    return () => {
      live = false;
    };
  }, [modelId]);

  useEffect(() => {
    if (files?.length) void initTrainer(backend, threads, 'local-files', files);
    else if (baseUrl) void initTrainer(backend, threads, baseUrl);
  }, [baseUrl, files, backend, threads]);

  const onLoaded = useCallback((m: ModelSummary, url: string | null, picked?: File[]) => {
    setSummary(m);
    setError(null);
    if (url) {
      setFiles(undefined);
      setBaseUrl(url);
    } else if (picked?.length) setFiles(picked);
    // Only ids a link can carry go into the settings.
    if (/^(?:[a-z0-9-]+|hf:[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?)$/.test(m.id)) appStore.getState().actions.setModelId(m.id);
  }, []);

  return { summary, error, onLoaded };
}
