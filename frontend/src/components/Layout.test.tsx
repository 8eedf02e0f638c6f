import { render, screen, within } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";
import { InfoPage } from "../pages/InfoPage";
import { AuthProvider } from "../state/auth";
import { CartProvider } from "../state/cart";
import { fakeApi } from "../test/fakeApi";
import { Layout } from "./Layout";

function renderWithLayout(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <AuthProvider>
        <CartProvider>
          <Layout>
            <Routes>
              <Route path="/" element={<p>home</p>} />
              <Route path="/info/:slug" element={<InfoPage />} />
            </Routes>
          </Layout>
        </CartProvider>
      </AuthProvider>
    </MemoryRouter>,
  );
}

const INFO = [
  { id: 4, title: "Delivery and returns", meta: { type: "pages.InfoPage", slug: "delivery-and-returns" } },
  { id: 5, title: "About us", meta: { type: "pages.InfoPage", slug: "about" } },
];

describe("content pages from the CMS", () => {
  it("are linked from the footer and rendered from the API", async () => {
    fakeApi({
      "GET /api/cms/pages/": (call) =>
        call.query.slug === "about"
          ? { body: { items: [{ ...INFO[1], intro: "Who we are.", body: "<p>Founded by <b>engineers</b>.</p>" }] } }
          : { body: { meta: { total_count: 2 }, items: INFO } },
    });
    renderWithLayout("/info/about");

    const footer = await screen.findByRole("navigation", { name: "Information" });
    expect(within(footer).getByRole("link", { name: "Delivery and returns" })).toHaveAttribute(
      "href",
      "/info/delivery-and-returns",
    );
    expect(await screen.findByRole("heading", { name: "About us" })).toBeInTheDocument();
    expect(screen.getByText("Who we are.")).toBeInTheDocument();
    expect(screen.getByText("engineers").tagName).toBe("B");
  });

  it("leave no trace when the CMS is absent", async () => {
    fakeApi({});
    renderWithLayout("/info/about");
    expect(await screen.findByText("This page isn't available")).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Information" })).toBeNull();
  });
});
