// A Hub model that a link names, before anything is downloaded: its name, the files loading would
// read and their size (from HEAD requests), and the click that loads it.
import { formatBytes } from '../../model/errors';
import type { PendingModel } from './use_model_boot';

export function PendingModelBox({ pending, onLoad, onEmbedded }: { pending: PendingModel; onLoad: () => void; onEmbedded: () => void }) {
  const { preview, previewError, choice } = pending;
  const size = preview?.totalBytes !== undefined ? formatBytes(preview.totalBytes) : null;
  return (
    <div className="warning-box stack" data-testid="model-pending" role="status">
      <span>
        This link names the Hugging Face Hub model <strong>{choice.label}</strong>. Nothing is downloaded until you load it.
      </span>
      <span data-testid="model-pending-size">
        {preview
          ? `Loading downloads ${preview.files.map((f) => `${f.name} (${f.size !== undefined ? formatBytes(f.size) : 'size unknown'})`).join(', ')}${size ? `: ${size} in all` : ''}.`
          : previewError
            ? `Its size could not be read: ${previewError}`
            : 'Reading the size of its files…'}
      </span>
      <span className="row">
        <button type="button" className="primary" data-testid="model-confirm" onClick={onLoad}>
          Download and load{size ? ` (${size})` : ''}
        </button>
        <button type="button" onClick={onEmbedded}>
          Use the embedded model instead
        </button>
      </span>
    </div>
  );
}
