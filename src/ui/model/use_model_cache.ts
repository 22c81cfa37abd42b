// The model cache as the panel shows it: bytes stored and a way to clear them. The page reads only
// the cache's index (sizes), never the files; where the Cache API is missing there is no cache.
import { useCallback, useEffect, useState } from 'react';
import { openModelCache } from '../../model/model_cache';

export interface ModelCacheView {
  /** null: no Cache API in this context (insecure page, old browser). */
  sizeBytes: number | null;
  clearing: boolean;
  error: string | null;
  clear: () => Promise<void>;
}

/** refreshKey: anything that changes when the cache may have (a model became ready). */
export function useModelCache(refreshKey: unknown): ModelCacheView {
  const [sizeBytes, setSize] = useState<number | null>(null);
  const [clearing, setClearing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey and tick only trigger a new reading
  useEffect(() => {
    const cache = openModelCache();
    if (!cache) return setSize(null);
    let live = true;
    void cache.sizeBytes().then((n) => live && setSize(n));
    return () => {
      live = false;
    };
  }, [refreshKey, tick]);

  const clear = useCallback(async () => {
    const cache = openModelCache();
    if (!cache) return;
    setClearing(true);
    setError(null);
    try {
      await cache.clear();
    } catch (e) {
      setError(`could not clear the model cache: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setClearing(false);
      setTick((t) => t + 1);
    }
  }, []);

  return { sizeBytes, clearing, error, clear };
}
