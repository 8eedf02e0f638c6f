import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";
import { ApiError, errorMessage } from "../api/client";
import { api } from "../api/endpoints";
import { AddToCart } from "../components/AddToCart";
import { initials, type FromCatalogue } from "./CataloguePage";
import { BackLink, EmptyState, ErrorState, Loading } from "../components/ui";
import { usePageTitle } from "../components/usePageTitle";
import { formatMoney } from "../format";

export function ProductPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  // Opened from the catalogue, the back link returns to the same search, filters and page.
  const from = useLocation().state as FromCatalogue | null;
  const back = `/${from?.catalogueSearch ?? ""}`;
  const load = useQuery({ queryKey: ["product", id], queryFn: ({ signal }) => api.product(id, signal) });
  // A missing product gets its own friendly page rather than an error with "Try again".
  const missing = load.error instanceof ApiError && load.error.status === 404;
  usePageTitle(load.data?.name ?? (missing ? t("notFound.productTitle") : null));

  if (load.isPending) return <Loading label={t("product.loading")} />;
  if (missing) {
    return (
      <EmptyState title={t("notFound.productTitle")} icon="compass">
        <p>{t("notFound.productText")}</p>
        <Link className="btn btn-primary" to="/">
          {t("notFound.toCatalogue")}
        </Link>
      </EmptyState>
    );
  }
  if (load.isError) return <ErrorState message={errorMessage(load.error)} onRetry={() => void load.refetch()} />;
  const product = load.data;
  const offers = [...product.product_infos].sort((a, b) => Number(a.price) - Number(b.price));
  const image = product.image?.detail ?? product.image?.thumbnail;
  const lowest = offers[0];
  // Specifications every offer agrees on describe the product; the rest tell the offers apart.
  const common = (lowest?.product_parameters ?? []).filter((parameter) =>
    offers.every((offer) =>
      offer.product_parameters.some((p) => p.parameter_name === parameter.parameter_name && p.value === parameter.value),
    ),
  );
  const inStock = offers.filter((offer) => offer.quantity > 0).length;
  const isCommon = (name: string) => common.some((parameter) => parameter.parameter_name === name);

  return (
    <article className="product">
      <BackLink to={back}>{t("product.allProducts")}</BackLink>
      <div className="product-top">
        <div className="product-gallery card">
          {image ? <img src={image} alt={product.name} /> : <span className="placeholder large">{initials(product.name)}</span>}
        </div>
        <div className="product-summary">
          <p className="offer-category">{product.category_name}</p>
          <h1>{product.name}</h1>
          {lowest && (
            <p className="product-from">
              {t("product.from")} <span className="price">{formatMoney(lowest.price)}</span> ·{" "}
              {t("common.offers", { count: offers.length })},{" "}
              {inStock > 0 ? t("product.inStockCount", { count: inStock }) : t("product.noneInStock")}
            </p>
          )}
          {common.length > 0 && (
            <dl className="specs">
              {common.map((parameter) => (
                <div key={parameter.parameter_name}>
                  <dt>{parameter.parameter_name}</dt>
                  <dd>{parameter.value}</dd>
                </div>
              ))}
            </dl>
          )}
          <ul className="trust">
            <li>{t("product.trustShips")}</li>
            <li>{t("product.trustPrices")}</li>
            <li>{t("product.trustCancel")}</li>
          </ul>
        </div>
      </div>
      <section aria-labelledby="offers-title" className="offers">
        <h2 id="offers-title">{t("product.offersTitle")}</h2>
        {offers.length === 0 ? (
          <EmptyState title={t("product.noShop")} icon="parcel">
            <p>{t("product.noShopHint")}</p>
          </EmptyState>
        ) : (
          <ul className="offer-list">
            {offers.map((offer) => (
              <li key={offer.id} className="card offer-row">
                <div className="offer-row-main">
                  <h3>
                    {offer.shop_name}
                    {offer === lowest && offers.length > 1 && <span className="best">{t("product.bestPrice")}</span>}
                  </h3>
                  {offer.name && offer.name !== product.name && <p className="offer-variant">{offer.name}</p>}
                  {offer.description && <p className="muted">{offer.description}</p>}
                  {offer.product_parameters.some((p) => !isCommon(p.parameter_name)) && (
                    <ul className="chips" aria-label={t("common.specifications")}>
                      {offer.product_parameters
                        .filter((p) => !isCommon(p.parameter_name))
                        .map((p) => (
                          <li key={p.parameter_name}>
                            {p.parameter_name}: {p.value}
                          </li>
                        ))}
                    </ul>
                  )}
                </div>
                <div className="offer-row-price">
                  <span className="price">{formatMoney(offer.price)}</span>
                  <span className="muted small">
                    {t("product.recommended")} <s>{formatMoney(offer.price_rrc)}</s>
                  </span>
                  <span className={offer.quantity > 0 ? "stock in-stock" : "stock out-of-stock"}>
                    {offer.quantity > 0 ? t("common.inStock", { count: offer.quantity }) : t("common.outOfStock")}
                  </span>
                </div>
                <AddToCart
                  offer={{
                    product_info_id: offer.id,
                    product_id: product.id,
                    product_name: product.name,
                    name: offer.name,
                    thumbnail: product.image?.thumbnail,
                    shop_name: offer.shop_name,
                    price: offer.price,
                    available: offer.quantity,
                  }}
                  label={t("addToCart.offerLabel", { product: product.name, shop: offer.shop_name })}
                  withQuantity
                />
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
