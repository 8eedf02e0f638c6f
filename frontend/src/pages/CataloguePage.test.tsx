import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { OfferListItem } from "../api/types";
import { fakeApi } from "../test/fakeApi";
import { renderPage } from "../test/renderPage";
import { changeLanguage } from "../i18n";
import { readGuestCart } from "../state/guestCart";

const offer = (id: number, shop: string, quantity = 5): OfferListItem => ({
  id,
  name: "iPhone 15 128GB Black",
  product_id: 1,
  product_name: "Apple iPhone 15",
  product_category_name: "Smartphones",
  shop_id: id,
  shop_name: shop,
  product_parameters: [{ parameter_name: "Storage (GB)", value: "128" }],
  price: "79990.00",
  price_rrc: "87990.00",
  quantity,
  image: null,
});

const refs = (names: string[]) => ({ count: names.length, next: null, previous: null, results: names.map((name, i) => ({ id: i + 1, name })) });

function catalogueServer(offers: OfferListItem[], count = offers.length) {
  return fakeApi({
    "GET /api/v1/product-infos/": { body: { count, next: null, previous: null, results: offers } },
    "GET /api/v1/categories/": { body: refs(["Smartphones", "Laptops"]) },
    "GET /api/v1/shops/": { body: refs(["TechMarket", "Gadget House"]) },
  });
}

describe("CataloguePage", () => {
  it("shows offers with shop, price, RRC, stock and specifications", async () => {
    catalogueServer([offer(1, "TechMarket"), offer(2, "Gadget House", 0)]);
    renderPage("/", { loggedIn: false });
    expect(await screen.findByRole("heading", { name: "2 offers" })).toBeInTheDocument();
    const first = screen.getByText("TechMarket", { selector: "strong" }).closest("li")!;
    expect(within(first).getByText("₽79,990.00")).toBeInTheDocument();
    expect(within(first).getByText("₽87,990.00")).toBeInTheDocument();
    expect(within(first).getByText("128 GB")).toBeInTheDocument();
    expect(within(first).getByRole("link", { name: "Apple iPhone 15 — iPhone 15 128GB Black" })).toBeInTheDocument();
    const second = screen.getByText("Gadget House", { selector: "strong" }).closest("li")!;
    expect(within(second).getByRole("button", { name: "Out of stock" })).toBeDisabled();
  });

  it("lets a guest add to a cart kept in the browser, and moves focus to what happened", async () => {
    catalogueServer([offer(1, "TechMarket")]);
    const user = userEvent.setup();
    renderPage("/", { loggedIn: false });
    const button = await screen.findByRole("button", { name: /^Add .* TechMarket to cart$/ });

    await user.click(button);

    const outcome = screen.getByTestId("add-outcome");
    expect(outcome).toHaveTextContent("is in your cart");
    expect(outcome).toHaveFocus();
    expect(readGuestCart()).toEqual([expect.objectContaining({ product_info_id: 1, quantity: 1, shop_name: "TechMarket" })]);
  });

  it("renders in Russian with Russian money", async () => {
    await changeLanguage("ru");
    catalogueServer([offer(1, "TechMarket")]);
    renderPage("/", { loggedIn: false });
    expect(await screen.findByRole("heading", { name: "1 предложение" })).toBeInTheDocument();
    expect(screen.getByText("79 990,00 ₽")).toBeInTheDocument();
    expect(document.title).toBe("Каталог · Order Service");
  });

  it("sends search, filters, sort and page to the API", async () => {
    const server = catalogueServer([offer(1, "TechMarket")], 30);
    const user = userEvent.setup();
    renderPage("/?search=iphone", { loggedIn: false });
    await screen.findByRole("heading", { name: "30 offers" });
    await screen.findByRole("option", { name: "Gadget House" });
    await screen.findByRole("option", { name: "Laptops" });

    await user.selectOptions(screen.getByLabelText("Category"), "Laptops");
    await user.selectOptions(screen.getByLabelText("Shop"), "Gadget House");
    await user.selectOptions(screen.getByLabelText("Sort by"), "Price: low to high");
    await user.type(screen.getByLabelText("Minimum price"), "1000");
    await user.type(screen.getByLabelText("Maximum price"), "90000");
    await user.click(screen.getByRole("button", { name: "Apply price" }));
    await user.click(await screen.findByRole("button", { name: "Next →" }));

    await screen.findByText("Page 2 of 3");
    expect(server.callsTo("GET", "/api/v1/product-infos/").at(-1)!.query).toEqual({
      search: "iphone",
      category_id: "2",
      shop_id: "2",
      ordering: "price",
      price_min: "1000",
      price_max: "90000",
      page: "2",
      page_size: "12",
    });
  });

  it("has a helpful empty state", async () => {
    catalogueServer([]);
    renderPage("/?search=zzz", { loggedIn: false });
    expect(await screen.findByText("No offers match")).toBeInTheDocument();
    expect(screen.getAllByRole("button", { name: "Clear all filters" }).length).toBeGreaterThan(0);
  });

  it("shows an error with a retry when the API fails", async () => {
    let fail = true;
    fakeApi({
      "GET /api/v1/product-infos/": () =>
        fail ? { status: 503, body: { detail: "Down for maintenance." } } : { body: { count: 1, next: null, previous: null, results: [offer(1, "TechMarket")] } },
      "GET /api/v1/categories/": { body: refs([]) },
      "GET /api/v1/shops/": { body: refs([]) },
    });
    const user = userEvent.setup();
    renderPage("/", { loggedIn: false });
    expect(await screen.findByText("Down for maintenance.")).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { name: "1 offer" })).toBeInTheDocument();
  });
});
