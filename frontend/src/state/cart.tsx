import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api } from "../api/endpoints";
import type { Cart } from "../api/types";
import { useAuth } from "./auth";
import { guestCartView, readGuestCart, withQuantity, writeGuestCart, type GuestLine, type GuestOffer } from "./guestCart";

interface CartState {
  cart: Cart | null;
  /** True while nobody is logged in: the cart lives in this browser. */
  guest: boolean;
  /** Number of units in the cart, for the header badge. */
  count: number;
  reload(): Promise<Cart | null>;
  set(cart: Cart | null): void;
  /** Guest cart: set an offer's quantity (capped at its stock; 0 removes it). */
  setGuestQuantity(offer: GuestOffer, quantity: number): void;
  guestLine(productInfoId: number): GuestLine | undefined;
  clearGuest(): void;
}

const CartContext = createContext<CartState | null>(null);

export function CartProvider({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const [cart, setCart] = useState<Cart | null>(null);
  const [guestLines, setGuestLines] = useState<GuestLine[]>(readGuestCart);
  const guest = status === "anonymous";

  const reload = useCallback(async () => {
    if (status !== "authenticated") {
      setCart(null);
      if (status === "anonymous") setGuestLines(readGuestCart());
      return null;
    }
    try {
      const fresh = await api.cart();
      setCart(fresh);
      return fresh;
    } catch {
      return null;
    }
  }, [status]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const setGuestQuantity = useCallback((offer: GuestOffer, quantity: number) => {
    setGuestLines((current) => {
      const next = withQuantity(current, offer, quantity);
      writeGuestCart(next);
      return next;
    });
  }, []);

  const value = useMemo<CartState>(() => {
    const shown = guest ? guestCartView(guestLines) : cart;
    return {
      cart: shown,
      guest,
      count: shown ? shown.items.reduce((sum, item) => sum + item.quantity, 0) : 0,
      reload,
      set: setCart,
      setGuestQuantity,
      guestLine: (productInfoId) => guestLines.find((line) => line.product_info_id === productInfoId),
      clearGuest() {
        writeGuestCart([]);
        setGuestLines([]);
      },
    };
  }, [cart, guest, guestLines, reload, setGuestQuantity]);
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartState {
  const state = useContext(CartContext);
  if (!state) throw new Error("useCart must be used inside <CartProvider>");
  return state;
}
