// A visitor's cart before logging in: kept in localStorage, handed to the account's cart at login.
import { api } from "../api/endpoints";
import type { Cart, CartItem } from "../api/types";

export const GUEST_CART_STORAGE_KEY = "orderservice.guestCart";

/** What a cart line shows, copied from the offer when it was added. */
export interface GuestLine {
  product_info_id: number;
  product_id: number;
  product_name: string;
  name?: string;
  shop_name: string;
  /** The product's thumbnail URL, if it had one. */
  thumbnail?: string | null;
  price: string;
  /** The stock when the line was added: the most it may hold. */
  available: number;
  quantity: number;
}

export type GuestOffer = Omit<GuestLine, "quantity">;

export function readGuestCart(): GuestLine[] {
  try {
    const stored = JSON.parse(localStorage.getItem(GUEST_CART_STORAGE_KEY) ?? "[]");
    return Array.isArray(stored) ? (stored as GuestLine[]).filter((line) => line.quantity > 0) : [];
  } catch {
    return [];
  }
}

export function writeGuestCart(lines: GuestLine[]): void {
  try {
    if (lines.length) localStorage.setItem(GUEST_CART_STORAGE_KEY, JSON.stringify(lines));
    else localStorage.removeItem(GUEST_CART_STORAGE_KEY);
  } catch {
    // Without storage the guest cart lasts as long as the page.
  }
}

/** Sets the quantity of an offer (adding the line if new), capped at its stock; 0 removes it. */
export function withQuantity(lines: GuestLine[], offer: GuestOffer, quantity: number): GuestLine[] {
  const capped = Math.max(0, Math.min(offer.available, Math.floor(quantity)));
  const others = lines.filter((line) => line.product_info_id !== offer.product_info_id);
  if (capped === 0) return others;
  const index = lines.findIndex((line) => line.product_info_id === offer.product_info_id);
  const line = { ...offer, quantity: capped };
  return index === -1 ? [...lines, line] : lines.map((existing, i) => (i === index ? line : existing));
}

/** The guest lines in the shape of the API's cart, so one cart page shows both; a line's id is its offer id. */
export function guestCartView(lines: GuestLine[]): Cart {
  const items: CartItem[] = lines.map((line) => ({
    id: line.product_info_id,
    product_info_id: line.product_info_id,
    product_id: line.product_id,
    available: line.available,
    // a guest line is checked against the catalogue when it is merged into the account's cart at login
    withdrawn: false,
    product_name: line.product_name,
    offer_name: line.name ?? "",
    image: line.thumbnail ? { thumbnail: line.thumbnail } : null,
    shop_name: line.shop_name,
    price: line.price,
    quantity: line.quantity,
    total_price: (Number(line.price) * line.quantity).toFixed(2),
  }));
  const total = items.reduce((sum, item) => sum + Number(item.total_price), 0);
  return { id: 0, items, total_price: total.toFixed(2), updated_at: "" };
}

/** Adds the guest lines to the logged-in account's cart, then forgets them; kept for a later try on failure. */
export async function mergeGuestCart(): Promise<void> {
  const lines = readGuestCart();
  if (!lines.length) return;
  try {
    await api.mergeCart(lines.map(({ product_info_id, quantity }) => ({ product_info_id, quantity })));
    writeGuestCart([]);
  } catch (error) {
    console.warn("the guest cart could not be merged yet", error);
  }
}
