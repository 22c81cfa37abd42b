// Loads the model the settings name (for display and validation) and (re)initialises the
// trainer with it and the preferred backend.
import { useCallback, useEffect, useState } from 'react';
import type { BackendPreference } from '../../state/types';
import { appStore } from '../../state/store';
import { initTrainer } from '../run/trainerController';
import { sourceForModelId } from './modelBoot';
import { inspectModel, type ModelSummary } from './modelSummary';

export function useModelBoot(modelId: string, backend: BackendPreference) {
  const [summary, setSummary] = useState<ModelSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [baseUrl, setBaseUrl] = useState<string | null>(null);

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
    if (baseUrl) void initTrainer(backend, baseUrl);
  }, [baseUrl, backend]);

  const onLoaded = useCallback((m: ModelSummary, url: string | null) => {
    setSummary(m);
    setError(null);
    if (url) setBaseUrl(url);
    else setError('This model was checked, but the trainer can only load models from a URL (embedded, URL or Hub): serve the folder and use “URL”.');
    // Only ids a link can carry go into the settings.
    if (/^(?:[a-z0-9-]+|hf:[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?)$/.test(m.id)) appStore.getState().actions.setModelId(m.id);
  }, []);

  return { summary, error, onLoaded };
}
