import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { ApiError, errorMessage } from "../api/client";
import { api } from "../api/endpoints";
import type { Contact, Order, OrderStatus } from "../api/types";
import { Alert, BackLink, EmptyState, ErrorState, Loading, PageTitle } from "../components/ui";
import { useLoad } from "../components/useLoad";
import { formatDate, formatMoney, plural } from "../format";
import { Pagination } from "./CataloguePage";

const PAGE_SIZE = 20;
const PIPELINE: OrderStatus[] = ["new", "confirmed", "assembled", "sent", "delivered"];

export function StatusBadge({ order }: { order: Pick<Order, "status" | "status_display"> }) {
  return <span className={`status status-${order.status}`}>{order.status_display || order.status}</span>;
}

export function OrdersPage() {
  const [params, setParams] = useSearchParams();
  const page = Number(params.get("page")) || 1;
  const { load, retry } = useLoad(() => api.orders(page), [page]);

  return (
    <>
      <PageTitle>Your orders</PageTitle>
      {load.state === "loading" && <Loading label="Loading your orders…" />}
      {load.state === "error" && <ErrorState message={load.message} onRetry={retry} />}
      {load.state === "ready" && load.data.results.length === 0 && (
        <EmptyState title="No orders yet" icon="📦">
          <p>When you place an order it shows up here, with its status at every step.</p>
          <Link className="btn btn-primary" to="/">
            Find something you like
          </Link>
        </EmptyState>
      )}
      {load.state === "ready" && load.data.results.length > 0 && (
        <>
          <ul className="order-list" aria-label="Orders">
            {load.data.results.map((order) => (
              <li key={order.id} className="card order-row">
                <div>
                  <h2 className="order-title">
                    <Link to={`/orders/${order.id}`}>Order #{order.id}</Link>
                  </h2>
                  <p className="muted small">
                    {formatDate(order.created_at)} · {plural(order.items.reduce((n, item) => n + item.quantity, 0), "item")}
                  </p>
                  <p className="order-items small">{order.items.map((item) => item.product_name).join(", ")}</p>
                </div>
                <StatusBadge order={order} />
                <p className="order-total">{formatMoney(order.total_price)}</p>
              </li>
            ))}
          </ul>
          <Pagination
            page={page}
            pages={Math.max(1, Math.ceil(load.data.count / PAGE_SIZE))}
            onPage={(next) => setParams({ page: String(next) })}
          />
        </>
      )}
    </>
  );
}

export function OrderDetailPage() {
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const { load, retry, show } = useLoad(() => api.order(id), [id], (error) =>
    error instanceof ApiError && error.status === 404 ? "We can't find this order." : errorMessage(error),
  );
  const [canceling, setCanceling] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  async function cancel(order: Order) {
    if (!window.confirm(`Cancel order #${order.id}?`)) return;
    setCanceling(true);
    setActionError(null);
    try {
      show(await api.cancelOrder(order.id));
    } catch (error) {
      setActionError(errorMessage(error));
    } finally {
      setCanceling(false);
    }
  }

  if (load.state === "loading") return <Loading label="Loading the order…" />;
  if (load.state === "error") return <ErrorState message={load.message} onRetry={retry} />;
  const { data: order } = load;
  const contact = typeof order.contact === "object" ? (order.contact as Contact | null) : null;
  const step = PIPELINE.indexOf(order.status);

  return (
    <article className="order-detail">
      <BackLink to="/orders">All orders</BackLink>
      {params.get("placed") && (
        <Alert kind="success">
          Thank you! Your order #{order.id} is placed. We've e-mailed you a confirmation.
        </Alert>
      )}
      <PageTitle sub={`Placed ${formatDate(order.created_at)}`}>
        Order #{order.id} <StatusBadge order={order} />
      </PageTitle>
      {order.status === "canceled" ? (
        <Alert kind="info">This order was canceled.</Alert>
      ) : (
        <ol className="progress" aria-label="Order progress">
          {PIPELINE.map((status, index) => (
            <li
              key={status}
              className={index <= step ? "done" : undefined}
              aria-current={index === step ? "step" : undefined}
            >
              {status[0].toUpperCase() + status.slice(1)}
            </li>
          ))}
        </ol>
      )}
      <div className="cart-layout">
        <section className="card" aria-labelledby="items-title">
          <h2 id="items-title">Items</h2>
          <table className="items-table">
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col" className="num">
                  Qty
                </th>
                <th scope="col" className="num">
                  Price
                </th>
              </tr>
            </thead>
            <tbody>
              {order.items.map((item) => (
                <tr key={item.id}>
                  <td>
                    {item.product_name}
                    <br />
                    <span className="muted small">Sold by {item.shop_name}</span>
                  </td>
                  <td className="num">{item.quantity}</td>
                  <td className="num">{formatMoney(item.price)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  Total
                </th>
                <td className="num">
                  <strong>{formatMoney(order.total_price)}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
        </section>
        <aside className="card summary" aria-label="Delivery">
          <h2>Delivery</h2>
          {contact ? (
            <address>
              {contact.first_name} {contact.last_name}
              <br />
              {contact.city}, {contact.street} {contact.house}
              {contact.apartment ? `, apt. ${contact.apartment}` : ""}
              <br />
              {contact.phone}
              <br />
              {contact.email}
            </address>
          ) : (
            <p className="muted">Address on file.</p>
          )}
          {actionError && <Alert>{actionError}</Alert>}
          {(order.status === "new" || order.status === "confirmed") && (
            <button type="button" className="btn btn-secondary danger" disabled={canceling} onClick={() => void cancel(order)}>
              {canceling ? "Canceling…" : "Cancel order"}
            </button>
          )}
        </aside>
      </div>
    </article>
  );
}
