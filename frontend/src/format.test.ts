import { describe, expect, it } from "vitest";

import { lineName } from "./format";

describe("lineName", () => {
  it("names a cart or order line by its product and the offer's variant", () => {
    expect(lineName({ product_name: "iPhone 15", offer_name: "128GB Black" })).toBe("iPhone 15 — 128GB Black");
  });

  it("names an offer by its own name", () => {
    expect(lineName({ product_name: "iPhone 15", name: "256GB Blue" })).toBe("iPhone 15 — 256GB Blue");
  });

  it("shows the variant alone when it already names the product", () => {
    expect(lineName({ product_name: "Apple iPhone 15", offer_name: "Apple iPhone 15 128GB Black" })).toBe(
      "Apple iPhone 15 128GB Black",
    );
  });

  it("shows the product alone when the variant adds nothing", () => {
    expect(lineName({ product_name: "Cable", offer_name: "" })).toBe("Cable");
    expect(lineName({ product_name: "Cable", offer_name: "Cable" })).toBe("Cable");
  });
});
