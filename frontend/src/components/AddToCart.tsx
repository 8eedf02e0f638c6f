import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, errorMessage } from "../api/client";
import { api } from "../api/endpoints";
import type { StockConflict } from "../api/types";
import { useCart, useCartChange } from "../state/cart";
import type { GuestOffer } from "../state/guestCart";

interface Props {
  /** The offer, as a guest cart line shows it; `available` is its stock. */
  offer: GuestOffer;
  /** What is being added, for screen readers ("iPhone 15 from Shop 1"). */
  label: string;
  withQuantity?: boolean;
}

type Outcome = { kind: "idle" } | { kind: "busy" } | { kind: "added" } | { kind: "error"; message: string };

export function AddToCart({ offer, label, withQuantity = false }: Props) {
  const { t } = useTranslation();
  const { guest, setGuestQuantity, guestLine } = useCart();
  const changeCart = useCartChange();
  const available = offer.available;
  const [quantity, setQuantity] = useState(1);
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });
  const message = useRef<HTMLSpanElement>(null);
  // The button is disabled while busy, which drops focus to <body>; put it on the outcome instead.
  useEffect(() => {
    if (outcome.kind === "added" || outcome.kind === "error") message.current?.focus();
  }, [outcome.kind]);

  if (available <= 0) {
    return (
      <button type="button" className="btn btn-secondary" disabled>
        {t("common.outOfStock")}
      </button>
    );
  }
  async function add() {
    if (guest) {
      const inCart = guestLine(offer.product_info_id)?.quantity ?? 0;
      if (inCart + quantity > available) {
        setOutcome({ kind: "error", message: t("errors.onlyAvailable", { count: available }) });
      } else {
        setGuestQuantity(offer, inCart + quantity);
        setOutcome({ kind: "added" });
      }
      return;
    }
    setOutcome({ kind: "busy" });
    try {
      await changeCart(() => api.addToCart(offer.product_info_id, quantity));
      setOutcome({ kind: "added" });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        const conflict = error.data as StockConflict;
        setOutcome({ kind: "error", message: t("errors.onlyAvailable", { count: conflict.available }) });
      } else {
        setOutcome({ kind: "error", message: errorMessage(error) });
      }
    }
  }

  return (
    <div className="add-to-cart">
      {withQuantity && (
        <label className="qty-label">
          <span className="visually-hidden">{t("addToCart.quantityOf", { label })}</span>
          <input
            type="number"
            className="qty-input"
            min={1}
            max={available}
            value={quantity}
            onChange={(event) => setQuantity(Math.max(1, Math.min(available, Number(event.target.value) || 1)))}
          />
        </label>
      )}
      <button
        type="button"
        className="btn btn-primary"
        onClick={add}
        disabled={outcome.kind === "busy"}
        aria-label={t("addToCart.addLabel", { label })}
      >
        {outcome.kind === "busy" ? t("addToCart.adding") : t("addToCart.add")}
      </button>
      <span className="add-outcome" aria-live="polite" tabIndex={-1} ref={message} data-testid="add-outcome">
        {outcome.kind === "added" && (
          <span className="ok">
            {t("addToCart.added", { label })} <Link to="/cart">{t("addToCart.viewCart")}</Link>
          </span>
        )}
        {outcome.kind === "error" && <span className="field-error">{outcome.message}</span>}
      </span>
    </div>
  );
}
