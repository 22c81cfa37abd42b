// Shows what decoding the page's link had to repair or drop; dismissible.
import { useState } from 'react';

export function LinkWarningsBanner({ warnings }: { warnings: readonly string[] }) {
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
      <button type="button" onClick={() => setDismissed(true)} aria-label="Dismiss link warnings">
        Dismiss
      </button>
    </div>
  );
}
