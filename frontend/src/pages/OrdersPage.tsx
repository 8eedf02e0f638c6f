import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { ApiError, errorMessage } from "../api/client";
import { api } from "../api/endpoints";
import type { Contact, Order, OrderStatus, Shipment, ShipmentStatus } from "../api/types";
import { modalKeyHandler } from "../components/modalKeys";
import { Alert, BackLink, EmptyState, ErrorState, Loading, PageTitle } from "../components/ui";
import { usePageTitle } from "../components/usePageTitle";
import { formatDate, formatDay, formatMoney, lineName } from "../format";
import { Pagination } from "./CataloguePage";

const PAGE_SIZE = 20;
const PIPELINE: ShipmentStatus[] = ["new", "confirmed", "assembled", "sent", "delivered"];
const SUMMARY_ORDER: ShipmentStatus[] = [...PIPELINE].reverse().concat("canceled");
const CANCEL_REASON_MAX_LENGTH = 500;

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

/** "2 parcels: 1 sent, 1 confirmed", furthest stage first; nothing for a one-parcel order, whose badge says it all. */
export function ParcelsSummary({ shipments }: { shipments: Pick<Shipment, "status">[] }) {
  const { t } = useTranslation();
  if (shipments.length < 2) return null;
  const counts = SUMMARY_ORDER.map((status) => [status, shipments.filter((s) => s.status === status).length] as const);
  const parts = counts.filter(([, count]) => count > 0).map(([status, count]) => t(`orders.parcelsIn.${status}`, { count }));
  return (
    <p className="parcels-summary small">
      {t("orders.parcels", { count: shipments.length })}: {parts.join(", ")}
    </p>
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
        <EmptyState title={t("orders.none")} icon="parcel">
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
                  <ParcelsSummary shipments={order.shipments ?? []} />
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
  const [asking, setAsking] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  function closeDialog() {
    setAsking(false);
    cancelButton.current?.focus();
  }

  async function cancel(order: Order, reason: string) {
    setAsking(false);
    setCanceling(true);
    setActionError(null);
    try {
      queryClient.setQueryData(["order", id], await api.cancelOrder(order.id, reason));
      void queryClient.invalidateQueries({ queryKey: ["orders"] });
    } catch (error) {
      setActionError(errorMessage(error));
      cancelButton.current?.focus();
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
      {order.status === "canceled" && <Alert kind="info">{t("orders.canceled")}</Alert>}
      <div className="cart-layout">
        <div className="parcels">
          {(order.shipments ?? []).map((shipment) => (
            <Parcel key={shipment.id} shipment={shipment} />
          ))}
          <p className="order-total-line">
            {t("common.total")}: <strong>{formatMoney(order.total_price)}</strong>
          </p>
        </div>
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
            <button
              ref={cancelButton}
              type="button"
              className="btn btn-secondary danger"
              disabled={canceling}
              aria-haspopup="dialog"
              onClick={() => setAsking(true)}
            >
              {canceling ? t("orders.canceling") : t("orders.cancel")}
            </button>
          )}
        </aside>
      </div>
      {asking && <CancelDialog orderId={order.id} onConfirm={(reason) => void cancel(order, reason)} onClose={closeDialog} />}
    </article>
  );
}

/** One shop's parcel: its status since when, its own stepper, tracking (a link when the carrier is known), lines. */
function Parcel({ shipment }: { shipment: Shipment }) {
  const { t } = useTranslation();
  const titleId = useId();
  const reached = new Map(shipment.steps.map((step) => [step.status, step.reached_at]));
  const current = PIPELINE.indexOf(shipment.status);
  return (
    <section className="card parcel" aria-labelledby={titleId}>
      <h2 id={titleId}>{t("orders.parcelFrom", { shop: shipment.shop_name })}</h2>
      <p>
        <span className={`status status-${shipment.status}`}>{t(`orders.status.${shipment.status}`)}</span>{" "}
        <span className="muted small">{t("orders.since", { date: formatDate(shipment.status_reached_at) })}</span>
      </p>
      {shipment.status !== "canceled" && (
        <ol className="progress" aria-label={t("orders.parcelProgress", { shop: shipment.shop_name })}>
          {PIPELINE.map((status, index) => (
            <li
              key={status}
              className={index <= current ? "done" : undefined}
              aria-current={index === current ? "step" : undefined}
            >
              {t(`orders.status.${status}`)}
              {reached.has(status) && (
                <time className="muted small progress-date" dateTime={reached.get(status)}>
                  {" "}
                  {formatDay(reached.get(status) ?? "")}
                </time>
              )}
            </li>
          ))}
        </ol>
      )}
      {shipment.tracking_number && (
        <p className="small">
          {t("orders.tracking")}:{" "}
          {shipment.tracking_url ? (
            <a href={shipment.tracking_url} target="_blank" rel="noopener noreferrer">
              {shipment.tracking_number}
            </a>
          ) : (
            shipment.tracking_number
          )}
          {shipment.carrier_display && ` (${shipment.carrier_display})`}
        </p>
      )}
      <table className="items-table">
        <caption className="visually-hidden">{t("orders.parcelItems", { shop: shipment.shop_name })}</caption>
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
          {shipment.items.map((item) => (
            <tr key={item.id}>
              <td>{lineName(item)}</td>
              <td className="num">{item.quantity}</td>
              <td className="num">{formatMoney(item.price)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Asks before cancelling, in the page rather than the browser's confirm: focus goes to the reason, Escape or
 * "Keep the order" closes it, Tab stays inside. */
function CancelDialog({
  orderId,
  onConfirm,
  onClose,
}: {
  orderId: number;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const reasonId = useId();
  const [reason, setReason] = useState("");
  const dialog = useRef<HTMLDivElement>(null);
  const reasonField = useRef<HTMLTextAreaElement>(null);
  useEffect(() => reasonField.current?.focus(), []);

  return (
    <div className="dialog-backdrop">
      <div
        ref={dialog}
        className="card dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={modalKeyHandler(dialog, onClose)}
      >
        <h2 id={titleId}>{t("orders.cancelConfirm", { id: orderId })}</h2>
        <label htmlFor={reasonId}>{t("common.optional", { label: t("orders.cancelReason") })}</label>
        <textarea
          ref={reasonField}
          id={reasonId}
          rows={3}
          maxLength={CANCEL_REASON_MAX_LENGTH}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        <div className="dialog-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t("orders.keepOrder")}
          </button>
          <button type="button" className="btn btn-primary danger" onClick={() => onConfirm(reason.trim())}>
            {t("orders.cancel")}
          </button>
        </div>
      </div>
    </div>
  );
}
