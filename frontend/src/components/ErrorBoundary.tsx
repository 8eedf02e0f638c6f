import { Component, type ErrorInfo, type ReactNode } from "react";

/** What the customer sees when a page crashes: an apology and a way back, never a white screen. */
export function CrashPage() {
  return (
    <section className="crash" role="alert">
      <h1>Sorry, something went wrong</h1>
      <p>This page ran into a problem. Your cart and orders are safe.</p>
      <p>
        <a className="btn btn-primary" href="/">
          Back to the shop
        </a>
      </p>
    </section>
  );
}

interface Props {
  children: ReactNode;
}

/** Used when Sentry is off; with Sentry on, Sentry's boundary shows the same CrashPage and reports. */
export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error("storefront crashed", error, info.componentStack);
  }

  render() {
    return this.state.failed ? <CrashPage /> : this.props.children;
  }
}
