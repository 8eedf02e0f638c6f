import { currentLanguage } from "./i18n";

const LOCALES = { en: "en-GB", ru: "ru-RU" } as const;

function locale(): string {
  return LOCALES[currentLanguage()];
}

/** "75000.00" → "75 000,00 ₽" in Russian, "₽75,000.00" in English; the API's money is a decimal string. */
export function formatMoney(value: string | number): string {
  const amount = typeof value === "number" ? value : Number.parseFloat(value);
  if (!Number.isFinite(amount)) return String(value);
  return new Intl.NumberFormat(locale(), { style: "currency", currency: "RUB", currencyDisplay: "narrowSymbol" }).format(
    amount,
  );
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(locale()).format(value);
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(date);
}

/** "8 Dec" / "8 дек.": a step's day where a full date and time would not fit (a parcel's stepper on a phone). */
export function formatDay(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(locale(), { day: "numeric", month: "short" }).format(date);
}

/** The product with its variant (a line's `offer_name`, an offer's `name`): "iPhone 15 — 128 GB, black", or the
 * variant alone when it already starts with the product's name ("Apple iPhone 15 128GB Black"). */
export function lineName(line: { product_name: string; offer_name?: string; name?: string }): string {
  const variant = line.offer_name || line.name;
  if (!variant || variant === line.product_name) return line.product_name;
  return variant.startsWith(line.product_name) ? variant : `${line.product_name} — ${variant}`;
}
