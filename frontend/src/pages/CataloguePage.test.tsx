import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { CatalogueFacets, ProductCard } from "../api/types";
import { fakeApi, type Call } from "../test/fakeApi";
import { renderPage } from "../test/renderPage";
import { changeLanguage } from "../i18n";

const card = (id: number, name: string, changes: Partial<ProductCard> = {}): ProductCard => ({
  id,
  name,
  image: null,
  category: { id: 1, name: "Smartphones" },
  min_price: "79990.00",
  min_price_shop: { id: 1, name: "TechMarket" },
  shop_count: 3,
  in_stock: true,
  ...changes,
});

const page = (results: ProductCard[], count = results.length) => ({ count, next: null, previous: null, results });

const NO_FACETS: CatalogueFacets = { categories: [], shops: [], parameters: [], price: { min: null, max: null } };

/** Facets that depend on the query, as the API's do: a chosen category leaves only its own products. */
function facetsFor(call: Call): CatalogueFacets {
  const laptops = call.query.category_id === "2";
  return {
    categories: laptops
      ? [{ id: 2, name: "Laptops", count: 4 }]
      : [
          { id: 1, name: "Smartphones", count: 12 },
          { id: 2, name: "Laptops", count: 4 },
        ],
    shops: [
      { id: 1, name: "TechMarket", count: laptops ? 3 : 15 },
      { id: 2, name: "Gadget House", count: laptops ? 2 : 9 },
    ],
    parameters: [{ id: 5, name: "Colour", values: [{ value: "Black", count: laptops ? 1 : 7 }] }],
    price: laptops ? { min: "55000.00", max: "120000.00" } : { min: "9990.00", max: "120000.00" },
  };
}

function catalogueServer(products: ProductCard[], count = products.length) {
  return fakeApi({
    "GET /api/v1/products/": { body: page(products, count) },
    "GET /api/v1/products/facets/": (call) => ({ body: facetsFor(call) }),
  });
}

describe("CataloguePage", () => {
  it("shows one card per product: its lowest price and shop, how many shops, stock, a link to compare", async () => {
    const server = catalogueServer([card(1, "Apple iPhone 15"), card(2, "Galaxy S24", { shop_count: 1, in_stock: false })]);
    // A sort of the offer list this page once was is not one of products/, whose default takes its place.
    renderPage("/?ordering=-quantity", { loggedIn: false });
    expect(await screen.findByRole("heading", { name: "2 products" })).toBeInTheDocument();
    expect(server.callsTo("GET", "/api/v1/products/")[0].query).toEqual({ page: "1", page_size: "12" });

    const cards = within(screen.getByRole("region", { name: "2 products" })).getAllByRole("listitem");
    expect(cards).toHaveLength(2);
    const [iphone, galaxy] = cards;
    expect(within(iphone).getByRole("link", { name: "Apple iPhone 15" })).toHaveAttribute("href", "/products/1");
    expect(iphone).toHaveTextContent("from ₽79,990.00 at TechMarket");
    expect(iphone).toHaveTextContent("3 shops");
    expect(iphone).toHaveTextContent("In stock");
    expect(within(iphone).getByText("Smartphones")).toBeInTheDocument();
    expect(galaxy).toHaveTextContent("1 shop");
    expect(galaxy).toHaveTextContent("Out of stock");
  });

  it("opens the product page, which compares every shop's offer and links back to the same results", async () => {
    const offer = (id: number, shop: string, price: string) => ({
      id,
      name: "Apple iPhone 15 128GB Black",
      shop_name: shop,
      price,
      price_rrc: "89990.00",
      quantity: 2,
      product_parameters: [],
    });
    fakeApi({
      "GET /api/v1/products/": { body: page([card(1, "Apple iPhone 15")], 20) },
      "GET /api/v1/products/facets/": { body: NO_FACETS },
      "GET /api/v1/products/1/": {
        body: {
          id: 1,
          name: "Apple iPhone 15",
          category_name: "Smartphones",
          image: null,
          product_infos: [offer(11, "Gadget House", "81990.00"), offer(12, "TechMarket", "79990.00")],
        },
      },
    });
    const user = userEvent.setup();
    renderPage("/?search=apple&page=2", { loggedIn: false });

    await user.click(await screen.findByRole("link", { name: "Apple iPhone 15" }));

    expect(await screen.findByRole("heading", { name: "Apple iPhone 15", level: 1 })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Add Apple iPhone 15 from TechMarket to cart" })).toBeEnabled();
    expect(screen.getByRole("button", { name: "Add Apple iPhone 15 from Gadget House to cart" })).toBeEnabled();
    expect(screen.getByRole("link", { name: "← All products" })).toHaveAttribute("href", "/?search=apple&page=2");
  });

  it("on a phone, opens the filters as a sheet that shows the result count and closes on Escape", async () => {
    vi.stubGlobal("matchMedia", (query: string) => ({
      matches: query === "(max-width: 860px)",
      addEventListener: () => {},
      removeEventListener: () => {},
    }));
    await changeLanguage("ru");
    catalogueServer([card(1, "Apple iPhone 15")], 5);
    const user = userEvent.setup();
    renderPage("/", { loggedIn: false });
    await screen.findByRole("heading", { name: "5 товаров" });
    expect(screen.queryByRole("group", { name: "Магазин" })).not.toBeInTheDocument();

    const toggle = screen.getByRole("button", { name: "Фильтры" });
    await user.click(toggle);
    const sheet = screen.getByRole("dialog", { name: "Фильтры" });
    expect(sheet).toHaveFocus();
    expect(await within(sheet).findByRole("group", { name: "Магазин" })).toBeInTheDocument();
    expect(within(sheet).getByRole("button", { name: "Показать 5 товаров" })).toBeInTheDocument();

    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(toggle).toHaveFocus();
  });

  it("renders in Russian with Russian money", async () => {
    await changeLanguage("ru");
    catalogueServer([card(1, "Apple iPhone 15", { shop_count: 2 })]);
    renderPage("/", { loggedIn: false });
    expect(await screen.findByRole("heading", { name: "1 товар" })).toBeInTheDocument();
    expect(screen.getByText("79 990,00 ₽")).toBeInTheDocument();
    expect(screen.getByText("2 магазина")).toBeInTheDocument();
    expect(document.title).toBe("Каталог · Order Service");
  });

  it("shows facets with counts; choosing one narrows the products and refreshes the counts", async () => {
    const server = catalogueServer([card(1, "Apple iPhone 15")], 16);
    const user = userEvent.setup();
    renderPage("/?search=apple", { loggedIn: false });

    const smartphones = await screen.findByRole("button", { name: "Smartphones: 12 products" });
    expect(smartphones).toHaveAttribute("aria-pressed", "false");
    expect(screen.getByRole("button", { name: "TechMarket: 15 products" })).toBeInTheDocument();
    expect(screen.getByRole("group", { name: "Colour" })).toHaveTextContent("Black7");
    expect(screen.getByText("From ₽9,990.00 to ₽120,000.00 here")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Laptops: 4 products" }));

    expect(await screen.findByRole("button", { name: "TechMarket: 3 products" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Laptops: 4 products" })).toHaveAttribute("aria-pressed", "true");
    expect(screen.queryByRole("button", { name: /^Smartphones/ })).not.toBeInTheDocument();
    const query = { search: "apple", category_id: "2" };
    expect(server.callsTo("GET", "/api/v1/products/facets/").at(-1)!.query).toEqual(query);
    expect(server.callsTo("GET", "/api/v1/products/").at(-1)!.query).toEqual({ ...query, page: "1", page_size: "12" });
    expect(screen.getByTestId("location")).toHaveTextContent("/?search=apple&category_id=2");

    await user.click(screen.getByRole("button", { name: "Black: 1 product" }));
    await waitFor(() =>
      expect(server.callsTo("GET", "/api/v1/products/facets/").at(-1)!.query).toEqual({
        ...query,
        parameter_name: "Colour",
        parameter_value: "Black",
      }),
    );

    await user.click(screen.getAllByRole("button", { name: "Reset filters" })[0]);
    expect(await screen.findByRole("button", { name: "Smartphones: 12 products" })).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/\?search=apple$/);
  });

  it("sends the shop, stock, price range, sort and page to the API and keeps them in the URL", async () => {
    const server = catalogueServer([card(1, "Apple iPhone 15")], 30);
    const user = userEvent.setup();
    renderPage("/?search=iphone", { loggedIn: false });
    await user.click(await screen.findByRole("button", { name: "Gadget House: 9 products" }));
    await user.click(screen.getByRole("checkbox", { name: "In stock only" }));
    await user.selectOptions(screen.getByLabelText("Sort by"), "Price: low to high");
    await user.type(screen.getByLabelText("Minimum price"), "1000");
    await user.type(screen.getByLabelText("Maximum price"), "90000");
    await user.click(screen.getByRole("button", { name: "Apply price" }));
    await user.click(await screen.findByRole("button", { name: "Next →" }));

    await screen.findByText("Page 2 of 3");
    const filters = { search: "iphone", shop_id: "2", in_stock: "true", price_min: "1000", price_max: "90000" };
    expect(server.callsTo("GET", "/api/v1/products/").at(-1)!.query).toEqual({
      ...filters,
      ordering: "price",
      page: "2",
      page_size: "12",
    });
    // Paging and sorting do not change the counts, so they are not asked for again.
    expect(server.callsTo("GET", "/api/v1/products/facets/").at(-1)!.query).toEqual(filters);
    expect(screen.getByTestId("location")).toHaveTextContent("page=2");
  });

  it("has a helpful empty state that resets the filters or drops the search", async () => {
    fakeApi({
      "GET /api/v1/products/": (call) => ({ body: page(call.query.shop_id ? [] : [card(1, "Apple iPhone 15")]) }),
      "GET /api/v1/products/facets/": { body: NO_FACETS },
    });
    const user = userEvent.setup();
    renderPage("/?search=zzz&shop_id=2", { loggedIn: false });
    expect(await screen.findByText("No products match")).toBeInTheDocument();
    expect(screen.getByText(/Nothing matches “zzz” with these filters/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Show the whole catalogue" })).toHaveAttribute("href", "/");

    const resets = screen.getAllByRole("button", { name: "Reset filters" });
    await user.click(resets[resets.length - 1]);

    expect(await screen.findByRole("heading", { name: "1 product" })).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/\?search=zzz$/);
  });

  it("hints at the spelling when only a search finds nothing", async () => {
    fakeApi({
      "GET /api/v1/products/": { body: page([]) },
      "GET /api/v1/products/facets/": { body: NO_FACETS },
    });
    renderPage("/?search=zzz", { loggedIn: false });
    expect(await screen.findByText("Nothing matches “zzz”. Check the spelling or try a shorter word.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Reset filters" })).not.toBeInTheDocument();
  });

  it("shows an error with a retry when the API fails", async () => {
    let fail = true;
    fakeApi({
      "GET /api/v1/products/": () =>
        fail ? { status: 503, body: { detail: "Down for maintenance." } } : { body: page([card(1, "Apple iPhone 15")]) },
      "GET /api/v1/products/facets/": { body: NO_FACETS },
    });
    const user = userEvent.setup();
    renderPage("/", { loggedIn: false });
    expect(await screen.findByText("Down for maintenance.")).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { name: "1 product" })).toBeInTheDocument();
  });
});
