import { useState } from "react";
import { Link, useLocation } from "react-router";
import { ApiError, errorMessage } from "../api/client";
import { api } from "../api/endpoints";
import type { StockConflict } from "../api/types";
import { useAuth } from "../state/auth";
import { useCart } from "../state/cart";

interface Props {
  offerId: number;
  available: number;
  /** What is being added, for screen readers ("iPhone 15 from Shop 1"). */
  label: string;
  withQuantity?: boolean;
}

type Outcome = { kind: "idle" } | { kind: "busy" } | { kind: "added" } | { kind: "error"; message: string };

export function AddToCart({ offerId, available, label, withQuantity = false }: Props) {
  const { status } = useAuth();
  const { reload } = useCart();
  const location = useLocation();
  const [quantity, setQuantity] = useState(1);
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });

  if (available <= 0) {
    return (
      <button type="button" className="btn btn-secondary" disabled>
        Out of stock
      </button>
    );
  }
  if (status !== "authenticated") {
    const next = encodeURIComponent(location.pathname + location.search);
    return (
      <Link className="btn btn-secondary" to={`/login?next=${next}`}>
        Log in to buy
      </Link>
    );
  }

  async function add() {
    setOutcome({ kind: "busy" });
    try {
      await api.addToCart(offerId, quantity);
      await reload();
      setOutcome({ kind: "added" });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        const conflict = error.data as StockConflict;
        setOutcome({ kind: "error", message: `Only ${conflict.available} available.` });
      } else {
        setOutcome({ kind: "error", message: errorMessage(error) });
      }
    }
  }

  return (
    <div className="add-to-cart">
      {withQuantity && (
        <label className="qty-label">
          <span className="visually-hidden">Quantity of {label}</span>
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
        aria-label={`Add ${label} to cart`}
      >
        {outcome.kind === "busy" ? "Adding…" : "Add to cart"}
      </button>
      <span className="add-outcome" aria-live="polite">
        {outcome.kind === "added" && (
          <span className="ok">
            Added · <Link to="/cart">View cart</Link>
          </span>
        )}
        {outcome.kind === "error" && <span className="field-error">{outcome.message}</span>}
      </span>
    </div>
  );
}
