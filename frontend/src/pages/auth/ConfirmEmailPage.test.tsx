import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { REFRESH_STORAGE_KEY } from "../../api/client";
import { readGuestCart, writeGuestCart } from "../../state/guestCart";
import { ME, fakeApi } from "../../test/fakeApi";
import { renderPage } from "../../test/renderPage";
import { NEXT_STORAGE_KEY } from "./next";

const LINK = "0b6c9a52-1f1e-4e55-9d43-6a1f0e1c2d3e";
const CONFIRM = `POST /api/v1/confirm-email/${LINK}/`;
const EMPTY_CART = { id: 1, items: [], total_price: "0.00", updated_at: "" };

/** The API's first answer right after the link confirmed the account. */
function confirmingLogsIn() {
  return fakeApi({
    [CONFIRM]: { body: { detail: "Your e-mail address is confirmed; you are logged in.", access: "acc", refresh: "ref" } },
    "GET /api/v1/users/me/": { body: ME },
    "GET /api/v1/cart/": { body: EMPTY_CART },
    "POST /api/v1/cart/merge/": { body: EMPTY_CART },
  });
}

describe("e-mail confirmation", () => {
  it("posts the token of the e-mailed link once (a GET never logs in)", async () => {
    const server = fakeApi({ [CONFIRM]: { body: { detail: "ok" } } });
    renderPage(`/confirm-email/${LINK}`, { loggedIn: false });
    expect(await screen.findByRole("heading", { name: "E-mail confirmed" })).toBeInTheDocument();
    expect(server.calls.filter((call) => call.path.includes("confirm-email"))).toHaveLength(1);
    expect(screen.getByRole("link", { name: "Log in" })).toHaveAttribute("href", "/login?confirmed=1");
    expect(localStorage.getItem(REFRESH_STORAGE_KEY)).toBeNull();
  });

  it("logs the customer in with the pair of the first answer, merging the guest cart like a login", async () => {
    const server = confirmingLogsIn();
    writeGuestCart([
      {
        product_info_id: 5,
        product_id: 2,
        product_name: "Phone",
        shop_name: "Shop",
        price: "10.00",
        available: 3,
        quantity: 2,
      },
    ]);
    renderPage(`/confirm-email/${LINK}`, { loggedIn: false });

    expect(await screen.findByText("Your e-mail is confirmed and you are logged in. Welcome aboard!")).toBeInTheDocument();
    expect(localStorage.getItem(REFRESH_STORAGE_KEY)).toBe("ref");
    expect(server.callsTo("GET", "/api/v1/users/me/")[0].headers.authorization).toBe("Bearer acc");
    expect(server.callsTo("POST", "/api/v1/cart/merge/")[0].body).toEqual({ items: [{ product_info_id: 5, quantity: 2 }] });
    expect(readGuestCart()).toEqual([]);
  });

  it("goes on to where the visitor was heading before registering", async () => {
    confirmingLogsIn();
    localStorage.setItem(NEXT_STORAGE_KEY, "/cart");
    renderPage(`/confirm-email/${LINK}`, { loggedIn: false });

    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/cart"));
    expect(localStorage.getItem(NEXT_STORAGE_KEY)).toBeNull();
    expect(localStorage.getItem(REFRESH_STORAGE_KEY)).toBe("ref");
  });

  it("says when the link has expired", async () => {
    fakeApi({
      "POST /api/v1/confirm-email/old/": { status: 400, body: { detail: "This link has expired; a new one is on its way." } },
    });
    renderPage("/confirm-email/old", { loggedIn: false });
    expect(await screen.findByText("This link has expired; a new one is on its way.")).toBeInTheDocument();
  });
});
