import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useLoad } from "./useLoad";

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe("useLoad", () => {
  it("drops the answer to an older request that arrives after the current one", async () => {
    const answers = { a: deferred<string>(), b: deferred<string>() };
    const signals: AbortSignal[] = [];
    const { result, rerender } = renderHook(
      ({ key }: { key: "a" | "b" }) =>
        useLoad((signal) => {
          signals.push(signal);
          return answers[key].promise;
        }, [key]),
      { initialProps: { key: "a" } },
    );
    rerender({ key: "b" });
    expect(signals[0].aborted).toBe(true);

    await act(async () => answers.b.resolve("fresh"));
    await act(async () => answers.a.resolve("stale"));
    expect(result.current.load).toEqual({ state: "ready", data: "fresh" });
  });

  it("words a failure with the given describer and loads again on retry", async () => {
    let calls = 0;
    const { result } = renderHook(() =>
      useLoad(
        () => (++calls === 1 ? Promise.reject(new Error("boom")) : Promise.resolve("second time")),
        [],
        () => "We can't find this.",
      ),
    );
    await waitFor(() => expect(result.current.load).toEqual({ state: "error", message: "We can't find this." }));

    act(() => result.current.retry());
    await waitFor(() => expect(result.current.load).toEqual({ state: "ready", data: "second time" }));
  });

  it("shows data handed to it in place of the loaded one", async () => {
    const { result } = renderHook(() => useLoad(() => Promise.resolve("loaded"), []));
    await waitFor(() => expect(result.current.load).toEqual({ state: "ready", data: "loaded" }));
    act(() => result.current.show("changed"));
    expect(result.current.load).toEqual({ state: "ready", data: "changed" });
  });
});
