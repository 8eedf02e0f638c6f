import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { ApiError, NetworkError, errorMessage, type FieldErrors } from "../api/client";
import { api, rows } from "../api/endpoints";
import type { Cart, CartItem, CheckoutConflict, Contact, ContactInput, ShownTotal } from "../api/types";
import { ContactFields, EMPTY_CONTACT, contactPayload } from "../components/ContactFields";
import { Alert, EmptyState, ErrorState, Loading, PageTitle } from "../components/ui";
import { formatMoney, lineName } from "../format";
import { useAuth } from "../state/auth";
import { useCart } from "../state/cart";

function newAttemptKey(): string {
  return crypto.randomUUID();
}

/** The radio value of "a new address" next to the saved ones. */
const NEW_ADDRESS = "new";

/** Cart lines by shop, in the order the shops first appear: each shop delivers its own parcel. */
export function groupByShop(items: CartItem[]): { shop: string; items: CartItem[]; total: number }[] {
  const groups = new Map<string, CartItem[]>();
  for (const item of items) groups.set(item.shop_name, [...(groups.get(item.shop_name) ?? []), item]);
  return [...groups].map(([shop, lines]) => ({
    shop,
    items: lines,
    total: lines.reduce((sum, line) => sum + Number(line.total_price), 0),
  }));
}

/** The total and unit prices the summary shows: what the customer agrees to pay by placing the order. */
export function shownTotal(cart: Cart): ShownTotal {
  return {
    total: cart.total_price,
    prices: cart.items.map((item) => ({ product_info_id: item.product_info_id, price: item.price })),
  };
}

/** What the customer sees after a 409 `total_changed`: the server's total, each changed line at its new price. */
function acceptedTotal(shown: ShownTotal, conflict: CheckoutConflict): ShownTotal {
  const changed = new Map((conflict.lines ?? []).map((line) => [line.product_info_id, line.price]));
  return {
    total: conflict.total ?? shown.total,
    prices: shown.prices.map((line) => ({ ...line, price: changed.get(line.product_info_id) ?? line.price })),
  };
}

export function CheckoutPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user } = useAuth();
  const { cart, reload } = useCart();
  const [contacts, setContacts] = useState<Contact[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [choice, setChoice] = useState<number | typeof NEW_ADDRESS>(NEW_ADDRESS);
  const [address, setAddress] = useState<ContactInput>(EMPTY_CONTACT);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [placing, setPlacing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<CheckoutConflict | null>(null);
  // The total the customer was last shown; after a `total_changed` it is the new one they may confirm.
  const [shown, setShown] = useState<ShownTotal | null>(null);
  // One key per checkout attempt: a double click or a retry after a lost answer reuses it, so the
  // server makes one order. A refused attempt (nothing was created) gets a fresh key.
  const attemptKey = useRef(newAttemptKey());
  const submitting = useRef(false);
  // A new address typed in this attempt is saved once, even if placing the order is retried.
  const savedAddress = useRef<Contact | null>(null);

  async function load() {
    setLoadError(null);
    try {
      const [list] = await Promise.all([api.contacts().then(rows), reload()]);
      setContacts(list);
      setChoice((current) => (current === NEW_ADDRESS && list[0] ? list[0].id : current));
    } catch (caught) {
      setLoadError(errorMessage(caught));
    }
  }

  useEffect(() => {
    void load();
  }, []);

  // The contact part comes from the account; the customer only types the address.
  useEffect(() => {
    if (user) {
      setAddress((current) => ({
        ...current,
        first_name: current.first_name || user.first_name,
        last_name: current.last_name || user.last_name,
        email: current.email || user.email,
      }));
    }
  }, [user]);

  async function deliveryContactId(): Promise<number> {
    if (choice !== NEW_ADDRESS) return choice;
    if (!savedAddress.current) {
      savedAddress.current = await api.addContact(contactPayload(address));
      setContacts((current) => [...(current ?? []), savedAddress.current!]);
    }
    return savedAddress.current.id;
  }

  async function placeOrder(agreed: ShownTotal) {
    if (submitting.current) return;
    submitting.current = true;
    setPlacing(true);
    setError(null);
    setConflict(null);
    setFieldErrors({});
    let contactId: number;
    try {
      contactId = await deliveryContactId();
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 400) {
        setFieldErrors(caught.fieldErrors);
        setError(t("common.correctFields"));
      } else setError(errorMessage(caught));
      submitting.current = false;
      setPlacing(false);
      return;
    }
    try {
      const order = await api.confirmOrder(contactId, agreed, attemptKey.current);
      await reload();
      navigate(`/orders/${order.id}?placed=1`, { replace: true });
    } catch (caught) {
      if (!(caught instanceof NetworkError)) attemptKey.current = newAttemptKey();
      if (caught instanceof ApiError && caught.status === 409) {
        const refusal = caught.data as CheckoutConflict;
        setConflict(refusal);
        if (refusal.code === "total_changed") setShown(acceptedTotal(agreed, refusal));
      } else setError(errorMessage(caught));
      submitting.current = false;
      setPlacing(false);
    }
  }

  if (loadError) return <ErrorState message={loadError} onRetry={() => void load()} />;
  if (contacts === null || cart === null) return <Loading label={t("checkout.loading")} />;
  if (cart.items.length === 0) {
    return (
      <>
        <PageTitle>{t("checkout.title")}</PageTitle>
        <EmptyState title={t("checkout.nothing")}>
          <p>{t("checkout.cartEmpty")}</p>
          <Link className="btn btn-primary" to="/">
            {t("checkout.browse")}
          </Link>
        </EmptyState>
      </>
    );
  }

  const names = new Map(cart.items.map((item) => [item.product_info_id, lineName(item)]));
  const totalChanged = conflict?.code === "total_changed" && shown !== null;
  return (
    <>
      <PageTitle>{t("checkout.title")}</PageTitle>
      <form
        className="cart-layout"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void placeOrder(shownTotal(cart));
        }}
      >
        <div className="checkout-main">
          <section className="card" aria-labelledby="delivery-title">
            <h2 id="delivery-title">{t("checkout.deliveryTitle")}</h2>
            {contacts.length > 0 && (
              <fieldset className="contact-choices">
                <legend className="visually-hidden">{t("checkout.chooseAddress")}</legend>
                {contacts.map((contact) => (
                  <label key={contact.id} className={`choice${choice === contact.id ? " selected" : ""}`}>
                    <input
                      type="radio"
                      name="contact"
                      value={contact.id}
                      checked={choice === contact.id}
                      onChange={() => setChoice(contact.id)}
                    />
                    <span>
                      <strong>
                        {contact.first_name} {contact.last_name}
                      </strong>
                      <br />
                      {contact.city}, {contact.street} {contact.house}
                      {contact.apartment ? t("checkout.apartmentShort", { apartment: contact.apartment }) : ""}
                      <br />
                      <span className="muted small">
                        {contact.phone} · {contact.email}
                      </span>
                    </span>
                  </label>
                ))}
                <label className={`choice${choice === NEW_ADDRESS ? " selected" : ""}`}>
                  <input
                    type="radio"
                    name="contact"
                    value={NEW_ADDRESS}
                    checked={choice === NEW_ADDRESS}
                    onChange={() => setChoice(NEW_ADDRESS)}
                  />
                  <span>{t("checkout.newAddress")}</span>
                </label>
              </fieldset>
            )}
            {choice === NEW_ADDRESS && (
              <ContactFields
                value={address}
                onChange={(next) => {
                  savedAddress.current = null;
                  setAddress(next);
                }}
                errors={fieldErrors}
              />
            )}
          </section>
        </div>
        <aside className="card summary" aria-label={t("cart.summary")}>
          <h2>{t("checkout.yourOrder")}</h2>
          {groupByShop(cart.items).map((group) => (
            <section key={group.shop} className="shop-group" aria-label={t("checkout.byShop", { shop: group.shop })}>
              <h3 className="small">{t("checkout.byShop", { shop: group.shop })}</h3>
              <ul className="summary-items">
                {group.items.map((item) => (
                  <li key={item.id}>
                    <span>
                      {lineName(item)} × {item.quantity}
                    </span>
                    <span>{formatMoney(item.total_price)}</span>
                  </li>
                ))}
              </ul>
              <p className="muted small" data-testid="shop-subtotal">
                {t("checkout.shopSubtotal", {
                  items: t("common.items", { count: group.items.reduce((sum, item) => sum + item.quantity, 0) }),
                  total: formatMoney(group.total),
                })}
              </p>
            </section>
          ))}
          <dl className="summary-rows">
            <div className="summary-total">
              <dt>{t("common.total")}</dt>
              <dd>{formatMoney(cart.total_price)}</dd>
            </div>
          </dl>
          {error && <Alert>{error}</Alert>}
          {totalChanged && (
            <Alert>
              {t("checkout.totalChanged", { total: formatMoney(shown.total) })}
              <ul>
                {(conflict.lines ?? []).map((line) => (
                  <li key={line.product_info_id}>
                    {line.old_price
                      ? t("checkout.priceChanged", {
                          name: lineName(line),
                          quantity: line.quantity,
                          old: formatMoney(line.old_price),
                          price: formatMoney(line.price),
                        })
                      : t("checkout.priceNow", { name: lineName(line), quantity: line.quantity, price: formatMoney(line.price) })}
                  </li>
                ))}
              </ul>
              <button type="button" className="btn btn-primary" disabled={placing} onClick={() => void placeOrder(shown)}>
                {t("checkout.confirmTotal", { total: formatMoney(shown.total) })}
              </button>
            </Alert>
          )}
          {conflict && !totalChanged && (
            <Alert>
              {conflict.detail}
              {conflict.items && (
                <ul>
                  {conflict.items.map((line) => (
                    <li key={line.product_info_id}>
                      {t("checkout.conflictLine", {
                        name: names.get(line.product_info_id) ?? t("checkout.offer", { id: line.product_info_id }),
                        requested: line.requested,
                        available: line.available,
                      })}
                    </li>
                  ))}
                </ul>
              )}{" "}
              <Link to="/cart">{t("checkout.adjust")}</Link>
            </Alert>
          )}
          <button type="submit" className="btn btn-primary btn-block" disabled={placing}>
            {placing ? t("checkout.placing") : t("checkout.place")}
          </button>
          <p className="muted small">{t("checkout.confirmNote")}</p>
        </aside>
      </form>
    </>
  );
}
