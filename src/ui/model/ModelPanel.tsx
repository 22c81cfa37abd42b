// Choose the encoder: the embedded default, a URL, a Hugging Face Hub id, or local files/folder.
// The worker downloads (with retries, progress and the model cache) and parses it; this panel
// shows its progress and errors. A failed load keeps the previous model in use.
import { useRef, useState } from 'react';
import { filesFromDataTransfer } from '../../model/drop_traversal';
import { MODEL_FAMILIES } from '../../model/families';
import type { ModelInfo } from '../../train/protocol';
import { useLab } from '../runtime/lab_store';
import { ModelCacheLine } from './ModelCacheLine';
import { ModelLoadStatus } from './ModelLoadStatus';
import { embeddedChoice, hubChoice, type ModelChoice } from './model_boot';
import { useModelCache } from './use_model_cache';
import { PendingModelBox } from './PendingModelBox';
import type { PendingModel } from './use_model_boot';

type Kind = 'embedded' | 'url' | 'hub' | 'files';

export interface ModelPanelProps {
  /** The model id in the settings (shown while it loads or when it failed). */
  modelId: string;
  /** The model the worker holds. */
  current: ModelInfo | null;
  /** Why the settings' model could not even be asked for (an unknown id), or the worker's error. */
  initialError: string | null;
  /** Loads another model in the worker; rejects with its error. */
  onLoad: (c: ModelChoice) => Promise<ModelInfo>;
  /** Loads the last model asked for again. */
  onRetry: () => Promise<ModelInfo>;
  /** A Hub model the settings (a link) name, not downloaded until the user clicks. */
  pending?: PendingModel | null;
}

export function ModelPanel({ modelId, current, initialError, onLoad, onRetry, pending }: ModelPanelProps) {
  const [kind, setKind] = useState<Kind>('embedded');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  // Input refused before anything was sent to the worker (a bad URL or Hub id).
  const [error, setError] = useState<string | null>(null);
  const modelLoad = useLab((s) => s.modelLoad);
  // Read the cache's size again when a load ends (ready or failed: files before the failure are kept).
  const cache = useModelCache(modelLoad ? `${modelLoad.loadId}:${modelLoad.status}` : current);
  const filesRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);

  // Load errors arrive in the lab store (modelLoad) and show with a Retry; the promise only ends busy.
  const run = async (p: () => Promise<ModelInfo>) => {
    setBusy(true);
    setError(null);
    try {
      await p();
    } catch {
      // shown from modelLoad
    } finally {
      setBusy(false);
    }
  };
  const load = (make: () => ModelChoice) => {
    let c: ModelChoice;
    try {
      c = make();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return;
    }
    return run(() => onLoad(c));
  };
  const fromKind = () => {
    if (kind === 'embedded') return load(embeddedChoice);
    if (kind === 'url')
      return load(() => {
        const url = new URL(text.trim(), document.baseURI).href;
        return { spec: { kind: 'url', url }, label: url };
      });
    if (kind === 'hub') return load(() => hubChoice(text)); // refuses an invalid id or revision before the worker is asked
  };
  const fromFiles = (files: File[]) => {
    const folder = files.find((f) => f.webkitRelativePath)?.webkitRelativePath?.split('/')[0];
    return load(() => ({ spec: { kind: 'files', files }, label: folder ?? 'local files' }));
  };
  const onFiles = (list: FileList | null) => {
    if (list && list.length) void fromFiles([...list]);
  };
  // No second load while one runs (the worker would supersede it).
  const loading = busy || modelLoad?.status === 'loading';
  const fromCache = current?.files.filter((f) => f.fromCache) ?? [];
  const shownError = error ?? (modelLoad?.status === 'failed' ? null : !current ? initialError : null);

  return (
    <section
      className="panel stack"
      aria-labelledby="model-h"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        // A dropped model folder (or its files): read the entries while the event lasts.
        e.preventDefault();
        void filesFromDataTransfer(e.dataTransfer).then((files) => {
          if (files.length) void fromFiles(files);
        });
      }}
    >
      <h2 id="model-h">Model</h2>
      <div className="small" data-testid="model-current">
        {current ? (
          <>
            <strong>{current.id}</strong>{' '}
            <span className="muted">
              <span data-testid="model-family">{current.family}</span> · {current.config.numHiddenLayers} layers · hidden {current.config.hiddenSize} ·{' '}
              {current.config.numAttentionHeads} heads · vocab {current.config.vocabSize.toLocaleString('en-US')}
            </span>
            {fromCache.length > 0 && (
              <span className="muted" data-testid="model-from-cache">
                {' '}
                · {fromCache.length === current.files.length ? 'all files' : `${fromCache.length} of ${current.files.length} files`} from cache
              </span>
            )}
          </>
        ) : (
          <>
            <strong>{modelId}</strong>{' '}
            <span className="muted">
              {initialError || modelLoad?.status === 'failed' ? 'not loaded' : pending && !modelLoad ? 'not loaded yet' : 'loading…'}
            </span>
          </>
        )}
      </div>
      {pending && !loading && <PendingModelBox pending={pending} onLoad={() => void load(() => pending.choice)} onEmbedded={() => void load(embeddedChoice)} />}
      <div className="row">
        <label className="inline">
          Source
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="embedded">Embedded default</option>
            <option value="url">URL</option>
            <option value="hub">Hugging Face Hub id</option>
            <option value="files">Local files / folder</option>
          </select>
        </label>
        {(kind === 'url' || kind === 'hub') && (
          <input
            aria-label={kind === 'url' ? 'Model base URL' : 'Hub model id'}
            placeholder={kind === 'url' ? 'https://…/model/' : 'owner/name or owner/name@revision'}
            title={kind === 'hub' ? 'A Hub model id; append @revision (a branch, tag or commit) to pin the files a link loads' : undefined}
            value={text}
            onChange={(e) => setText(e.target.value)}
            style={{ flex: 1, minWidth: 120 }}
          />
        )}
        {kind === 'files' ? (
          <>
            <button type="button" disabled={loading} onClick={() => filesRef.current?.click()}>
              Files…
            </button>
            <button type="button" disabled={loading} onClick={() => folderRef.current?.click()}>
              Folder…
            </button>
            <input ref={filesRef} type="file" multiple hidden onChange={(e) => onFiles(e.target.files)} aria-label="Model files" />
            <input ref={folderRef} type="file" hidden onChange={(e) => onFiles(e.target.files)} aria-label="Model folder" {...{ webkitdirectory: '' }} />
          </>
        ) : (
          <button type="button" disabled={loading || ((kind === 'url' || kind === 'hub') && !text.trim())} onClick={() => void fromKind()}>
            {loading ? 'Loading…' : 'Load'}
          </button>
        )}
      </div>
      <p className="small muted">
        Needs config.json, vocab.txt (or tokenizer.json) and the weights of an encoder of a supported family ({MODEL_FAMILIES.map((f) => f.label).join(', ')}):
        model.safetensors, a sharded model.safetensors.index.json, or pytorch_model.bin. You can also drop a model folder on this panel.
      </p>
      {modelLoad && !error && <ModelLoadStatus load={modelLoad} retrying={busy} onRetry={() => void run(onRetry)} />}
      {shownError && (
        <p className="error-box" role="alert" data-testid="model-error">
          {shownError}
        </p>
      )}
      <ModelCacheLine cache={cache} />
    </section>
  );
}
