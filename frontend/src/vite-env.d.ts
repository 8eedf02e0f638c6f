/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Public DSN of the Sentry project; Sentry is left out entirely when unset. */
  readonly VITE_SENTRY_DSN?: string;
  readonly VITE_SENTRY_TRACES_SAMPLE_RATE?: string;
  readonly VITE_RELEASE?: string;
}
