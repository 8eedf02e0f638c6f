import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Cart } from "../api/types";
import { ME, fakeApi, type Call } from "../test/fakeApi";
import { renderPage } from "../test/renderPage";
import { readGuestCart, writeGuestCart } from "../state/guestCart";

function cartWith(lines: { id: number; name: string; shop: string; price: number; quantity: number }[]): Cart {
  const items = lines.map((line) => ({
    id: line.id,
    product_info_id: line.id * 10,
    product_name: line.name,
    offer_name: "",
    // Only the first line's product has a picture.
    image: line.id === 1 ? { thumbnail: "/media/images/iphone.fill-300x300.png" } : null,
    shop_name: line.shop,
    price: line.price.toFixed(2),
    quantity: line.quantity,
    total_price: (line.price * line.quantity).toFixed(2),
    product_id: line.id * 100,
    // What the cart last saw; the server's `stock` below may have dropped since.
    available: 5,
    withdrawn: false,
  }));
  const total = items.reduce((sum, item) => sum + Number(item.total_price), 0);
  return { id: 1, items, total_price: total.toFixed(2), updated_at: "2026-11-27T00:00:00Z" };
}

/** A cart server with real arithmetic and a stock limit per line. */
function cartServer(stock: Record<number, number>) {
  let cart = cartWith([
    { id: 1, name: "iPhone 15", shop: "Svyaznoy", price: 75000, quantity: 1 },
    { id: 2, name: "Galaxy S24", shop: "Euroset", price: 60000, quantity: 2 },
  ]);
  const rebuild = (items: Cart["items"]) =>
    cartWith(
      items.map((i) => ({ id: i.id, name: i.product_name, shop: i.shop_name, price: Number(i.price), quantity: i.quantity })),
    );
  const setQuantity = (call: Call) => {
    const id = Number(call.path.split("/").at(-2));
    const quantity = (call.body as { quantity: number }).quantity;
    if (quantity > stock[id]) return { status: 409, body: { detail: "Not enough stock.", available: stock[id] } };
    cart = rebuild(cart.items.map((item) => (item.id === id ? { ...item, quantity } : item)));
    return { body: cart.items.find((item) => item.id === id) };
  };
  const remove = (call: Call) => {
    const id = Number(call.path.split("/").at(-2));
    cart = rebuild(cart.items.filter((item) => item.id !== id));
    return { status: 204 };
  };
  return fakeApi({
    "GET /api/v1/users/me/": { body: ME },
    "GET /api/v1/cart/": () => ({ body: cart }),
    "PATCH /api/v1/cart/item/1/": setQuantity,
    "PATCH /api/v1/cart/item/2/": setQuantity,
    "DELETE /api/v1/cart/item/1/": remove,
    "DELETE /api/v1/cart/": () => {
      cart = rebuild([]);
      return { status: 204 };
    },
  });
}

const line = (name: string) => screen.getByRole("heading", { name }).closest("li")!;

describe("CartPage", () => {
  it("lists the lines with their shops and the total", async () => {
    cartServer({ 1: 5, 2: 5 });
    renderPage("/cart");
    expect(await screen.findByRole("heading", { name: "iPhone 15" })).toBeInTheDocument();
    expect(within(line("iPhone 15")).getByText("Svyaznoy")).toBeInTheDocument();
    expect(within(line("Galaxy S24")).getByText("₽120,000.00")).toBeInTheDocument();
    expect(screen.getByTestId("cart-total")).toHaveTextContent("₽195,000.00");
    expect(screen.getByText("3 items from 2 shops")).toBeInTheDocument();
  });

  it("shows a line whose offer was withdrawn as no longer on sale, outside the total", async () => {
    const cart = cartWith([
      { id: 1, name: "iPhone 15", shop: "Svyaznoy", price: 75000, quantity: 1 },
      { id: 2, name: "Galaxy S24", shop: "Euroset", price: 60000, quantity: 2 },
    ]);
    cart.items[1] = { ...cart.items[1], withdrawn: true, available: 0 };
    // the server leaves withdrawn lines out of the total
    fakeApi({ "GET /api/v1/users/me/": { body: ME }, "GET /api/v1/cart/": { body: { ...cart, total_price: "75000.00" } } });
    renderPage("/cart");
    await screen.findByRole("heading", { name: "Galaxy S24" });
    expect(within(line("Galaxy S24")).getByText(/No longer on sale/)).toBeInTheDocument();
    expect(within(line("Galaxy S24")).queryByRole("button", { name: "One more Galaxy S24" })).toBeNull();
    expect(within(line("Galaxy S24")).queryByText("₽120,000.00")).toBeNull();
    expect(within(line("iPhone 15")).queryByText(/No longer on sale/)).toBeNull();
    expect(screen.getByTestId("cart-total")).toHaveTextContent("₽75,000.00");
  });

  it("shows each line's picture, or the product's initials when it has none", async () => {
    cartServer({ 1: 5, 2: 5 });
    renderPage("/cart");
    await screen.findByRole("heading", { name: "iPhone 15" });
    expect(line("iPhone 15").querySelector(".cart-line-image img")).toHaveAttribute(
      "src",
      "/media/images/iphone.fill-300x300.png",
    );
    expect(line("Galaxy S24").querySelector(".cart-line-image img")).toBeNull();
    expect(line("Galaxy S24").querySelector(".cart-line-image .placeholder")).toHaveTextContent("GS");
  });

  it("says when the cart cannot be loaded and loads it on a retry", async () => {
    let down = true;
    const cart = cartWith([{ id: 1, name: "iPhone 15", shop: "Svyaznoy", price: 75000, quantity: 1 }]);
    fakeApi({
      "GET /api/v1/users/me/": { body: ME },
      "GET /api/v1/cart/": () => (down ? { status: 503, body: { detail: "Down for maintenance." } } : { body: cart }),
    });
    const user = userEvent.setup();
    renderPage("/cart");
    expect(await screen.findByText("Your cart could not be loaded.")).toBeInTheDocument();
    down = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { name: "iPhone 15" })).toBeInTheDocument();
    expect(screen.getByTestId("cart-total")).toHaveTextContent("₽75,000.00");
  });

  it("changes a quantity and shows the new totals", async () => {
    const server = cartServer({ 1: 5, 2: 5 });
    const user = userEvent.setup();
    renderPage("/cart");
    await screen.findByRole("heading", { name: "iPhone 15" });

    await user.click(screen.getByRole("button", { name: "One more iPhone 15" }));

    await waitFor(() => expect(screen.getByTestId("cart-total")).toHaveTextContent("₽270,000.00"));
    expect(server.callsTo("PATCH", "/api/v1/cart/item/1/")[0].body).toEqual({ quantity: 2 });
    await waitFor(() => expect(screen.getByLabelText("Quantity of iPhone 15")).toHaveValue(2));
  });

  it("corrects a quantity over the stock to what the shop has, next to the line it belongs to", async () => {
    const server = cartServer({ 1: 5, 2: 3 });
    const user = userEvent.setup();
    renderPage("/cart");
    await screen.findByRole("heading", { name: "Galaxy S24" });

    const input = screen.getByLabelText("Quantity of Galaxy S24");
    await user.clear(input);
    await user.type(input, "9{Enter}");

    const error = await within(line("Galaxy S24")).findByRole("alert");
    await waitFor(() => expect(error).toHaveTextContent("Only 3 available — the quantity was corrected."));
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(within(line("iPhone 15")).queryByRole("alert")).toBeNull();
    // 9 is over the 5 the cart knows of, and the server has only 3 left by now.
    expect(server.callsTo("PATCH", "/api/v1/cart/item/2/").map((call) => call.body)).toEqual([
      { quantity: 5 },
      { quantity: 3 },
    ]);
    await waitFor(() => expect(screen.getByTestId("cart-total")).toHaveTextContent("₽255,000.00"));
    expect(input).toHaveValue(3);
  });

  it("removes a line", async () => {
    const server = cartServer({ 1: 5, 2: 5 });
    const user = userEvent.setup();
    renderPage("/cart");
    await screen.findByRole("heading", { name: "iPhone 15" });

    await user.click(screen.getByRole("button", { name: "Remove iPhone 15" }));

    await waitFor(() => expect(screen.queryByRole("heading", { name: "iPhone 15" })).toBeNull());
    expect(server.callsTo("DELETE", "/api/v1/cart/item/1/")).toHaveLength(1);
    expect(screen.getByTestId("cart-total")).toHaveTextContent("₽120,000.00");
  });

  it("shows a friendly empty state once the cart is emptied", async () => {
    cartServer({ 1: 5, 2: 5 });
    const user = userEvent.setup();
    renderPage("/cart");
    await screen.findByRole("heading", { name: "iPhone 15" });

    await user.click(screen.getByRole("button", { name: "Empty the cart" }));

    expect(await screen.findByText("Your cart is empty")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Start shopping" })).toHaveAttribute("href", "/");
  });

  it("keeps a guest's cart in the browser, capped at the stock, and asks to log in to check out", async () => {
    fakeApi({});
    writeGuestCart([
      {
        product_info_id: 11,
        product_id: 1,
        product_name: "iPhone 15",
        thumbnail: "/media/images/iphone.fill-300x300.png",
        shop_name: "Svyaznoy",
        price: "75000.00",
        available: 2,
        quantity: 1,
      },
    ]);
    const user = userEvent.setup();
    renderPage("/cart", { loggedIn: false });
    expect(await screen.findByRole("link", { name: "iPhone 15" })).toHaveAttribute("href", "/products/1");
    expect(line("iPhone 15").querySelector(".cart-line-image img")).toHaveAttribute(
      "src",
      "/media/images/iphone.fill-300x300.png",
    );

    const input = screen.getByLabelText("Quantity of iPhone 15");
    await user.clear(input);
    await user.type(input, "7{Enter}");

    expect(screen.getByTestId("cart-total")).toHaveTextContent("₽150,000.00");
    expect(within(line("iPhone 15")).getByRole("alert")).toHaveTextContent("Only 2 available");
    expect(screen.getByRole("button", { name: "One more iPhone 15" })).toBeDisabled();
    expect(readGuestCart()[0].quantity).toBe(2);
    expect(screen.getByRole("link", { name: "Log in to check out" })).toHaveAttribute("href", "/login?next=%2Fcheckout");
  });
});
