import { Component, type ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage.js';

interface Props {
  /** What this boundary guards, shown to the consumer ("the 3D model"). */
  what: string;
  children: ReactNode;
  /** Changing this key clears a caught error (e.g. the product id). */
  resetKey?: unknown;
}
interface State {
  error: unknown;
  key: unknown;
}

/** Catches a render error below it and offers a retry instead of a blank page. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override render() {
    if (this.state.error) {
      return <ErrorMessage what={this.props.what} error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    }
    return this.props.children;
  }
}
