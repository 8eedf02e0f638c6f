import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { changeLanguage } from "../i18n";
import { ME, fakeApi } from "../test/fakeApi";
import { renderPage } from "../test/renderPage";

const ORDER = {
  id: 7,
  created_at: "2026-11-27T00:05:00Z",
  status: "confirmed",
  status_display: "Confirmed",
  contact: { id: 1, first_name: "Ann", last_name: "Lee", email: "ann@example.com", phone: "+79001234567", city: "Moscow", street: "Tverskaya", house: "1", is_confirmed: true },
  items: [
    { id: 1, product_info_id: 11, product_name: "iPhone 15", shop_name: "TechMarket", price: "79990.00", quantity: 1 },
    { id: 2, product_info_id: 22, product_name: "Galaxy S24", shop_name: "Gadget House", price: "60000.00", quantity: 2 },
  ],
  total_price: "199990.00",
};

describe("orders", () => {
  it("lists orders with their status and total", async () => {
    fakeApi({
      "GET /api/v1/users/me/": { body: ME },
      "GET /api/v1/cart/": { body: { id: 1, items: [], total_price: "0.00", updated_at: "" } },
      "GET /api/v1/orders/": { body: { count: 1, next: null, previous: null, results: [ORDER] } },
    });
    renderPage("/orders");
    const row = (await screen.findByRole("link", { name: "Order #7" })).closest("li")!;
    expect(within(row).getByText("Confirmed")).toBeInTheDocument();
    expect(within(row).getByText("₽199,990.00")).toBeInTheDocument();
    expect(within(row).getByText(/3 items/)).toBeInTheDocument();
  });

  it("words statuses in the storefront's language, not in the language of the answer's labels", async () => {
    fakeApi({
      "GET /api/v1/users/me/": { body: ME },
      "GET /api/v1/cart/": { body: { id: 1, items: [], total_price: "0.00", updated_at: "" } },
      "GET /api/v1/orders/": {
        body: { count: 1, next: null, previous: null, results: [{ ...ORDER, status: "partly_sent", status_display: "Частично отправлен" }] },
      },
    });
    renderPage("/orders");
    const row = (await screen.findByRole("link", { name: "Order #7" })).closest("li")!;
    expect(within(row).getByText("Partly sent")).toBeInTheDocument();
    expect(within(row).queryByText("Частично отправлен")).toBeNull();

    await act(() => changeLanguage("ru"));
    expect(within(row).getByText("Частично отправлен")).toBeInTheDocument();
  });

  it("shows the detail with its progress and cancels while that is allowed", async () => {
    vi.spyOn(window, "confirm").mockReturnValue(true);
    const server = fakeApi({
      "GET /api/v1/users/me/": { body: ME },
      "GET /api/v1/cart/": { body: { id: 1, items: [], total_price: "0.00", updated_at: "" } },
      "GET /api/v1/orders/7/": { body: ORDER },
      "POST /api/v1/orders/7/cancel/": { body: { ...ORDER, status: "canceled", status_display: "Canceled" } },
    });
    const user = userEvent.setup();
    renderPage("/orders/7");

    const progress = await screen.findByRole("list", { name: "Order progress" });
    expect(within(progress).getByText("Confirmed")).toHaveAttribute("aria-current", "step");
    expect(screen.getByRole("cell", { name: /Galaxy S24/ })).toHaveTextContent("Sold by Gadget House");

    await user.click(screen.getByRole("button", { name: "Cancel order" }));

    expect(await screen.findByText("This order was canceled.")).toBeInTheDocument();
    expect(server.callsTo("POST", "/api/v1/orders/7/cancel/")).toHaveLength(1);
    expect(screen.queryByRole("button", { name: "Cancel order" })).toBeNull();
  });

  it("offers no cancel once one shop has assembled its parcel, though the order still reads confirmed", async () => {
    const shipment = { shop_name: "TechMarket", tracking_number: "", updated_at: "2026-11-27T00:05:00Z" };
    fakeApi({
      "GET /api/v1/users/me/": { body: ME },
      "GET /api/v1/cart/": { body: { id: 1, items: [], total_price: "0.00", updated_at: "" } },
      "GET /api/v1/orders/7/": {
        body: {
          ...ORDER,
          shipments: [
            { ...shipment, id: 1, shop_id: 1, status: "assembled", status_display: "Assembled" },
            { ...shipment, id: 2, shop_id: 2, status: "confirmed", status_display: "Confirmed" },
          ],
        },
      },
    });
    renderPage("/orders/7");

    await screen.findByRole("list", { name: "Order progress" });
    expect(screen.queryByRole("button", { name: "Cancel order" })).toBeNull();
  });

  it("shows an order whose parcels are partly sent as past assembly", async () => {
    fakeApi({
      "GET /api/v1/users/me/": { body: ME },
      "GET /api/v1/cart/": { body: { id: 1, items: [], total_price: "0.00", updated_at: "" } },
      "GET /api/v1/orders/7/": { body: { ...ORDER, status: "partly_sent", status_display: "Partly sent" } },
    });
    renderPage("/orders/7");
    const progress = await screen.findByRole("list", { name: "Order progress" });
    expect(within(progress).getByText("Assembled")).toHaveAttribute("aria-current", "step");
    expect(within(progress).getByText("Confirmed").closest("li")).toHaveClass("done");
  });

  it("shows a missing order as not found", async () => {
    fakeApi({
      "GET /api/v1/users/me/": { body: ME },
      "GET /api/v1/cart/": { body: { id: 1, items: [], total_price: "0.00", updated_at: "" } },
    });
    renderPage("/orders/999");
    expect(await screen.findByText("We can't find this order.")).toBeInTheDocument();
  });
});
