import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { errorMessage } from "../api/client";
import { api, rows } from "../api/endpoints";
import type { CmsHomePage, NamedRef, OfferFilters, OfferListItem } from "../api/types";
import { AddToCart } from "../components/AddToCart";
import { EmptyState, ErrorState, Loading } from "../components/ui";
import { usePageTitle } from "../components/usePageTitle";
import { formatMoney, lineName, shortParameter } from "../format";

const PAGE_SIZE = 12;
/** `label` is a translation key. */
const SORTS = [
  { value: "", label: "catalogue.sort.relevance" },
  { value: "price", label: "catalogue.sort.priceAsc" },
  { value: "-price", label: "catalogue.sort.priceDesc" },
  { value: "product_name", label: "catalogue.sort.name" },
  { value: "-quantity", label: "catalogue.sort.stock" },
];
const FILTER_KEYS = ["search", "category_id", "shop_id", "price_min", "price_max", "ordering"] as const;

export function CataloguePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters: OfferFilters = { page: Number(params.get("page")) || 1, page_size: PAGE_SIZE };
  for (const key of FILTER_KEYS) filters[key] = params.get(key) ?? undefined;
  const query = params.toString();

  const offers = useQuery({
    queryKey: ["offers", query],
    queryFn: ({ signal }) => {
      const current = Object.fromEntries(new URLSearchParams(query));
      return api.offers({ ...current, page: Number(current.page) || 1, page_size: PAGE_SIZE }, signal);
    },
    placeholderData: keepPreviousData,
  });
  const page = offers.data;

  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!("page" in changes)) next.delete("page");
    setParams(next);
  }

  const home = useCmsHome();
  usePageTitle(filters.search ? t("catalogue.resultsFor", { search: filters.search }) : t("catalogue.title"));
  const active = FILTER_KEYS.some((key) => key !== "ordering" && params.get(key));
  const panelActive = ["category_id", "shop_id", "price_min", "price_max"].some((key) => params.get(key));
  return (
    <div className="catalogue">
      <section
        className={`hero${home?.hero_image_wide && !filters.search ? " hero-image" : ""}`}
        aria-labelledby="hero-title"
        style={
          home?.hero_image_wide && !filters.search ? { backgroundImage: `url("${home.hero_image_wide.url}")` } : undefined
        }
      >
        <h1 id="hero-title">
          {filters.search
            ? t("catalogue.resultsFor", { search: filters.search })
            : (home?.hero_title ?? t("catalogue.heroTitle"))}
        </h1>
        <p>
          {(!filters.search && home?.hero_text) ||
            t("catalogue.heroText")}
        </p>
      </section>
      <div className="catalogue-layout">
        <Filters filters={filters} onApply={update} onReset={() => setParams(new URLSearchParams())} active={panelActive} />
        <section aria-labelledby="results-title" className="results">
          <div className="results-bar">
            <h2 id="results-title" className="results-count" aria-live="polite">
              {page ? t("common.offers", { count: page.count }) : t("catalogue.offers")}
            </h2>
            <label className="inline-field">
              {t("catalogue.sortBy")}
              <select value={filters.ordering ?? ""} onChange={(event) => update({ ordering: event.target.value })}>
                {SORTS.map((sort) => (
                  <option key={sort.value} value={sort.value}>
                    {t(sort.label)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {offers.isPending && <Loading label={t("catalogue.loading")} />}
          {offers.isError && <ErrorState message={errorMessage(offers.error)} onRetry={() => void offers.refetch()} />}
          {page && !offers.isError && page.results.length === 0 && (
            <EmptyState title={t("catalogue.noMatch")} icon="🔍">
              <p>{t("catalogue.noMatchHint")}</p>
              {active && (
                <button type="button" className="btn btn-secondary" onClick={() => setParams(new URLSearchParams())}>
                  {t("catalogue.clearFilters")}
                </button>
              )}
            </EmptyState>
          )}
          {page && !offers.isError && page.results.length > 0 && (
            <>
              <ul className="offer-grid" aria-busy={offers.isPlaceholderData}>
                {page.results.map((offer) => (
                  <OfferCard key={offer.id} offer={offer} />
                ))}
              </ul>
              <Pagination
                page={filters.page ?? 1}
                pages={Math.max(1, Math.ceil(page.count / PAGE_SIZE))}
                onPage={(page) => update({ page: String(page) })}
              />
            </>
          )}
        </section>
      </div>
    </div>
  );
}

/** The home page's hero from the CMS, when there is one. */
function useCmsHome(): CmsHomePage | null {
  const [home, setHome] = useState<CmsHomePage | null>(null);
  useEffect(() => {
    let live = true;
    api.cmsHome().then(
      (page) => live && setHome(page),
      () => live && setHome(null),
    );
    return () => {
      live = false;
    };
  }, []);
  return home;
}

/** "Apple iPhone 15" → "AI": a calm stand-in while a product has no photo. */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? "")
    .join("");
}

function OfferCard({ offer }: { offer: OfferListItem }) {
  const { t } = useTranslation();
  const discount = Number(offer.price_rrc) > Number(offer.price);
  return (
    <li className="card offer-card">
      <Link to={`/products/${offer.product_id}`} className="offer-image" tabIndex={-1} aria-hidden="true">
        {offer.image?.thumbnail ? (
          <img src={offer.image.thumbnail} alt="" loading="lazy" />
        ) : (
          <span className="placeholder">{initials(offer.product_name)}</span>
        )}
      </Link>
      <div className="offer-body">
        <p className="offer-category">{offer.product_category_name}</p>
        <h3 className="offer-name">
          <Link to={`/products/${offer.product_id}`}>{lineName(offer)}</Link>
        </h3>
        <p className="offer-shop">
          <Trans i18nKey="common.soldBy" values={{ shop: offer.shop_name }} components={{ 1: <strong /> }} />
        </p>
        {offer.product_parameters.length > 0 && (
          <ul className="chips" aria-label={t("common.specifications")}>
            {offer.product_parameters.map((parameter) => (
              <li key={parameter.parameter_name} title={`${parameter.parameter_name}: ${parameter.value}`}>
                {shortParameter(parameter.parameter_name, parameter.value)}
              </li>
            ))}
          </ul>
        )}
        <p className="price-line">
          <span className="price">{formatMoney(offer.price)}</span>
          {discount && (
            <span className="rrc">
              <span className="visually-hidden">{t("catalogue.recommended")}</span>
              <s>{formatMoney(offer.price_rrc)}</s>
            </span>
          )}
        </p>
        <p className={offer.quantity > 0 ? "stock in-stock" : "stock out-of-stock"}>
          {offer.quantity > 0 ? t("common.inStock", { count: offer.quantity }) : t("common.outOfStock")}
        </p>
        <AddToCart
          offer={{
            product_info_id: offer.id,
            product_id: offer.product_id,
            product_name: offer.product_name,
            name: offer.name,
            thumbnail: offer.image?.thumbnail,
            shop_name: offer.shop_name,
            price: offer.price,
            available: offer.quantity,
          }}
          label={t("addToCart.offerLabel", { product: lineName(offer), shop: offer.shop_name })}
        />
      </div>
    </li>
  );
}

interface FiltersProps {
  filters: OfferFilters;
  active: boolean;
  onApply(changes: Record<string, string | undefined>): void;
  onReset(): void;
}

interface ChoiceFilterProps {
  id: string;
  label: string;
  /** The first option, the empty value: no filter on this. */
  anyLabel: string;
  choices: NamedRef[];
  value: string;
  onChange: (value: string) => void;
}

function ChoiceFilter({ id, label, anyLabel, choices, value, onChange }: ChoiceFilterProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{anyLabel}</option>
        {choices.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.name}
          </option>
        ))}
      </select>
    </div>
  );
}

interface PriceInputProps {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}

/** One end of the price range; the visible placeholder is short, the label is for screen readers. */
function PriceInput({ label, placeholder, value, onChange }: PriceInputProps) {
  return (
    <label>
      <span className="visually-hidden">{label}</span>
      <input
        type="number"
        min="0"
        inputMode="decimal"
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}

function Filters({ filters, active, onApply, onReset }: FiltersProps) {
  const { t } = useTranslation();
  const [categories, setCategories] = useState<NamedRef[]>([]);
  const [shops, setShops] = useState<NamedRef[]>([]);
  const [priceMin, setPriceMin] = useState(filters.price_min ?? "");
  const [priceMax, setPriceMax] = useState(filters.price_max ?? "");
  const [open, setOpen] = useState(false);
  useEffect(() => setPriceMin(filters.price_min ?? ""), [filters.price_min]);
  useEffect(() => setPriceMax(filters.price_max ?? ""), [filters.price_max]);

  useEffect(() => {
    api.categories().then((answer) => setCategories(rows(answer)), () => setCategories([]));
    api.shops().then((answer) => setShops(rows(answer)), () => setShops([]));
  }, []);

  function applyPrice(event: FormEvent) {
    event.preventDefault();
    onApply({ price_min: priceMin || undefined, price_max: priceMax || undefined });
  }

  return (
    <aside className="filters card" aria-label={t("catalogue.filters")}>
      <h2 className="filters-title">{t("catalogue.filters")}</h2>
      <button
        type="button"
        className="btn btn-secondary filters-toggle"
        aria-expanded={open}
        aria-controls="filters-body"
        onClick={() => setOpen((value) => !value)}
      >
        {open ? t("catalogue.hideFilters") : active ? t("catalogue.filtersOn") : t("catalogue.showFilters")}
      </button>
      <div id="filters-body" className={`filters-body${open ? " open" : ""}`}>
        <ChoiceFilter
          id="filter-category"
          label={t("catalogue.category")}
          anyLabel={t("catalogue.allCategories")}
          choices={categories}
          value={filters.category_id ?? ""}
          onChange={(value) => onApply({ category_id: value })}
        />
        <ChoiceFilter
          id="filter-shop"
          label={t("catalogue.shop")}
          anyLabel={t("catalogue.allShops")}
          choices={shops}
          value={filters.shop_id ?? ""}
          onChange={(value) => onApply({ shop_id: value })}
        />
        <form onSubmit={applyPrice} className="price-range">
          <fieldset>
            <legend>{t("catalogue.price")}</legend>
            <div className="price-inputs">
              <PriceInput
                label={t("catalogue.minPrice")}
                placeholder={t("catalogue.from")}
                value={priceMin}
                onChange={setPriceMin}
              />
              <span aria-hidden="true">–</span>
              <PriceInput
                label={t("catalogue.maxPrice")}
                placeholder={t("catalogue.to")}
                value={priceMax}
                onChange={setPriceMax}
              />
            </div>
          </fieldset>
          <button type="submit" className="btn btn-secondary btn-block">
            {t("catalogue.applyPrice")}
          </button>
        </form>
        {active && (
          <button type="button" className="btn btn-link" onClick={onReset}>
            {t("catalogue.clearFilters")}
          </button>
        )}
      </div>
    </aside>
  );
}

export function Pagination({ page, pages, onPage }: { page: number; pages: number; onPage(page: number): void }) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={t("catalogue.pages")}>
      <button type="button" className="btn btn-secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t("catalogue.previous")}
      </button>
      <span aria-current="page">
        {t("catalogue.pageOf", { page, pages })}
      </span>
      <button type="button" className="btn btn-secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t("catalogue.next")}
      </button>
    </nav>
  );
}
