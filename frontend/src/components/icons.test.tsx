import { render } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { EmptyState } from "./ui";

// Emoji drawn as pictures (or forced so by U+FE0F) need an emoji font, which many phones and desktops lack:
// there they show as empty boxes.
const EMOJI = /\p{Emoji_Presentation}|\uFE0F/u;

const sources = import.meta.glob(["../**/*.{ts,tsx}", "!../**/*.test.{ts,tsx}", "!../test/**"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

const translations = import.meta.glob("../i18n/*.json", { query: "?raw", import: "default", eager: true }) as Record<
  string,
  string
>;

describe("icons", () => {
  it("draws an empty state's icon as an SVG hidden from screen readers", () => {
    const { container } = render(
      <MemoryRouter>
        <EmptyState title="Nothing here" icon="search" />
      </MemoryRouter>,
    );
    const icon = container.querySelector("svg[data-icon='search']");
    expect(icon).not.toBeNull();
    expect(icon?.getAttribute("aria-hidden")).toBe("true");
    expect(container.textContent).toBe("Nothing here");
  });

  it("leaves no emoji in the storefront's code or texts", () => {
    const files = { ...sources, ...translations };
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    const withEmoji = Object.entries(files)
      .filter(([, text]) => EMOJI.test(text))
      .map(([path]) => path);
    expect(withEmoji).toEqual([]);
  });
});
