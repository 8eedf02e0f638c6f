import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";
import { InfoPage } from "../pages/InfoPage";
import { AuthProvider } from "../state/auth";
import { CartProvider } from "../state/cart";
import { client } from "../api/endpoints";
import { createQueryClient } from "../api/queryClient";
import { changeLanguage, LANGUAGE_STORAGE_KEY } from "../i18n";
import { writeGuestCart } from "../state/guestCart";
import { ME, fakeApi } from "../test/fakeApi";
import { Layout } from "./Layout";

function renderWithLayout(path: string) {
  return render(
    <QueryClientProvider client={createQueryClient({ retry: false })}>
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
      </MemoryRouter>
    </QueryClientProvider>,
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

function signedIn() {
  const server = fakeApi({
    "GET /api/cms/pages/": { body: { items: [] } },
    "GET /api/v1/users/me/": { body: ME },
    "GET /api/v1/cart/": { body: { id: 1, items: [], total_price: "0.00", updated_at: "" } },
    "PATCH /api/v1/profile/": (call) => ({ body: { ...ME, ...(call.body as object) } }),
  });
  client.setTokens("access-1", "refresh-1");
  return server;
}

describe("the header", () => {
  it("shows the cart with its count outside the folding menu", async () => {
    fakeApi({ "GET /api/cms/pages/": { body: { items: [] } } });
    writeGuestCart([
      { product_info_id: 1, product_id: 1, product_name: "A", shop_name: "S", price: "10.00", available: 5, quantity: 3 },
    ]);
    renderWithLayout("/");
    const cart = await screen.findByRole("link", { name: "Cart, 3 items" });
    expect(within(cart).getByTestId("cart-count")).toHaveTextContent("3");
    expect(screen.getByRole("navigation", { name: "Main" })).not.toContainElement(cart);
  });

  it("draws the cart icon as an SVG the link names, not as an emoji a font may lack", async () => {
    fakeApi({ "GET /api/cms/pages/": { body: { items: [] } } });
    await changeLanguage("ru", { remember: false });
    renderWithLayout("/");
    const cart = await screen.findByRole("link", { name: "Корзина, 0 товаров" });
    const icon = cart.querySelector("svg");
    expect(icon).not.toBeNull();
    expect(icon).toHaveAttribute("aria-hidden", "true");
    expect(cart).not.toHaveTextContent(/\p{Extended_Pictographic}/u);
  });

  it("switches the language, remembers it and sets <html lang>, leaving the account's e-mail language alone", async () => {
    const server = signedIn();
    const user = userEvent.setup();
    renderWithLayout("/");
    await screen.findByRole("link", { name: "Orders" });

    await user.selectOptions(screen.getByLabelText("Language"), "ru");

    expect(await screen.findByRole("link", { name: "Заказы" })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe("ru");
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("ru");
    expect(await screen.findByRole("status")).toHaveTextContent("Наши письма приходят вам на языке «English»");
    expect(server.callsTo("PATCH", "/api/v1/profile/")).toEqual([]);
  });

  it("asks once whether the e-mails should follow the storefront, and remembers a no", async () => {
    const server = signedIn();
    const user = userEvent.setup();
    const { unmount } = renderWithLayout("/");
    await screen.findByRole("link", { name: "Orders" });
    await user.selectOptions(screen.getByLabelText("Language"), "ru");

    await user.click(await screen.findByRole("button", { name: "Нет, оставить «English»" }));

    expect(screen.queryByRole("status")).toBeNull();
    unmount();
    renderWithLayout("/");
    await screen.findByRole("link", { name: "Заказы" });
    expect(screen.queryByRole("button", { name: /Нет, оставить/ })).toBeNull();
    expect(server.callsTo("PATCH", "/api/v1/profile/")).toEqual([]);
  });

  it("moves the e-mails to the storefront's language when the customer says yes", async () => {
    const server = signedIn();
    const user = userEvent.setup();
    renderWithLayout("/");
    await screen.findByRole("link", { name: "Orders" });
    await user.selectOptions(screen.getByLabelText("Language"), "ru");

    await user.click(await screen.findByRole("button", { name: "Да, письма на языке «Русский»" }));

    await waitFor(() => expect(server.callsTo("PATCH", "/api/v1/profile/")[0]?.body).toEqual({ language: "ru" }));
    await waitFor(() => expect(screen.queryByRole("status")).toBeNull());
  });
});
