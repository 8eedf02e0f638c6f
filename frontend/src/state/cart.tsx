import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api } from "../api/endpoints";
import type { Cart } from "../api/types";
import { useAuth } from "./auth";

interface CartState {
  cart: Cart | null;
  /** Number of units in the cart, for the header badge. */
  count: number;
  reload(): Promise<Cart | null>;
  set(cart: Cart | null): void;
}

const CartContext = createContext<CartState | null>(null);

export function CartProvider({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const [cart, setCart] = useState<Cart | null>(null);

  const reload = useCallback(async () => {
    if (status !== "authenticated") {
      setCart(null);
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

  const value = useMemo<CartState>(
    () => ({
      cart,
      count: cart ? cart.items.reduce((sum, item) => sum + item.quantity, 0) : 0,
      reload,
      set: setCart,
    }),
    [cart, reload],
  );
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartState {
  const state = useContext(CartContext);
  if (!state) throw new Error("useCart must be used inside <CartProvider>");
  return state;
}
