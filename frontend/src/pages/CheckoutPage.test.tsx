import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Contact } from "../api/types";
import { ME, fakeApi, type Call, type Reply } from "../test/fakeApi";
import { renderPage } from "../test/renderPage";

const CART = {
  id: 3,
  items: [
    { id: 1, product_info_id: 11, product_name: "iPhone 15", shop_name: "Svyaznoy", price: "75000.00", quantity: 1, total_price: "75000.00" },
    { id: 2, product_info_id: 22, product_name: "Galaxy S24", shop_name: "Euroset", price: "60000.00", quantity: 2, total_price: "120000.00" },
  ],
  total_price: "195000.00",
  updated_at: "2026-11-27T00:00:00Z",
};

const HOME: Contact = {
  id: 5,
  first_name: "Ann",
  last_name: "Lee",
  email: "ann@example.com",
  phone: "+79001234567",
  city: "Moscow",
  street: "Tverskaya",
  house: "1",
  apartment: "12",
  is_confirmed: false,
};

const ORDER = { id: 42, created_at: "2026-11-27T00:05:00Z", status: "new", status_display: "New", contact: HOME, items: [], total_price: "195000.00" };

/**
 * A checkout server that honours Idempotency-Key the way the API promises: the same key answers
 * with the same order; `confirm` can be swapped to script failures.
 */
function checkoutServer(options: { contacts?: Contact[]; confirm?: (call: Call) => Reply | Promise<Reply> } = {}) {
  const contacts = [...(options.contacts ?? [HOME])];
  const ordersByKey = new Map<string, number>();
  let nextOrder = 42;
  const placeOrder = async (call: Call): Promise<Reply> => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const key = call.headers["idempotency-key"];
    if (ordersByKey.has(key)) return { status: 200, body: { ...ORDER, id: ordersByKey.get(key) } };
    ordersByKey.set(key, nextOrder);
    return { status: 201, body: { ...ORDER, id: nextOrder++ } };
  };
  const server = fakeApi({
    "GET /api/v1/users/me/": { body: ME },
    "GET /api/v1/cart/": { body: CART },
    "GET /api/v1/contacts/": () => ({ body: { count: contacts.length, next: null, previous: null, results: contacts } }),
    "POST /api/v1/contacts/": (call) => {
      const input = call.body as Record<string, string>;
      if (!input.phone?.startsWith("+")) return { status: 400, body: { phone: ["Enter a valid phone number."] } };
      const created = { ...(input as unknown as Contact), id: 9, is_confirmed: false };
      contacts.push(created);
      return { status: 201, body: created };
    },
    "POST /api/v1/confirm-order/": options.confirm ?? placeOrder,
    "GET /api/v1/orders/42/": { body: ORDER },
  });
  return { ...server, ordersByKey };
}

/** What the summary shows, sent so the server never charges another total. */
const SHOWN = {
  expected_total: "195000.00",
  expected_prices: [
    { product_info_id: 11, price: "75000.00" },
    { product_info_id: 22, price: "60000.00" },
  ],
};

const placeButton = () => screen.findByRole("button", { name: "Place order" });

describe("CheckoutPage", () => {
  it("places one order for a double click, with an Idempotency-Key, and opens it", async () => {
    const server = checkoutServer();
    const user = userEvent.setup();
    renderPage("/checkout");
    expect(await screen.findByRole("radio", { name: /Ann Lee/ })).toBeChecked();

    const button = await placeButton();
    await user.dblClick(button);

    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/orders/42?placed=1"));
    const posts = server.callsTo("POST", "/api/v1/confirm-order/");
    expect(posts).toHaveLength(1);
    expect(posts[0].body).toEqual({ contact_id: 5, ...SHOWN });
    expect(posts[0].headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.ordersByKey.size).toBe(1);
    expect(await screen.findByText(/Your order #42 is placed/)).toBeInTheDocument();
  });

  it("takes a new address in the same step, the contact prefilled from the account", async () => {
    const server = checkoutServer({ contacts: [] });
    const user = userEvent.setup();
    renderPage("/checkout");

    await waitFor(() => expect(screen.getByLabelText("First name")).toHaveValue("Ann"));
    expect(screen.getByLabelText("Last name")).toHaveValue("Lee");
    expect(screen.getByLabelText("E-mail")).toHaveValue("ann@example.com");
    expect(screen.getByRole("region", { name: "Delivery by Svyaznoy" })).toHaveTextContent("1 item · ₽75,000.00");
    expect(screen.getByRole("region", { name: "Delivery by Euroset" })).toHaveTextContent("2 items · ₽120,000.00");
    await user.type(screen.getByLabelText("Phone"), "89001112233");
    await user.type(screen.getByLabelText("City"), "Kazan");
    await user.type(screen.getByLabelText("Street"), "Baumana");
    await user.type(screen.getByLabelText("House"), "7");
    await user.click(await placeButton());

    expect(await screen.findByText("Enter a valid phone number.")).toBeInTheDocument();
    expect(screen.getByLabelText("Phone")).toHaveAttribute("aria-invalid", "true");
    expect(server.callsTo("POST", "/api/v1/confirm-order/")).toHaveLength(0);

    await user.clear(screen.getByLabelText("Phone"));
    await user.type(screen.getByLabelText("Phone"), "+79001112233");
    await user.click(await placeButton());

    await waitFor(() => expect(server.callsTo("POST", "/api/v1/confirm-order/")).toHaveLength(1));
    expect(server.callsTo("POST", "/api/v1/confirm-order/")[0].body).toEqual({ contact_id: 9, ...SHOWN });
    expect(server.callsTo("POST", "/api/v1/contacts/").at(-1)!.body).toEqual({
      first_name: "Ann",
      last_name: "Lee",
      email: "ann@example.com",
      phone: "+79001112233",
      city: "Kazan",
      street: "Baumana",
      house: "7",
    });
  });

  it("shows which lines lack stock and uses a new key for the next attempt", async () => {
    let answer: Reply = {
      status: 409,
      body: { detail: "Not enough stock.", items: [{ product_info_id: 22, requested: 2, available: 1 }] },
    };
    const server = checkoutServer({ confirm: () => answer });
    const user = userEvent.setup();
    renderPage("/checkout");

    await user.click(await placeButton());

    expect(await screen.findByText(/Galaxy S24: you asked for 2, 1 available/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Adjust your cart" })).toHaveAttribute("href", "/cart");

    answer = { status: 201, body: ORDER };
    await user.click(await placeButton());
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/orders/42"));
    const keys = server.callsTo("POST", "/api/v1/confirm-order/").map((call) => call.headers["idempotency-key"]);
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it("shows the lines whose price changed and places the order only once the new total is confirmed", async () => {
    const changed = {
      status: 409,
      body: {
        detail: "The total has changed.",
        code: "total_changed",
        expected_total: "195000.00",
        total: "215000.00",
        lines: [
          { product_info_id: 22, product_name: "Galaxy S24", offer_name: "Galaxy S24", shop_name: "Euroset", quantity: 2, old_price: "60000.00", price: "70000.00" },
        ],
      },
    };
    const server = checkoutServer({
      confirm: (call) => ((call.body as { expected_total: string }).expected_total === "215000.00" ? { status: 201, body: ORDER } : changed),
    });
    const user = userEvent.setup();
    renderPage("/checkout");

    await user.click(await placeButton());

    expect(await screen.findByText(/The total is now ₽215,000\.00/)).toBeInTheDocument();
    expect(screen.getByText("Galaxy S24 × 2: ₽60,000.00 → ₽70,000.00")).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/checkout");

    await user.click(screen.getByRole("button", { name: "Place the order for ₽215,000.00" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/orders/42?placed=1"));
    const bodies = server.callsTo("POST", "/api/v1/confirm-order/").map((call) => call.body);
    expect(bodies).toEqual([
      { contact_id: 5, ...SHOWN },
      {
        contact_id: 5,
        expected_total: "215000.00",
        expected_prices: [
          { product_info_id: 11, price: "75000.00" },
          { product_info_id: 22, price: "70000.00" },
        ],
      },
    ]);
  });

  it("retries with the same key when the answer was lost, so no second order is made", async () => {
    let lose = true;
    const server = checkoutServer();
    const realFetch = server.fetchMock.getMockImplementation()!;
    server.fetchMock.mockImplementation(async (input, init) => {
      const response = await realFetch(input, init);
      if (String(input).includes("confirm-order") && lose) {
        lose = false;
        throw new TypeError("Failed to fetch");
      }
      return response;
    });
    const user = userEvent.setup();
    renderPage("/checkout");

    await user.click(await placeButton());
    expect(await screen.findByText(/can't be reached/)).toBeInTheDocument();
    await user.click(await placeButton());

    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/orders/42"));
    const keys = server.callsTo("POST", "/api/v1/confirm-order/").map((call) => call.headers["idempotency-key"]);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    expect(server.ordersByKey.size).toBe(1);
  });
});
