import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
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
  /** The account's cart is being fetched for the first time. */
  loading: boolean;
  /** The account's cart could not be fetched (and none is shown yet). */
  loadFailed: boolean;
  /** Refetches the account's cart after a change (the guest cart is re-read from the browser). */
  reload(): Promise<Cart | null>;
  /** Guest cart: set an offer's quantity (capped at its stock; 0 removes it). */
  setGuestQuantity(offer: GuestOffer, quantity: number): void;
  guestLine(productInfoId: number): GuestLine | undefined;
  clearGuest(): void;
}

const CartContext = createContext<CartState | null>(null);

/** The server cart's cache key: every change to the account's cart invalidates it. */
export const CART_QUERY_KEY = ["cart"] as const;

export function CartProvider({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const queryClient = useQueryClient();
  const authenticated = status === "authenticated";
  const guest = status === "anonymous";
  const server = useQuery({ queryKey: CART_QUERY_KEY, queryFn: api.cart, enabled: authenticated, staleTime: 0 });
  const [guestLines, setGuestLines] = useState<GuestLine[]>(readGuestCart);

  // Logging out forgets the account's cart; the guest cart may have been merged away at login meanwhile.
  useEffect(() => {
    if (authenticated) return;
    queryClient.removeQueries({ queryKey: CART_QUERY_KEY });
    if (guest) setGuestLines(readGuestCart());
  }, [authenticated, guest, queryClient]);

  const reload = useCallback(async () => {
    if (!authenticated) {
      if (guest) setGuestLines(readGuestCart());
      return null;
    }
    await queryClient.invalidateQueries({ queryKey: CART_QUERY_KEY });
    return queryClient.getQueryState<Cart>(CART_QUERY_KEY)?.status === "success"
      ? (queryClient.getQueryData<Cart>(CART_QUERY_KEY) ?? null)
      : null;
  }, [authenticated, guest, queryClient]);

  const setGuestQuantity = useCallback((offer: GuestOffer, quantity: number) => {
    setGuestLines((current) => {
      const next = withQuantity(current, offer, quantity);
      writeGuestCart(next);
      return next;
    });
  }, []);

  const value = useMemo<CartState>(() => {
    const shown = guest ? guestCartView(guestLines) : authenticated ? (server.data ?? null) : null;
    return {
      cart: shown,
      guest,
      count: shown ? shown.items.reduce((sum, item) => sum + item.quantity, 0) : 0,
      loading: authenticated && server.isPending,
      loadFailed: authenticated && server.isError && !server.data,
      reload,
      setGuestQuantity,
      guestLine: (productInfoId) => guestLines.find((line) => line.product_info_id === productInfoId),
      clearGuest() {
        writeGuestCart([]);
        setGuestLines([]);
      },
    };
  }, [authenticated, server.data, server.isPending, server.isError, guest, guestLines, reload, setGuestQuantity]);
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartState {
  const state = useContext(CartContext);
  if (!state) throw new Error("useCart must be used inside <CartProvider>");
  return state;
}

/** Runs a change to the account's cart (add, quantity, remove, empty), then refetches the cart. */
export function useCartChange(): (change: () => Promise<unknown>) => Promise<unknown> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: () => Promise<unknown>) => change(),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CART_QUERY_KEY }),
  }).mutateAsync;
}
