// The last line of defence: a render error shows what happened and a way out instead of a blank
// page. Runs and data sets live in IndexedDB, so resetting the settings loses nothing but the link's.
import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error): void {
    console.error('The page failed to render:', error);
  }

  private reset = () => {
    // Drop the settings in the link (the likely cause) and start again from the defaults.
    history.replaceState(null, '', location.pathname + location.search);
    location.reload();
  };

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <main className="app-main" role="alert" data-testid="render-error">
        <section className="panel">
          <h2>Something went wrong showing the lab</h2>
          <p className="error-box">{error.message}</p>
          <p className="small muted">Your runs and data sets are kept in this browser. Resetting clears only the settings in the link.</p>
          <button type="button" className="primary" onClick={this.reset}>
            Reset the settings and reload
          </button>
        </section>
      </main>
    );
  }
}
