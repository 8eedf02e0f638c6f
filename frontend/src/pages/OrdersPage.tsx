import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { ApiError, errorMessage } from "../api/client";
import { api } from "../api/endpoints";
import type { Contact, Order, OrderStatus } from "../api/types";
import { Alert, BackLink, EmptyState, ErrorState, Loading, PageTitle } from "../components/ui";
import { usePageTitle } from "../components/usePageTitle";
import { formatDate, formatMoney, lineName } from "../format";
import { Pagination } from "./CataloguePage";

const PAGE_SIZE = 20;
const PIPELINE: OrderStatus[] = ["new", "confirmed", "assembled", "sent", "delivered"];
// While some shops' parcels are ahead of others, the order has surely reached the step before.
const REACHED: Partial<Record<OrderStatus, OrderStatus>> = { partly_sent: "assembled", partly_delivered: "sent" };

// The customer may cancel until any shop goes past "confirmed". The order's own status is its least advanced
// shipment's, so the server (and this button) looks at every shipment.
const CANCELLABLE: OrderStatus[] = ["new", "confirmed"];

export function customerMayCancel(order: Pick<Order, "status" | "shipments">): boolean {
  const active = (order.shipments ?? []).filter((shipment) => shipment.status !== "canceled");
  return CANCELLABLE.includes(order.status) && active.every((shipment) => CANCELLABLE.includes(shipment.status ?? "new"));
}

/** The status in the storefront's language: worded from its code here, since an answer cached before a
 * language switch carries `status_display` in the old one (the API's label only stands in for an unknown code). */
export function StatusBadge({ order }: { order: Pick<Order, "status" | "status_display"> }) {
  const { t } = useTranslation();
  return (
    <span className={`status status-${order.status}`}>
      {t(`orders.status.${order.status}`, { defaultValue: order.status_display || order.status })}
    </span>
  );
}

export function OrdersPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get("page")) || 1;
  const load = useQuery({ queryKey: ["orders", page], queryFn: ({ signal }) => api.orders(page, signal) });

  return (
    <>
      <PageTitle>{t("orders.title")}</PageTitle>
      {load.isPending && <Loading label={t("orders.loading")} />}
      {load.isError && <ErrorState message={errorMessage(load.error)} onRetry={() => void load.refetch()} />}
      {load.isSuccess && load.data.results.length === 0 && (
        <EmptyState title={t("orders.none")} icon="📦">
          <p>{t("orders.noneHint")}</p>
          <Link className="btn btn-primary" to="/">
            {t("orders.find")}
          </Link>
        </EmptyState>
      )}
      {load.isSuccess && load.data.results.length > 0 && (
        <>
          <ul className="order-list" aria-label={t("orders.list")}>
            {load.data.results.map((order) => (
              <li key={order.id} className="card order-row">
                <div>
                  <h2 className="order-title">
                    <Link to={`/orders/${order.id}`}>{t("orders.order", { id: order.id })}</Link>
                  </h2>
                  <p className="muted small">
                    {formatDate(order.created_at)} ·{" "}
                    {t("common.items", { count: order.items.reduce((n, item) => n + item.quantity, 0) })}
                  </p>
                  <p className="order-items small">{order.items.map(lineName).join(", ")}</p>
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
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const load = useQuery({ queryKey: ["order", id], queryFn: ({ signal }) => api.order(id, signal) });
  usePageTitle(t("orders.order", { id }));
  const [canceling, setCanceling] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  async function cancel(order: Order) {
    if (!window.confirm(t("orders.cancelConfirm", { id: order.id }))) return;
    setCanceling(true);
    setActionError(null);
    try {
      queryClient.setQueryData(["order", id], await api.cancelOrder(order.id));
      void queryClient.invalidateQueries({ queryKey: ["orders"] });
    } catch (error) {
      setActionError(errorMessage(error));
    } finally {
      setCanceling(false);
    }
  }

  if (load.isPending) return <Loading label={t("orders.loadingOne")} />;
  if (load.isError) {
    const message =
      load.error instanceof ApiError && load.error.status === 404 ? t("orders.notFound") : errorMessage(load.error);
    return <ErrorState message={message} onRetry={() => void load.refetch()} />;
  }
  const order = load.data;
  const contact = typeof order.contact === "object" ? (order.contact as Contact | null) : null;
  const step = PIPELINE.indexOf(REACHED[order.status] ?? order.status);

  return (
    <article className="order-detail">
      <BackLink to="/orders">{t("orders.all")}</BackLink>
      {params.get("placed") && (
        <Alert kind="success">
          {t("orders.placed", { id: order.id })}
        </Alert>
      )}
      <PageTitle sub={t("orders.placedAt", { date: formatDate(order.created_at) })} title={t("orders.order", { id: order.id })}>
        {t("orders.order", { id: order.id })} <StatusBadge order={order} />
      </PageTitle>
      {order.status === "canceled" ? (
        <Alert kind="info">{t("orders.canceled")}</Alert>
      ) : (
        <ol className="progress" aria-label={t("orders.progress")}>
          {PIPELINE.map((status, index) => (
            <li
              key={status}
              className={index <= step ? "done" : undefined}
              aria-current={index === step ? "step" : undefined}
            >
              {t(`orders.status.${status}`)}
            </li>
          ))}
        </ol>
      )}
      <div className="cart-layout">
        <section className="card" aria-labelledby="items-title">
          <h2 id="items-title">{t("orders.items")}</h2>
          <table className="items-table">
            <thead>
              <tr>
                <th scope="col">{t("orders.product")}</th>
                <th scope="col" className="num">
                  {t("orders.qty")}
                </th>
                <th scope="col" className="num">
                  {t("orders.price")}
                </th>
              </tr>
            </thead>
            <tbody>
              {order.items.map((item) => (
                <tr key={item.id}>
                  <td>
                    {lineName(item)}
                    <br />
                    <span className="muted small">
                      <Trans i18nKey="common.soldBy" values={{ shop: item.shop_name }} components={{ 1: <span /> }} />
                    </span>
                  </td>
                  <td className="num">{item.quantity}</td>
                  <td className="num">{formatMoney(item.price)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  {t("common.total")}
                </th>
                <td className="num">
                  <strong>{formatMoney(order.total_price)}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
        </section>
        <aside className="card summary" aria-label={t("orders.delivery")}>
          <h2>{t("orders.delivery")}</h2>
          {contact ? (
            <address>
              {contact.first_name} {contact.last_name}
              <br />
              {contact.city}, {contact.street} {contact.house}
              {contact.apartment ? t("checkout.apartmentShort", { apartment: contact.apartment }) : ""}
              <br />
              {contact.phone}
              <br />
              {contact.email}
            </address>
          ) : (
            <p className="muted">{t("orders.addressOnFile")}</p>
          )}
          {actionError && <Alert>{actionError}</Alert>}
          {customerMayCancel(order) && (
            <button type="button" className="btn btn-secondary danger" disabled={canceling} onClick={() => void cancel(order)}>
              {canceling ? t("orders.canceling") : t("orders.cancel")}
            </button>
          )}
        </aside>
      </div>
    </article>
  );
}
