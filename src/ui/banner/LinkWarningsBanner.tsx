// Shows what decoding the page's link had to repair or drop; dismissing it also puts the settings
// in use into the address bar (onDismiss), so the bad fragment does not come back on a reload.
import { useState } from 'react';

export function LinkWarningsBanner({ warnings, onDismiss }: { warnings: readonly string[]; onDismiss?: () => void }) {
  const [dismissed, setDismissed] = useState(false);
  if (dismissed || warnings.length === 0) return null;
  return (
    <div className="banner" role="alert" data-testid="link-warnings">
      <div style={{ flex: 1 }}>
        <strong>This link had problems; safe defaults were used instead:</strong>
        <ul>
          {warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      </div>
      <button
        type="button"
        onClick={() => {
          setDismissed(true);
          onDismiss?.();
        }}
        aria-label="Dismiss link warnings"
      >
        Dismiss
      </button>
    </div>
  );
}
