import { useParams } from "react-router";
import { api } from "../api/endpoints";
import { AddToCart } from "../components/AddToCart";
import { useLoad } from "../components/useLoad";
import { initials } from "./CataloguePage";
import { BackLink, EmptyState, ErrorState, Loading } from "../components/ui";
import { formatMoney, plural } from "../format";

export function ProductPage() {
  const { id = "" } = useParams();
  const { load, retry } = useLoad(() => api.product(id), [id]);

  if (load.state === "loading") return <Loading label="Loading product…" />;
  if (load.state === "error") return <ErrorState message={load.message} onRetry={retry} />;
  const { data: product } = load;
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
      <BackLink to="/">All offers</BackLink>
      <div className="product-top">
        <div className="product-gallery card">
          {image ? <img src={image} alt={product.name} /> : <span className="placeholder large">{initials(product.name)}</span>}
        </div>
        <div className="product-summary">
          <p className="offer-category">{product.category_name}</p>
          <h1>{product.name}</h1>
          {lowest && (
            <p className="product-from">
              from <span className="price">{formatMoney(lowest.price)}</span> · {plural(offers.length, "offer")},{" "}
              {inStock > 0 ? `${inStock} in stock` : "none in stock right now"}
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
            <li>Every shop ships its own items; one checkout for all of them.</li>
            <li>Prices are copied into your order — they never change after you buy.</li>
            <li>Cancel free of charge until the order is assembled.</li>
          </ul>
        </div>
      </div>
      <section aria-labelledby="offers-title" className="offers">
        <h2 id="offers-title">Offers from every shop</h2>
        {offers.length === 0 ? (
          <EmptyState title="No shop sells this right now" icon="📦">
            <p>Check back soon — suppliers update their price lists often.</p>
          </EmptyState>
        ) : (
          <ul className="offer-list">
            {offers.map((offer) => (
              <li key={offer.id} className="card offer-row">
                <div className="offer-row-main">
                  <h3>
                    {offer.shop_name}
                    {offer === lowest && offers.length > 1 && <span className="best">Best price</span>}
                  </h3>
                  {offer.description && <p className="muted">{offer.description}</p>}
                  {offer.product_parameters.some((p) => !isCommon(p.parameter_name)) && (
                    <ul className="chips" aria-label="Specifications">
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
                    Recommended <s>{formatMoney(offer.price_rrc)}</s>
                  </span>
                  <span className={offer.quantity > 0 ? "stock in-stock" : "stock out-of-stock"}>
                    {offer.quantity > 0 ? `${offer.quantity} in stock` : "Out of stock"}
                  </span>
                </div>
                <AddToCart
                  offerId={offer.id}
                  available={offer.quantity}
                  label={`${product.name} from ${offer.shop_name}`}
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
