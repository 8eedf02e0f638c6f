import { useEffect, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, errorMessage } from "../api/client";
import { api } from "../api/endpoints";
import type { CartItem, StockConflict } from "../api/types";
import { Alert, EmptyState, ErrorState, Loading, PageTitle } from "../components/ui";
import { formatMoney, lineName } from "../format";
import { initials } from "./CataloguePage";
import { useAuth } from "../state/auth";
import { useCart, useCartChange } from "../state/cart";

export function CartPage() {
  const { t } = useTranslation();
  const { status } = useAuth();
  const { cart, loading, loadFailed, reload, guest, guestLine, setGuestQuantity, clearGuest } = useCart();
  const changeCart = useCartChange();
  const [lineErrors, setLineErrors] = useState<Record<number, string>>({});
  const [busyLine, setBusyLine] = useState<number | null>(null);
  const [pageError, setPageError] = useState<string | null>(null);

  /** A guest line changes in the browser, within the stock it was added with. */
  function guestQuantity(item: CartItem, quantity: number, notice?: string) {
    const line = guestLine(item.product_info_id);
    if (!line) return;
    setGuestQuantity(line, quantity);
    setLineErrors(({ [item.id]: _dropped, ...rest }) => (notice ? { ...rest, [item.id]: notice } : rest));
  }

  /** A quantity over the stock the cart knows of is lowered to it before asking, and the customer is told. */
  function changeQuantity(item: CartItem, wanted: number) {
    const allowed = Math.min(wanted, item.available);
    const notice = allowed < wanted ? t("cart.corrected", { count: allowed }) : undefined;
    if (guest) guestQuantity(item, allowed, notice);
    else void lineAction(item, () => api.setCartQuantity(item.id, allowed), notice);
  }

  async function lineAction(item: CartItem, action: () => Promise<unknown>, notice?: string) {
    setBusyLine(item.id);
    setPageError(null);
    try {
      await changeCart(action);
      setLineErrors(({ [item.id]: _dropped, ...rest }) => (notice ? { ...rest, [item.id]: notice } : rest));
    } catch (error) {
      setLineErrors((current) => ({ ...current, [item.id]: errorMessage(error) }));
      if (error instanceof ApiError && error.status === 409) await correctToStock(item, error.data as StockConflict);
    } finally {
      setBusyLine(null);
    }
  }

  /** A quantity over the stock is lowered to what the shop has, and the customer is told. */
  async function correctToStock(item: CartItem, conflict: StockConflict) {
    const allowed = conflict.available;
    if (allowed < 1 || allowed === item.quantity) {
      setLineErrors((current) => ({ ...current, [item.id]: t("errors.onlyLeftAt", { count: allowed, shop: item.shop_name }) }));
      return;
    }
    try {
      await changeCart(() => api.setCartQuantity(item.id, allowed));
      setLineErrors((current) => ({ ...current, [item.id]: t("cart.corrected", { count: allowed }) }));
    } catch (error) {
      setLineErrors((current) => ({ ...current, [item.id]: errorMessage(error) }));
    }
  }

  async function emptyCart() {
    setPageError(null);
    if (guest) {
      clearGuest();
      return;
    }
    try {
      await changeCart(api.emptyCart);
      setLineErrors({});
    } catch (error) {
      setPageError(errorMessage(error));
    }
  }

  if (status === "loading" || loading) return <Loading label={t("cart.loading")} />;
  if (loadFailed) return <ErrorState message={t("cart.loadFailed")} onRetry={() => void reload()} />;
  if (!cart || cart.items.length === 0) {
    return (
      <>
        <PageTitle>{t("cart.title")}</PageTitle>
        <EmptyState title={t("cart.empty")}>
          <p>{t("cart.emptyHint")}</p>
          <Link className="btn btn-primary" to="/">
            {t("cart.startShopping")}
          </Link>
        </EmptyState>
      </>
    );
  }

  const units = cart.items.reduce((sum, item) => sum + item.quantity, 0);
  const shops = new Set(cart.items.map((item) => item.shop_name)).size;
  return (
    <>
      <PageTitle
        sub={t("cart.sub", { items: t("common.items", { count: units }), shops: t("common.shops", { count: shops }) })}
      >
        {t("cart.title")}
      </PageTitle>
      {pageError && <Alert>{pageError}</Alert>}
      <div className="cart-layout">
        <ul className="cart-lines" aria-label={t("cart.lines")}>
          {cart.items.map((item) => (
            <CartLine
              key={item.id}
              item={item}
              busy={busyLine === item.id}
              error={lineErrors[item.id]}
              onQuantity={(quantity) => changeQuantity(item, quantity)}
              onRemove={() => (guest ? guestQuantity(item, 0) : lineAction(item, () => api.removeCartItem(item.id)))}
            />
          ))}
        </ul>
        <aside className="card summary" aria-label={t("cart.summary")}>
          <h2>{t("cart.summaryTitle")}</h2>
          <dl className="summary-rows">
            <div>
              <dt>{t("cart.items")}</dt>
              <dd>{units}</dd>
            </div>
            <div className="summary-total">
              <dt>{t("common.total")}</dt>
              <dd data-testid="cart-total">{formatMoney(cart.total_price)}</dd>
            </div>
          </dl>
          {guest ? (
            <>
              <p className="muted small">{t("cart.guestNote")}</p>
              <Link className="btn btn-primary btn-block" to={`/login?next=${encodeURIComponent("/checkout")}`}>
                {t("cart.loginToCheckout")}
              </Link>
            </>
          ) : (
            <Link className="btn btn-primary btn-block" to="/checkout">
              {t("cart.checkout")}
            </Link>
          )}
          <button type="button" className="btn btn-link" onClick={() => void emptyCart()}>
            {t("cart.emptyCart")}
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
  const { t } = useTranslation();
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
      <span className="cart-line-image" aria-hidden="true">
        {item.image?.thumbnail ? (
          <img src={item.image.thumbnail} alt="" loading="lazy" />
        ) : (
          <span className="placeholder">{initials(item.product_name)}</span>
        )}
      </span>
      <div className="cart-line-main">
        <h3>
          <Link to={`/products/${item.product_id}`}>{lineName(item)}</Link>
        </h3>
        <p className="muted small">
          <Trans i18nKey="common.soldBy" values={{ shop: item.shop_name }} components={{ 1: <strong /> }} /> ·{" "}
          {t("cart.each", { price: formatMoney(item.price) })}
        </p>
      </div>
      {item.withdrawn ? (
        <p className="muted small" data-withdrawn>
          {t("cart.withdrawn")}
        </p>
      ) : (
        <div className="stepper">
          <button
            type="button"
            className="btn btn-icon"
            aria-label={t("cart.oneLess", { name: item.product_name })}
            disabled={busy || item.quantity <= 1}
            onClick={() => onQuantity(item.quantity - 1)}
          >
            −
          </button>
          <label htmlFor={inputId} className="visually-hidden">
            {t("cart.quantityOf", { name: item.product_name })}
          </label>
          <input
            id={inputId}
            type="number"
            min={1}
            max={item.available}
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
            aria-label={t("cart.oneMore", { name: item.product_name })}
            disabled={busy || item.quantity >= item.available}
            onClick={() => onQuantity(item.quantity + 1)}
          >
            +
          </button>
        </div>
      )}
      <p className="cart-line-total">{item.withdrawn ? "—" : formatMoney(item.total_price)}</p>
      <button
        type="button"
        className="btn btn-link danger"
        onClick={onRemove}
        disabled={busy}
        aria-label={t("cart.removeLabel", { name: item.product_name })}
      >
        {t("cart.remove")}
      </button>
      {error && (
        <p id={`${inputId}-error`} className="field-error line-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
