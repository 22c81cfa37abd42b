// Choose the encoder: the embedded default, a URL, a Hugging Face Hub id, or local files/folder.
// Errors are shown and the previous model stays in use.
import { useRef, useState } from 'react';
import { EMBEDDED_MODEL_PATH, embeddedSource, filesSource, hubSource, urlSource, type ModelSource } from '../../model/sources';
import { filesFromDataTransfer } from '../../model/drop_traversal';
import { inspectModel, type ModelSummary } from './model_summary';

type Kind = 'embedded' | 'url' | 'hub' | 'files';

export interface ModelPanelProps {
  /** The model id in the settings (shown while it loads or when it failed). */
  modelId: string;
  current: ModelSummary | null;
  /** Error of the initial (automatic) load. */
  initialError: string | null;
  /** Called with the validated model and, for URL-reachable models, the base URL the trainer loads. */
  onLoaded: (m: ModelSummary, baseUrl: string | null, files?: File[]) => void;
}

export function ModelPanel({ modelId, current, initialError, onLoaded }: ModelPanelProps) {
  const [kind, setKind] = useState<Kind>('embedded');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const filesRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);

  const load = async (make: () => { src: ModelSource; baseUrl: string | null; files?: File[] }) => {
    setBusy(true);
    setError(null);
    try {
      const { src, baseUrl, files } = make();
      onLoaded(await inspectModel(src), baseUrl, files);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const fromKind = () => {
    if (kind === 'embedded') return load(() => ({ src: embeddedSource(), baseUrl: embeddedBaseUrl() }));
    if (kind === 'url')
      return load(() => ({ src: urlSource(new URL(text.trim(), document.baseURI).href), baseUrl: new URL(text.trim(), document.baseURI).href }));
    if (kind === 'hub')
      return load(() => {
        const src = hubSource(text);
        return { src, baseUrl: `https://huggingface.co/${text.trim()}/resolve/main/` };
      });
  };
  const onFiles = (list: FileList | null) => {
    if (list && list.length) void load(() => ({ src: filesSource([...list]), baseUrl: null, files: [...list] }));
  };

  return (
    <section
      className="panel stack"
      aria-labelledby="model-h"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        // A dropped model folder (or its files): read the entries while the event lasts.
        e.preventDefault();
        void filesFromDataTransfer(e.dataTransfer).then((files) => {
          if (files.length) void load(() => ({ src: filesSource(files), baseUrl: null, files }));
        });
      }}
    >
      <h2 id="model-h">Model</h2>
      <div className="small" data-testid="model-current">
        {current ? (
          <>
            <strong>{current.id}</strong>{' '}
            <span className="muted">
              {current.config.numHiddenLayers} layers · hidden {current.config.hiddenSize} · {current.config.numAttentionHeads} heads · vocab{' '}
              {current.config.vocabSize.toLocaleString('en-US')}
            </span>
          </>
        ) : (
          <>
            <strong>{modelId}</strong> <span className="muted">{initialError ? 'not loaded' : 'loading…'}</span>
          </>
        )}
      </div>
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
            placeholder={kind === 'url' ? 'https://…/model/' : 'owner/name'}
            value={text}
            onChange={(e) => setText(e.target.value)}
            style={{ flex: 1, minWidth: 120 }}
          />
        )}
        {kind === 'files' ? (
          <>
            <button type="button" disabled={busy} onClick={() => filesRef.current?.click()}>
              Files…
            </button>
            <button type="button" disabled={busy} onClick={() => folderRef.current?.click()}>
              Folder…
            </button>
            <input ref={filesRef} type="file" multiple hidden onChange={(e) => onFiles(e.target.files)} aria-label="Model files" />
            <input ref={folderRef} type="file" hidden onChange={(e) => onFiles(e.target.files)} aria-label="Model folder" {...{ webkitdirectory: '' }} />
          </>
        ) : (
          <button type="button" disabled={busy || ((kind === 'url' || kind === 'hub') && !text.trim())} onClick={() => void fromKind()}>
            {busy ? 'Loading…' : 'Load'}
          </button>
        )}
      </div>
      <p className="small muted">
        Needs config.json, vocab.txt (or tokenizer.json) and model.safetensors of a BERT encoder. You can also drop a model folder on this panel.
      </p>
      {(error ?? (!current && initialError)) && (
        <p className="error-box" role="alert" data-testid="model-error">
          {error ?? initialError}
        </p>
      )}
    </section>
  );
}

export function embeddedBaseUrl(): string {
  return new URL(EMBEDDED_MODEL_PATH, document.baseURI).href;
}
