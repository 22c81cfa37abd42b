// Copies a link with the settings (and the finished runs' summary) to the clipboard.
import { useState } from 'react';
import { shareLink } from '../../state/url_sync';
import type { RunSummary, ShareableState } from '../../state/types';

export function ShareButton({ state, summary }: { state: ShareableState; summary?: RunSummary }) {
  const [msg, setMsg] = useState<string | null>(null);
  const onClick = async () => {
    const { url, omittedMethods } = shareLink(location, state, summary);
    try {
      await navigator.clipboard.writeText(url);
      setMsg(omittedMethods.length ? `Link copied (results of ${omittedMethods.join(', ')} left out to keep it short)` : 'Link copied');
    } catch {
      window.prompt('Copy this link', url);
    }
    setTimeout(() => setMsg(null), 3000);
  };
  return (
    <>
      <button type="button" onClick={() => void onClick()} data-testid="share">
        Copy link
      </button>
      <span className="small muted" role="status" aria-live="polite">
        {msg}
      </span>
    </>
  );
}
