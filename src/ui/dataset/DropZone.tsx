// Drop files here or pick them with the button (keyboard users use the button).
import { useRef, useState } from 'react';

export function DropZone({ onFiles, disabled }: { onFiles: (files: File[]) => void; disabled?: boolean }) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      data-testid="dropzone"
      role="region"
      aria-label="Drop CSV, TSV or JSON Lines files"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const files = [...(e.dataTransfer?.files ?? [])];
        if (files.length && !disabled) onFiles(files);
      }}
    >
      <div>Drop CSV / TSV / JSON Lines files (gzipped too) here, or</div>
      <button type="button" disabled={disabled} onClick={() => input.current?.click()} style={{ marginTop: 6 }}>
        Choose files…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept=".csv,.tsv,.txt,.jsonl,.json,.ndjson,.gz,text/csv,text/tab-separated-values,application/gzip"
        aria-label="Data files"
        data-testid="data-file-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
    </div>
  );
}
