// Loads the model the settings name, in the worker, with the preferred backend; the panel's Load
// and Retry go through the same worker load, so no model file is ever fetched twice. A Hub model
// named by a link is not downloaded by itself (bootAction): the panel shows its files and size
// (HEAD requests) and loads it on a click, unless its weights are already in the model cache.
import { useCallback, useEffect, useState } from 'react';
import { previewHubModel, type HubPreview } from '../../model/hub_preview';
import { defaultCacheStorage } from '../../model/model_cache';
import type { BackendChoice, ModelInfo } from '../../train/protocol';
import { appStore } from '../../state/store';
import { initTrainer, loadTrainerModel, retryModelLoad } from '../run/trainer_controller';
import { bootAction, linkableModelId, type ModelChoice } from './model_boot';

/** A Hub model the settings name, waiting for the user's click. */
export interface PendingModel {
  choice: ModelChoice;
  /** Its files and sizes, once the HEAD requests answered. */
  preview: HubPreview | null;
  /** Why the sizes could not be read (the load may still work, or fail with the same reason). */
  previewError: string | null;
}

export function useModelBoot(modelId: string, backend: BackendChoice, threads = 0) {
  // The model the trainer should hold: the settings' one, or the last one the panel loaded.
  const [choice, setChoice] = useState<ModelChoice | null>(null);
  // A settings model id that names no source (the worker is never asked).
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingModel | null>(null);

  useEffect(() => {
    const boot = bootAction(modelId);
    setError(boot.action === 'refuse' ? boot.error : null);
    if (boot.action === 'load') {
      setPending(null);
      setChoice(boot.choice);
    }
    if (boot.action !== 'confirm') return;
    const c = boot.choice;
    if (c.spec.kind !== 'hub') return;
    setPending({ choice: c, preview: null, previewError: null });
    let live = true;
    previewHubModel(c.spec.id, { revision: c.spec.revision, caches: defaultCacheStorage() }).then(
      (preview) => {
        if (!live) return;
        // Weights already in the cache: loading downloads no weights, so it needs no click.
        if (bootAction(modelId, preview.weightsCached).action === 'load') {
          setPending(null);
          setChoice(c);
        } else setPending({ choice: c, preview, previewError: null });
      },
      (e: unknown) => live && setPending({ choice: c, preview: null, previewError: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [modelId]);

  useEffect(() => {
    if (choice) initTrainer(backend, threads, choice.spec, { label: choice.label });
  }, [choice, backend, threads]);

  /** Loads another model; the one held stays in use when this one fails. */
  const load = useCallback(
    async (next: ModelChoice): Promise<ModelInfo> => {
      setPending(null);
      const m = await loadTrainerModel(backend, threads, next.spec, next.label);
      setChoice(next);
      setError(null);
      if (linkableModelId(m.id)) appStore.getState().actions.setModelId(m.id);
      return m;
    },
    [backend, threads],
  );

  return { error, load, retry: retryModelLoad, pending };
}
