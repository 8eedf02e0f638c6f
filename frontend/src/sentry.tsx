// Loaded only when VITE_SENTRY_DSN is set at build time; otherwise this module is never fetched.
import * as Sentry from "@sentry/react";
import { useEffect, type ReactNode } from "react";
import { createRoutesFromChildren, matchRoutes, Routes, useLocation, useNavigationType } from "react-router";
import { CrashPage } from "./components/ErrorBoundary";

export function initSentry(dsn: string) {
  Sentry.init({
    dsn,
    environment: import.meta.env.MODE,
    release: import.meta.env.VITE_RELEASE,
    integrations: [
      Sentry.reactRouterV7BrowserTracingIntegration({
        useEffect,
        useLocation,
        useNavigationType,
        createRoutesFromChildren,
        matchRoutes,
      }),
    ],
    tracesSampleRate: Number(import.meta.env.VITE_SENTRY_TRACES_SAMPLE_RATE ?? 0.1),
  });

  function Boundary({ children }: { children: ReactNode }) {
    return <Sentry.ErrorBoundary fallback={<CrashPage />}>{children}</Sentry.ErrorBoundary>;
  }

  return { RoutesComponent: Sentry.withSentryReactRouterV7Routing(Routes), Boundary };
}
