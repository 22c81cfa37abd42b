// How much the model cache holds, with a button to clear it (the loaded model stays in use; the
// next load downloads again).
import { formatBytes } from '../../model/errors';
import type { ModelCacheView } from './use_model_cache';

export function ModelCacheLine({ cache }: { cache: ModelCacheView }) {
  if (cache.sizeBytes === null)
    return (
      <p className="small muted" data-testid="model-cache">
        No model cache in this context (the Cache API needs a secure page): models download on every visit.
      </p>
    );
  return (
    <p className="small muted row" data-testid="model-cache">
      <span>Model cache: {formatBytes(cache.sizeBytes)}</span>
      <button type="button" disabled={cache.clearing || cache.sizeBytes === 0} onClick={() => void cache.clear()}>
        {cache.clearing ? 'Clearing…' : 'Clear cache'}
      </button>
      {cache.error && <span role="alert">{cache.error}</span>}
    </p>
  );
}
