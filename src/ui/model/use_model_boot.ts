// Loads the model the settings name, in the worker, with the preferred backend; the panel's Load
// and Retry go through the same worker load, so no model file is ever fetched twice.
import { useCallback, useEffect, useState } from 'react';
import type { BackendChoice, ModelInfo } from '../../train/protocol';
import { appStore } from '../../state/store';
import { initTrainer, loadTrainerModel, retryModelLoad } from '../run/trainer_controller';
import { linkableModelId, specForModelId, type ModelChoice } from './model_boot';

export function useModelBoot(modelId: string, backend: BackendChoice, threads = 0) {
  // The model the trainer should hold: the settings' one, or the last one the panel loaded.
  const [choice, setChoice] = useState<ModelChoice | null>(null);
  // A settings model id that names no source (the worker is never asked).
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    try {
      setChoice(specForModelId(modelId));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [modelId]);

  useEffect(() => {
    if (choice) initTrainer(backend, threads, choice.spec, { label: choice.label });
  }, [choice, backend, threads]);

  /** Loads another model; the one held stays in use when this one fails. */
  const load = useCallback(
    async (next: ModelChoice): Promise<ModelInfo> => {
      const m = await loadTrainerModel(backend, threads, next.spec, next.label);
      setChoice(next);
      setError(null);
      if (linkableModelId(m.id)) appStore.getState().actions.setModelId(m.id);
      return m;
    },
    [backend, threads],
  );

  return { error, load, retry: retryModelLoad };
}
