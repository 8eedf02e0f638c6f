import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { initSentry } from "../sentry";
import { ErrorBoundary } from "./ErrorBoundary";

function Broken(): never {
  throw new Error("boom");
}

describe("error boundaries", () => {
  it("shows a friendly page instead of a blank screen", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    render(
      <ErrorBoundary>
        <Broken />
      </ErrorBoundary>,
    );
    expect(screen.getByRole("heading", { name: "Sorry, something went wrong" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to the shop" })).toHaveAttribute("href", "/");
  });

  it("with Sentry on, reports the crash and shows the same page", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const sent: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init: RequestInit) => {
        sent.push(`${url} ${String(init.body)}`);
        return new Response("{}", { status: 200 });
      }),
    );
    const { Boundary } = initSentry("https://public@sentry.invalid/42");
    render(
      <Boundary>
        <Broken />
      </Boundary>,
    );
    expect(screen.getByRole("heading", { name: "Sorry, something went wrong" })).toBeInTheDocument();
    await vi.waitFor(() => expect(sent.some((line) => line.includes("sentry.invalid") && line.includes("boom"))).toBe(true));
  });
});
