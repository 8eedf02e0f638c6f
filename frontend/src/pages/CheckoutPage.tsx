import { useEffect, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { ApiError, NetworkError, errorMessage } from "../api/client";
import { api, rows } from "../api/endpoints";
import type { CheckoutConflict, Contact, ContactInput } from "../api/types";
import { ContactForm } from "../components/ContactForm";
import { Alert, EmptyState, ErrorState, Loading, PageTitle } from "../components/ui";
import { formatMoney } from "../format";
import { useCart } from "../state/cart";

function newAttemptKey(): string {
  return crypto.randomUUID();
}

export function CheckoutPage() {
  const navigate = useNavigate();
  const { cart, reload } = useCart();
  const [contacts, setContacts] = useState<Contact[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [contactId, setContactId] = useState<number | null>(null);
  const [adding, setAdding] = useState(false);
  const [placing, setPlacing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<CheckoutConflict | null>(null);
  // One key per checkout attempt: a double click or a retry after a lost answer reuses it, so the
  // server makes one order. A refused attempt (nothing was created) gets a fresh key.
  const attemptKey = useRef(newAttemptKey());
  const submitting = useRef(false);

  async function load() {
    setLoadError(null);
    try {
      const [list] = await Promise.all([api.contacts().then(rows), reload()]);
      setContacts(list);
      setContactId((current) => current ?? list[0]?.id ?? null);
      setAdding(list.length === 0);
    } catch (caught) {
      setLoadError(errorMessage(caught));
    }
  }

  useEffect(() => {
    void load();
  }, []);

  async function addContact(input: ContactInput) {
    const contact = await api.addContact(input);
    setContacts((current) => [...(current ?? []), contact]);
    setContactId(contact.id);
    setAdding(false);
  }

  async function placeOrder() {
    if (submitting.current || contactId === null) return;
    submitting.current = true;
    setPlacing(true);
    setError(null);
    setConflict(null);
    try {
      const order = await api.confirmOrder(contactId, attemptKey.current);
      await reload();
      navigate(`/orders/${order.id}?placed=1`, { replace: true });
    } catch (caught) {
      if (!(caught instanceof NetworkError)) attemptKey.current = newAttemptKey();
      if (caught instanceof ApiError && caught.status === 409) setConflict(caught.data as CheckoutConflict);
      else setError(errorMessage(caught));
      submitting.current = false;
      setPlacing(false);
    }
  }

  if (loadError) return <ErrorState message={loadError} onRetry={() => void load()} />;
  if (contacts === null || cart === null) return <Loading label="Preparing checkout…" />;
  if (cart.items.length === 0) {
    return (
      <>
        <PageTitle>Checkout</PageTitle>
        <EmptyState title="Nothing to check out">
          <p>Your cart is empty.</p>
          <Link className="btn btn-primary" to="/">
            Browse the catalogue
          </Link>
        </EmptyState>
      </>
    );
  }

  const names = new Map(cart.items.map((item) => [item.product_info_id, item.product_name]));
  return (
    <>
      <PageTitle>Checkout</PageTitle>
      <div className="cart-layout">
        <div className="checkout-main">
          <section className="card" aria-labelledby="delivery-title">
            <h2 id="delivery-title">Delivery address</h2>
            {contacts.length > 0 && (
              <fieldset className="contact-choices">
                <legend className="visually-hidden">Choose a delivery address</legend>
                {contacts.map((contact) => (
                  <label key={contact.id} className={`choice${contactId === contact.id ? " selected" : ""}`}>
                    <input
                      type="radio"
                      name="contact"
                      value={contact.id}
                      checked={contactId === contact.id}
                      onChange={() => setContactId(contact.id)}
                    />
                    <span>
                      <strong>
                        {contact.first_name} {contact.last_name}
                      </strong>
                      <br />
                      {contact.city}, {contact.street} {contact.house}
                      {contact.apartment ? `, apt. ${contact.apartment}` : ""}
                      <br />
                      <span className="muted small">
                        {contact.phone} · {contact.email}
                      </span>
                    </span>
                  </label>
                ))}
              </fieldset>
            )}
            {adding ? (
              <ContactForm onSave={addContact} onCancel={contacts.length > 0 ? () => setAdding(false) : undefined} />
            ) : (
              <button type="button" className="btn btn-secondary" onClick={() => setAdding(true)}>
                + Add a new address
              </button>
            )}
          </section>
        </div>
        <aside className="card summary" aria-label="Order summary">
          <h2>Your order</h2>
          <ul className="summary-items">
            {cart.items.map((item) => (
              <li key={item.id}>
                <span>
                  {item.product_name} × {item.quantity}
                  <br />
                  <span className="muted small">{item.shop_name}</span>
                </span>
                <span>{formatMoney(item.total_price)}</span>
              </li>
            ))}
          </ul>
          <dl className="summary-rows">
            <div className="summary-total">
              <dt>Total</dt>
              <dd>{formatMoney(cart.total_price)}</dd>
            </div>
          </dl>
          {error && <Alert>{error}</Alert>}
          {conflict && (
            <Alert>
              {conflict.detail}
              {conflict.items && (
                <ul>
                  {conflict.items.map((line) => (
                    <li key={line.product_info_id}>
                      {names.get(line.product_info_id) ?? `Offer ${line.product_info_id}`}: you asked for{" "}
                      {line.requested}, {line.available} available
                    </li>
                  ))}
                </ul>
              )}{" "}
              <Link to="/cart">Adjust your cart</Link>
            </Alert>
          )}
          <button
            type="button"
            className="btn btn-primary btn-block"
            onClick={() => void placeOrder()}
            disabled={placing || contactId === null || adding}
          >
            {placing ? "Placing your order…" : "Place order"}
          </button>
          {contactId === null ? (
            <p className="muted small">Add a delivery address to continue.</p>
          ) : (
            <p className="muted small">We'll e-mail you a confirmation. Each shop ships its own items.</p>
          )}
        </aside>
      </div>
    </>
  );
}
