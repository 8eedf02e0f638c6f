import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeApi } from "../test/fakeApi";
import { renderPage } from "../test/renderPage";

const SUGGESTIONS = {
  products: [
    { id: 1, name: "Apple iPhone 15" },
    { id: 2, name: "Apple iPhone 15 Pro" },
  ],
  categories: [{ id: 3, name: "Smartphones" }],
};

function searchServer() {
  return fakeApi({
    "GET /api/v1/suggestions/": (call) => ({
      body: call.query.q === "sm" ? { products: [], categories: [{ id: 3, name: "Smartphones" }] } : SUGGESTIONS,
    }),
    "GET /api/v1/products/": { body: { count: 0, next: null, previous: null, results: [] } },
    "GET /api/v1/products/facets/": {
      body: { categories: [], shops: [], parameters: [], price: { min: null, max: null } },
    },
  });
}

async function typeAndWait(text: string, path = "/") {
  const user = userEvent.setup();
  renderPage(path, { loggedIn: false, layout: true });
  const box = screen.getByRole("combobox", { name: "Search products" });
  await user.clear(box);
  await user.type(box, text);
  await screen.findByRole("listbox", { name: "Suggestions" });
  return { user, box };
}

const location = () => screen.getByTestId("location");

describe("HeaderSearch suggestions", () => {
  it("suggest products and categories for what is typed, once typing pauses", async () => {
    const server = searchServer();
    const { box } = await typeAndWait("iph");

    expect(box).toHaveAttribute("aria-expanded", "true");
    const list = screen.getByRole("listbox", { name: "Suggestions" });
    expect(within(list).getByRole("group", { name: "Products" })).toHaveTextContent("Apple iPhone 15 Pro");
    expect(within(list).getByRole("group", { name: "Categories" })).toHaveTextContent("Smartphones");
    expect(within(list).getAllByRole("option")).toHaveLength(3);
    // Debounced: the letters typed one by one make one request for the whole word.
    expect(server.callsTo("GET", "/api/v1/suggestions/").map((call) => call.query.q)).toEqual(["iph"]);
  });

  it("are for the text now in the box, not for the search it held before", async () => {
    const server = searchServer();
    const { box } = await typeAndWait("sm", "/?search=apple");

    expect(within(screen.getByRole("listbox")).getAllByRole("option").map((option) => option.textContent)).toEqual([
      "Smartphones",
    ]);
    expect(server.callsTo("GET", "/api/v1/suggestions/").map((call) => call.query.q)).toEqual(["sm"]);
    await userEvent.setup().type(box, "{Backspace}{Backspace}ap");
    expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
    expect(await screen.findByRole("option", { name: "Apple iPhone 15" })).toBeInTheDocument();
  });

  it("walk with the arrow keys and open the chosen product with Enter", async () => {
    searchServer();
    const { user, box } = await typeAndWait("iph");
    const options = screen.getAllByRole("option");

    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(box).toHaveAttribute("aria-activedescendant", options[1].id);
    expect(options[1]).toHaveAttribute("aria-selected", "true");
    expect(options[0]).toHaveAttribute("aria-selected", "false");
    await user.keyboard("{ArrowUp}{ArrowUp}");
    expect(box).not.toHaveAttribute("aria-activedescendant");
    await user.keyboard("{ArrowUp}");
    expect(box).toHaveAttribute("aria-activedescendant", options[2].id);
    await user.keyboard("{ArrowDown}{ArrowDown}{Enter}");

    expect(location()).toHaveTextContent(/^\/products\/1$/);
    expect(box).toHaveValue("");
    expect(box).toHaveAttribute("aria-expanded", "false");
  });

  it("filter the catalogue by a chosen category", async () => {
    const server = searchServer();
    const { user } = await typeAndWait("smart");

    await user.keyboard("{ArrowUp}{Enter}");

    expect(location()).toHaveTextContent(/^\/\?category_id=3$/);
    await waitFor(() => expect(server.callsTo("GET", "/api/v1/products/").at(-1)!.query.category_id).toBe("3"));
  });

  it("close with Escape, after which Enter searches for the typed text", async () => {
    searchServer();
    const { user, box } = await typeAndWait("iph");

    await user.keyboard("{ArrowDown}{Escape}");
    expect(box).toHaveAttribute("aria-expanded", "false");
    expect(box).not.toHaveAttribute("aria-activedescendant");
    expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
    await user.keyboard("{Enter}");

    expect(location()).toHaveTextContent(/^\/\?search=iph$/);
  });

  it("take a click too", async () => {
    searchServer();
    const { user } = await typeAndWait("iph");

    await user.click(screen.getByRole("option", { name: "Apple iPhone 15 Pro" }));

    expect(location()).toHaveTextContent(/^\/products\/2$/);
  });
});
