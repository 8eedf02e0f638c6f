import { useEffect, useState } from "react";
import { Link } from "react-router";
import { ApiError, errorMessage } from "../api/client";
import { api } from "../api/endpoints";
import type { CartItem, StockConflict } from "../api/types";
import { Alert, EmptyState, ErrorState, Loading, PageTitle } from "../components/ui";
import { formatMoney, plural } from "../format";
import { useCart } from "../state/cart";

export function CartPage() {
  const { cart, reload } = useCart();
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [lineErrors, setLineErrors] = useState<Record<number, string>>({});
  const [busyLine, setBusyLine] = useState<number | null>(null);
  const [pageError, setPageError] = useState<string | null>(null);

  async function load() {
    setLoadError(null);
    const fresh = await reload();
    if (fresh === null) setLoadError("Your cart could not be loaded.");
    setLoaded(true);
  }

  useEffect(() => {
    void load();
    // Load once on entry; later changes go through the line actions.
  }, []);

  async function lineAction(item: CartItem, action: () => Promise<unknown>) {
    setBusyLine(item.id);
    setPageError(null);
    try {
      await action();
      setLineErrors(({ [item.id]: _dropped, ...rest }) => rest);
      await reload();
    } catch (error) {
      const message =
        error instanceof ApiError && error.status === 409
          ? `Only ${(error.data as StockConflict).available} left in stock at ${item.shop_name}.`
          : errorMessage(error);
      setLineErrors((current) => ({ ...current, [item.id]: message }));
    } finally {
      setBusyLine(null);
    }
  }

  async function emptyCart() {
    setPageError(null);
    try {
      await api.emptyCart();
      setLineErrors({});
      await reload();
    } catch (error) {
      setPageError(errorMessage(error));
    }
  }

  if (!loaded && !cart) return <Loading label="Loading your cart…" />;
  if (loadError && !cart) return <ErrorState message={loadError} onRetry={() => void load()} />;
  if (!cart || cart.items.length === 0) {
    return (
      <>
        <PageTitle>Your cart</PageTitle>
        <EmptyState title="Your cart is empty">
          <p>Browse the catalogue and add offers from any shop — they all check out together.</p>
          <Link className="btn btn-primary" to="/">
            Start shopping
          </Link>
        </EmptyState>
      </>
    );
  }

  const units = cart.items.reduce((sum, item) => sum + item.quantity, 0);
  const shops = new Set(cart.items.map((item) => item.shop_name)).size;
  return (
    <>
      <PageTitle sub={`${plural(units, "item")} from ${plural(shops, "shop")}`}>Your cart</PageTitle>
      {pageError && <Alert>{pageError}</Alert>}
      <div className="cart-layout">
        <ul className="cart-lines" aria-label="Items in your cart">
          {cart.items.map((item) => (
            <CartLine
              key={item.id}
              item={item}
              busy={busyLine === item.id}
              error={lineErrors[item.id]}
              onQuantity={(quantity) => lineAction(item, () => api.setCartQuantity(item.id, quantity))}
              onRemove={() => lineAction(item, () => api.removeCartItem(item.id))}
            />
          ))}
        </ul>
        <aside className="card summary" aria-label="Order summary">
          <h2>Summary</h2>
          <dl className="summary-rows">
            <div>
              <dt>Items</dt>
              <dd>{units}</dd>
            </div>
            <div className="summary-total">
              <dt>Total</dt>
              <dd data-testid="cart-total">{formatMoney(cart.total_price)}</dd>
            </div>
          </dl>
          <Link className="btn btn-primary btn-block" to="/checkout">
            Proceed to checkout
          </Link>
          <button type="button" className="btn btn-link" onClick={() => void emptyCart()}>
            Empty the cart
          </button>
        </aside>
      </div>
    </>
  );
}

interface LineProps {
  item: CartItem;
  busy: boolean;
  error?: string;
  onQuantity(quantity: number): void;
  onRemove(): void;
}

function CartLine({ item, busy, error, onQuantity, onRemove }: LineProps) {
  const [draft, setDraft] = useState(String(item.quantity));
  useEffect(() => setDraft(String(item.quantity)), [item.quantity]);
  const inputId = `qty-${item.id}`;

  function commit(value: string) {
    const quantity = Math.floor(Number(value));
    if (!Number.isFinite(quantity) || quantity < 1) {
      setDraft(String(item.quantity));
      return;
    }
    if (quantity !== item.quantity) onQuantity(quantity);
  }

  return (
    <li className={`card cart-line${error ? " has-error" : ""}`} aria-busy={busy}>
      <div className="cart-line-main">
        <h3>{item.product_name}</h3>
        <p className="muted small">
          Sold by <strong>{item.shop_name}</strong> · {formatMoney(item.price)} each
        </p>
      </div>
      <div className="stepper">
        <button
          type="button"
          className="btn btn-icon"
          aria-label={`One less ${item.product_name}`}
          disabled={busy || item.quantity <= 1}
          onClick={() => onQuantity(item.quantity - 1)}
        >
          −
        </button>
        <label htmlFor={inputId} className="visually-hidden">
          Quantity of {item.product_name}
        </label>
        <input
          id={inputId}
          type="number"
          min={1}
          inputMode="numeric"
          className="qty-input"
          value={draft}
          disabled={busy}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${inputId}-error` : undefined}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={(event) => commit(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") commit(event.currentTarget.value);
          }}
        />
        <button
          type="button"
          className="btn btn-icon"
          aria-label={`One more ${item.product_name}`}
          disabled={busy}
          onClick={() => onQuantity(item.quantity + 1)}
        >
          +
        </button>
      </div>
      <p className="cart-line-total">{formatMoney(item.total_price)}</p>
      <button
        type="button"
        className="btn btn-link danger"
        onClick={onRemove}
        disabled={busy}
        aria-label={`Remove ${item.product_name}`}
      >
        Remove
      </button>
      {error && (
        <p id={`${inputId}-error`} className="field-error line-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
