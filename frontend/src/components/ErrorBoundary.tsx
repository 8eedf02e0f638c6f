import { Component, type ErrorInfo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** What the customer sees when a page crashes: an apology and a way back, never a white screen. */
export function CrashPage() {
  const { t } = useTranslation();
  return (
    <section className="crash" role="alert">
      <h1>{t("crash.title")}</h1>
      <p>{t("crash.text")}</p>
      <p>
        <a className="btn btn-primary" href="/">
          {t("common.backToShop")}
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
