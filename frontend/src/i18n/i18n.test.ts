import { describe, expect, it } from "vitest";
import en from "./en.json";
import ru from "./ru.json";
import i18n, { changeLanguage, detectLanguage, LANGUAGE_STORAGE_KEY } from ".";
import { formatDate, formatMoney } from "../format";

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Every leaf key, plural forms folded into their base key (Russian has more forms than English). */
function keys(resource: object, prefix = ""): Set<string> {
  const found = new Set<string>();
  for (const [key, value] of Object.entries(resource)) {
    const path = prefix + key.replace(PLURAL_SUFFIX, "");
    if (value && typeof value === "object") for (const nested of keys(value, `${path}.`)) found.add(nested);
    else found.add(path);
  }
  return found;
}

describe("translations", () => {
  it("have the same keys in English and Russian", () => {
    expect([...keys(ru)].sort()).toEqual([...keys(en)].sort());
  });

  it("give every Russian plural all its forms", () => {
    const russianPlurals = JSON.stringify(ru).match(/"[A-Za-z]+_one"/g) ?? [];
    for (const one of russianPlurals) {
      const base = one.slice(1, -5);
      for (const form of ["few", "many", "other"]) expect(JSON.stringify(ru)).toContain(`"${base}_${form}"`);
    }
  });
});

describe("detectLanguage", () => {
  it("prefers the stored choice", () => {
    expect(detectLanguage("en", ["ru-RU"])).toBe("en");
  });

  it("picks Russian for a Russian browser and English otherwise", () => {
    expect(detectLanguage(null, ["ru-RU", "en"])).toBe("ru");
    expect(detectLanguage(null, ["de-DE", "ru"])).toBe("ru");
    expect(detectLanguage(null, ["de-DE"])).toBe("en");
    expect(detectLanguage("xx", [])).toBe("en");
  });
});

describe("changeLanguage", () => {
  it("switches, remembers the choice and sets <html lang>", async () => {
    await changeLanguage("ru");
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("ru");
    expect(document.documentElement.lang).toBe("ru");
    expect(i18n.t("common.items", { count: 5 })).toBe("5 товаров");
    expect(formatMoney("79990.00")).toBe("79\u00a0990,00\u00a0₽");
    expect(formatDate("2026-03-01T10:00:00Z")).toMatch(/2026/);
    await changeLanguage("en");
    expect(document.documentElement.lang).toBe("en");
    expect(formatMoney("79990.00")).toBe("₽79,990.00");
  });
});
