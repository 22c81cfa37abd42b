// One panel's render error stays in that panel: it shows what failed and a "Try again" button, and
// the other panels keep working (a run in progress, the data set, the settings). The page-wide
// ErrorBoundary remains the last line of defence.
import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

export class PanelBoundary extends Component<{ name: string; children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error): void {
    console.error(`The ${this.props.name} panel failed to render:`, error);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <section className="panel" role="alert" data-testid="panel-error" data-panel={this.props.name}>
        <h2>The {this.props.name} panel failed</h2>
        <p className="error-box">{error.message}</p>
        <p className="small muted">The rest of the page still works; your runs and data sets are kept in this browser.</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </section>
    );
  }
}
