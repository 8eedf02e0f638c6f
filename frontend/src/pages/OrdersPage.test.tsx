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
  shipments: [
    {
      id: 31,
      shop_id: 3,
      shop_name: "TechMarket",
      status: "sent",
      status_display: "Sent",
      status_reached_at: "2026-11-29T10:00:00Z",
      steps: [
        { status: "new", status_display: "New", reached_at: "2026-11-27T00:05:00Z" },
        { status: "confirmed", status_display: "Confirmed", reached_at: "2026-11-27T09:00:00Z" },
        { status: "assembled", status_display: "Assembled", reached_at: "2026-11-28T09:00:00Z" },
        { status: "sent", status_display: "Sent", reached_at: "2026-11-29T10:00:00Z" },
      ],
      tracking_number: "RA123456789RU",
      carrier: "russian_post",
      carrier_display: "Russian Post",
      tracking_url: "https://www.pochta.ru/tracking?barcode=RA123456789RU",
      items: [{ id: 1, product_info_id: 11, product_name: "iPhone 15", shop_name: "TechMarket", price: "79990.00", quantity: 1 }],
      updated_at: "2026-11-29T10:00:00Z",
    },
    {
      id: 32,
      shop_id: 4,
      shop_name: "Gadget House",
      status: "confirmed",
      status_display: "Confirmed",
      status_reached_at: "2026-11-27T12:00:00Z",
      steps: [
        { status: "new", status_display: "New", reached_at: "2026-11-27T00:05:00Z" },
        { status: "confirmed", status_display: "Confirmed", reached_at: "2026-11-27T12:00:00Z" },
      ],
      tracking_number: "GH-77",
      carrier: "",
      carrier_display: "",
      tracking_url: "",
      items: [{ id: 2, product_info_id: 22, product_name: "Galaxy S24", shop_name: "Gadget House", price: "60000.00", quantity: 2 }],
      updated_at: "2026-11-27T12:00:00Z",
    },
  ],
  total_price: "199990.00",
};
const CONFIRMED_ORDER = {
  ...ORDER,
  shipments: ORDER.shipments.map((shipment) => ({
    ...shipment,
    status: "confirmed",
    status_display: "Confirmed",
    steps: shipment.steps.slice(0, 2),
    tracking_number: "",
    tracking_url: "",
  })),
};
const SESSION = {
  "GET /api/v1/users/me/": { body: ME },
  "GET /api/v1/cart/": { body: { id: 1, items: [], total_price: "0.00", updated_at: "" } },
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

  it("sums up the parcels of an order in English and in Russian plurals", async () => {
    const many = { ...ORDER, id: 8, shipments: [...ORDER.shipments, ...[5, 6, 7, 8, 9].map((id) => ({ ...ORDER.shipments[0], id }))] };
    fakeApi({ ...SESSION, "GET /api/v1/orders/": { body: { count: 2, next: null, previous: null, results: [ORDER, many] } } });
    renderPage("/orders");
    const row = (await screen.findByRole("link", { name: "Order #7" })).closest("li")!;
    expect(within(row).getByText("2 parcels: 1 sent, 1 confirmed")).toBeInTheDocument();
    const other = screen.getByRole("link", { name: "Order #8" }).closest("li")!;
    expect(within(other).getByText("7 parcels: 6 sent, 1 confirmed")).toBeInTheDocument();

    await changeLanguage("ru", { remember: false });
    expect(await within(row).findByText("2 посылки: 1 отправлена, 1 подтверждена")).toBeInTheDocument();
    expect(within(other).getByText("7 посылок: 6 отправлено, 1 подтверждена")).toBeInTheDocument();
  });

  it("shows each parcel with its shop, lines, own stepper and tracking", async () => {
    fakeApi({ ...SESSION, "GET /api/v1/orders/7/": { body: { ...ORDER, status: "partly_sent", status_display: "Partly sent" } } });
    renderPage("/orders/7");

    const sent = await screen.findByRole("region", { name: "Parcel from TechMarket" });
    const sentSteps = within(sent).getByRole("list", { name: "Progress of the parcel from TechMarket" });
    expect(within(sentSteps).getByText("Sent").closest("li")).toHaveAttribute("aria-current", "step");
    expect(within(sentSteps).getByText("Delivered").closest("li")).not.toHaveClass("done");
    const link = within(sent).getByRole("link", { name: "RA123456789RU" });
    expect(link).toHaveAttribute("href", "https://www.pochta.ru/tracking?barcode=RA123456789RU");
    expect(within(sent).getByRole("cell", { name: "iPhone 15" })).toBeInTheDocument();
    expect(within(sent).queryByRole("cell", { name: "Galaxy S24" })).toBeNull();

    const confirmed = screen.getByRole("region", { name: "Parcel from Gadget House" });
    const confirmedSteps = within(confirmed).getByRole("list", { name: "Progress of the parcel from Gadget House" });
    expect(within(confirmedSteps).getByText("Confirmed").closest("li")).toHaveAttribute("aria-current", "step");
    expect(within(confirmedSteps).getByText("Assembled").closest("li")).not.toHaveClass("done");
    // an unknown carrier: the number is text, not a link
    expect(within(confirmed).getByText(/GH-77/)).toBeInTheDocument();
    expect(within(confirmed).queryByRole("link")).toBeNull();
    expect(within(confirmed).getByRole("cell", { name: "Galaxy S24" })).toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "Order progress" })).toBeNull();
  });

  it("asks for the cancel in an in-page dialog that Escape closes, and sends the reason", async () => {
    const confirm = vi.spyOn(window, "confirm");
    const server = fakeApi({
      ...SESSION,
      "GET /api/v1/orders/7/": { body: CONFIRMED_ORDER },
      "POST /api/v1/orders/7/cancel/": { body: { ...CONFIRMED_ORDER, status: "canceled", status_display: "Canceled" } },
    });
    const user = userEvent.setup();
    renderPage("/orders/7");
    const open = await screen.findByRole("button", { name: "Cancel order" });

    await user.click(open);
    let dialog = screen.getByRole("dialog", { name: "Cancel order #7?" });
    expect(within(dialog).getByLabelText("Reason (optional)")).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(open).toHaveFocus();
    expect(server.callsTo("POST", "/api/v1/orders/7/cancel/")).toHaveLength(0);

    await user.click(open);
    dialog = screen.getByRole("dialog", { name: "Cancel order #7?" });
    await user.type(within(dialog).getByLabelText("Reason (optional)"), " Found it cheaper ");
    await user.click(within(dialog).getByRole("button", { name: "Cancel order" }));

    expect(await screen.findByText("This order was canceled.")).toBeInTheDocument();
    const [call] = server.callsTo("POST", "/api/v1/orders/7/cancel/");
    expect(call.body).toEqual({ reason: "Found it cheaper" });
    expect(confirm).not.toHaveBeenCalled();
    expect(screen.queryByRole("button", { name: "Cancel order" })).toBeNull();
  });

  it("offers no cancel once one shop has assembled its parcel, though the order still reads confirmed", async () => {
    const [first, second] = CONFIRMED_ORDER.shipments;
    fakeApi({
      ...SESSION,
      "GET /api/v1/orders/7/": {
        body: { ...CONFIRMED_ORDER, shipments: [{ ...first, status: "assembled", status_display: "Assembled" }, second] },
      },
    });
    renderPage("/orders/7");

    await screen.findByRole("region", { name: "Parcel from TechMarket" });
    expect(screen.queryByRole("button", { name: "Cancel order" })).toBeNull();
  });

  it("keeps the order when the dialog's keep button is chosen, in Russian too", async () => {
    const server = fakeApi({ ...SESSION, "GET /api/v1/orders/7/": { body: CONFIRMED_ORDER } });
    const user = userEvent.setup();
    renderPage("/orders/7");
    await screen.findByRole("button", { name: "Cancel order" });
    await changeLanguage("ru", { remember: false });
    await user.click(await screen.findByRole("button", { name: "Отменить заказ" }));
    const dialog = screen.getByRole("dialog", { name: "Отменить заказ №7?" });
    expect(dialog).toHaveAttribute("aria-modal", "true");
    await user.click(within(dialog).getByRole("button", { name: "Не отменять" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(server.callsTo("POST", "/api/v1/orders/7/cancel/")).toHaveLength(0);
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
