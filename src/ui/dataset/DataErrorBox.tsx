// A data error with its location (file, line, column) and what was expected.
import type { DataError } from '../../data/errors';

export function describeDataError(e: DataError): string {
  const where = [e.file && `“${e.file}”`, e.line !== undefined && `line ${e.line}`, e.column && `column ${e.column}`].filter(Boolean).join(', ');
  return where ? `${where}: ${e.message}` : e.message;
}

/** `action`: a button beside the message that answers it (e.g. read the files again, skipping bad rows). */
export function DataErrorBox({ error, onDismiss, action }: { error: DataError; onDismiss?: () => void; action?: { label: string; run: () => void } }) {
  return (
    <div className="error-box row" role="alert" data-testid="dataset-error" data-code={error.code}>
      <span style={{ flex: 1 }}>
        <strong>Could not use this data ({error.code}).</strong> {describeDataError(error)}
        {error.available && <> Available columns: {error.available.join(', ')}.</>}
      </span>
      {action && (
        <button type="button" onClick={action.run} data-testid="dataset-error-action">
          {action.label}
        </button>
      )}
      {onDismiss && (
        <button type="button" onClick={onDismiss} aria-label="Dismiss data error">
          ✕
        </button>
      )}
    </div>
  );
}
