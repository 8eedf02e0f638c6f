import { describe, expect, it } from "vitest";
import { sortFacetValues } from "./facetOrder";

const values = (...names: string[]) => names.map((value, count) => ({ value, count }));
const names = (rows: { value: string }[]) => rows.map((row) => row.value);

describe("facet values", () => {
  it("sort numbers as numbers, not by count or as text", () => {
    expect(names(sortFacetValues(values("128", "1000", "8", "64", "256")))).toEqual(["8", "64", "128", "256", "1000"]);
  });

  it("sort a number with a unit by its number, decimals included", () => {
    expect(names(sortFacetValues(values("1 ТБ", "128 ГБ", "64 ГБ", "6,1\"", "5.5\"")))).toEqual([
      "1 ТБ",
      "5.5\"",
      "6,1\"",
      "64 ГБ",
      "128 ГБ",
    ]);
  });

  it("put numbers first and keep the text values in the API's order", () => {
    expect(names(sortFacetValues(values("чёрный", "16", "синий", "4", "iPhone 15")))).toEqual([
      "4",
      "16",
      "чёрный",
      "синий",
      "iPhone 15",
    ]);
  });
});
