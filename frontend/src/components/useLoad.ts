import { useCallback, useEffect, useState, type DependencyList } from "react";
import { errorMessage } from "../api/client";

export type Load<T> = { state: "loading" } | { state: "error"; message: string } | { state: "ready"; data: T };

/**
 * Loads what a page shows, again whenever `deps` change or `retry` is called. The signal is aborted when a
 * newer load starts or the page goes away, and the older answer is then dropped, so a slow reply never
 * overwrites the current one. `show` puts fresh data in place, e.g. the answer to an action on it.
 */
export function useLoad<T>(
  request: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  describeError: (error: unknown) => string = errorMessage,
) {
  const [load, setLoad] = useState<Load<T>>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoad({ state: "loading" });
    request(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setLoad({ state: "ready", data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setLoad({ state: "error", message: describeError(error) });
      },
    );
    return () => controller.abort();
    // `request` and `describeError` are new on every render; what they read is listed in `deps`.
  }, [...deps, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const show = useCallback((data: T) => setLoad({ state: "ready", data }), []);
  return { load, retry, show };
}
