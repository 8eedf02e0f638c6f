import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { ErrorBoundary } from "./components/ErrorBoundary";
import "./styles.css";

async function start() {
  const dsn = import.meta.env.VITE_SENTRY_DSN;
  const monitoring = dsn ? (await import("./sentry")).initSentry(dsn) : { Boundary: ErrorBoundary };
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App {...monitoring} />
    </StrictMode>,
  );
}

void start();
