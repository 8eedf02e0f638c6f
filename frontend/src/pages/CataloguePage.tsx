import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useLocation, useSearchParams } from "react-router";
import { errorMessage } from "../api/client";
import { api } from "../api/endpoints";
import type { CatalogueFacets, CmsHomePage, ProductCard, ProductQuery } from "../api/types";
import { modalKeyHandler } from "../components/modalKeys";
import { EmptyState, ErrorState, Loading } from "../components/ui";
import { usePageTitle } from "../components/usePageTitle";
import { formatMoney, formatNumber } from "../format";
import { sortFacetValues } from "./facetOrder";

const PAGE_SIZE = 12;
/** `label` is a translation key. The empty value is the API's default: relevance with a search, else by name. */
const SORTS = [
  { value: "", label: "catalogue.sort.relevance" },
  { value: "price", label: "catalogue.sort.priceAsc" },
  { value: "-price", label: "catalogue.sort.priceDesc" },
  { value: "name", label: "catalogue.sort.name" },
  { value: "-name", label: "catalogue.sort.nameDesc" },
];
/** The URL parameters that choose which products are shown; paging and sorting aside. */
const FILTER_KEYS = [
  "search",
  "category_id",
  "shop_id",
  "price_min",
  "price_max",
  "in_stock",
  "parameter_name",
  "parameter_value",
] as const satisfies readonly (keyof ProductQuery)[];
/** The filters of the panel: everything but the search, which the header's search box owns. */
const PANEL_KEYS = FILTER_KEYS.filter((key) => key !== "search");
/** A facet shows this many values until "Show all". */
const FACET_PREVIEW = 6;

type Changes = Partial<Record<(typeof FILTER_KEYS)[number] | "ordering" | "page", string | undefined>>;

function filtersOf(params: URLSearchParams): ProductQuery {
  const filters: ProductQuery = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

/** Why nothing was found, and what to try: the search, the filters, or both. */
function noMatchText(searched: boolean, filtered: boolean): string {
  if (!searched) return "catalogue.noMatchHint";
  return filtered ? "catalogue.noMatchSearchFiltered" : "catalogue.noMatchSearch";
}

export function CataloguePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const search = filters.search;
  // An unknown sort (a link from the offer list this page once was: "-quantity") falls back to the default.
  const ordering = SORTS.find((sort) => sort.value === params.get("ordering"))?.value ?? "";
  const currentPage = Number(params.get("page")) || 1;
  // The keys are plain strings so that equal queries share their cache entries whatever the parameters' order.
  const filterKey = new URLSearchParams(filters).toString();

  const products = useQuery({
    queryKey: ["products", filterKey, ordering, currentPage],
    queryFn: ({ signal }) =>
      api.products({ ...filters, ordering, page: String(currentPage), page_size: String(PAGE_SIZE) }, signal),
    placeholderData: keepPreviousData,
  });
  const facets = useQuery({
    queryKey: ["facets", filterKey],
    queryFn: ({ signal }) => api.facets(filters, signal),
    placeholderData: keepPreviousData,
  });
  const page = products.data;

  function update(changes: Changes) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!("page" in changes)) next.delete("page");
    setParams(next);
  }
  /** Drops every filter of the panel; the search and the sort stay. */
  function resetFilters() {
    update(Object.fromEntries(PANEL_KEYS.map((key) => [key, undefined])));
  }

  const home = useCmsHome();
  usePageTitle(search ? t("catalogue.resultsFor", { search }) : t("catalogue.title"));
  const panelActive = PANEL_KEYS.some((key) => filters[key]);
  const sorts = SORTS.filter((sort) => sort.value || search);
  return (
    <div className="catalogue">
      <section
        className={`hero${home?.hero_image_wide && !search ? " hero-image" : ""}`}
        aria-labelledby="hero-title"
        style={home?.hero_image_wide && !search ? { backgroundImage: `url("${home.hero_image_wide.url}")` } : undefined}
      >
        <h1 id="hero-title">
          {search ? t("catalogue.resultsFor", { search }) : (home?.hero_title ?? t("catalogue.heroTitle"))}
        </h1>
        <p>{(!search && home?.hero_text) || t("catalogue.heroText")}</p>
      </section>
      <div className="catalogue-layout">
        <Filters
          filters={filters}
          facets={facets.data}
          onApply={update}
          onReset={resetFilters}
          active={panelActive}
          resultCount={page?.count}
        />
        <section aria-labelledby="results-title" className="results">
          <div className="results-bar">
            <h2 id="results-title" className="results-count" aria-live="polite">
              {page ? t("catalogue.products", { count: page.count }) : t("catalogue.title")}
            </h2>
            <label className="inline-field">
              {t("catalogue.sortBy")}
              <select
                value={ordering || (search ? "" : "name")}
                onChange={(event) => update({ ordering: event.target.value })}
              >
                {sorts.map((sort) => (
                  <option key={sort.value} value={sort.value}>
                    {t(sort.label)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {products.isPending && <Loading label={t("catalogue.loading")} />}
          {products.isError && (
            <ErrorState message={errorMessage(products.error)} onRetry={() => void products.refetch()} />
          )}
          {page && !products.isError && page.results.length === 0 && (
            <EmptyState title={t("catalogue.noMatch")} icon="search">
              <p>{t(noMatchText(Boolean(search), panelActive), { search })}</p>
              <div className="empty-actions">
                {panelActive && (
                  <button type="button" className="btn btn-primary" onClick={resetFilters}>
                    {t("catalogue.clearFilters")}
                  </button>
                )}
                {search && (
                  <Link className="btn btn-secondary" to="/">
                    {t("catalogue.browseAll")}
                  </Link>
                )}
              </div>
            </EmptyState>
          )}
          {page && !products.isError && page.results.length > 0 && (
            <>
              <ul className="offer-grid" aria-busy={products.isPlaceholderData}>
                {page.results.map((product) => (
                  <ProductCardItem key={product.id} product={product} />
                ))}
              </ul>
              <Pagination
                page={currentPage}
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

/** What a product page is told of the catalogue it was opened from, so that its back link returns there. */
export interface FromCatalogue {
  catalogueSearch: string;
}

/** One product however many shops offer it; its page compares their offers. */
function ProductCardItem({ product }: { product: ProductCard }) {
  const { t } = useTranslation();
  const { search } = useLocation();
  const from: FromCatalogue = { catalogueSearch: search };
  const to = `/products/${product.id}`;
  return (
    <li className="card offer-card">
      <Link to={to} state={from} className="offer-image" tabIndex={-1} aria-hidden="true">
        {product.image?.thumbnail ? (
          <img src={product.image.thumbnail} alt="" loading="lazy" />
        ) : (
          <span className="placeholder">{initials(product.name)}</span>
        )}
      </Link>
      <div className="offer-body">
        <p className="offer-category">{product.category.name}</p>
        <h3 className="offer-name">
          <Link to={to} state={from}>
            {product.name}
          </Link>
        </h3>
        <p className="lowest-price">
          <Trans
            i18nKey="catalogue.fromAt"
            values={{ price: formatMoney(product.min_price), shop: product.min_price_shop.name }}
            components={{ price: <span className="price" />, shop: <strong /> }}
          />
        </p>
        <p className="shop-count">{t("catalogue.shopCount", { count: product.shop_count })}</p>
        <p className={product.in_stock ? "stock in-stock" : "stock out-of-stock"}>
          {product.in_stock ? t("catalogue.available") : t("common.outOfStock")}
        </p>
      </div>
    </li>
  );
}

interface FacetChoice {
  key: string;
  label: string;
  count: number;
  selected: boolean;
  /** The URL changes choosing it makes; choosing a selected value again undoes it. */
  changes: Changes;
}

/** One facet: its values with how many products each leaves, the first few until "Show all". */
function Facet({ title, choices, onApply }: { title: string; choices: FacetChoice[]; onApply(changes: Changes): void }) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  if (choices.length === 0) return null;
  const shown = expanded ? choices : choices.slice(0, FACET_PREVIEW);
  return (
    <fieldset className="facet">
      <legend>{title}</legend>
      <ul className="facet-values">
        {shown.map((choice) => (
          <li key={choice.key}>
            <button
              type="button"
              className="facet-value"
              aria-pressed={choice.selected}
              aria-label={t("catalogue.facetValue", { value: choice.label, count: choice.count })}
              onClick={() => onApply(choice.changes)}
            >
              <span className="facet-label">{choice.label}</span>
              <span className="facet-count" aria-hidden="true">
                {formatNumber(choice.count)}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {choices.length > FACET_PREVIEW && (
        <button type="button" className="btn btn-link" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? t("catalogue.showFewer") : t("catalogue.showAll", { count: choices.length })}
        </button>
      )}
    </fieldset>
  );
}

/** A facet over ids (category, shop): the chosen id is one URL parameter. */
function idChoices(rows: CatalogueFacets["categories"], key: "category_id" | "shop_id", value?: string): FacetChoice[] {
  return rows.map((row) => {
    const selected = String(row.id) === value;
    return {
      key: String(row.id),
      label: row.name,
      count: row.count,
      selected,
      changes: { [key]: selected ? undefined : String(row.id) },
    };
  });
}

/** A parameter's values. The API filters by one parameter at a time, so choosing a value replaces any other. */
function parameterChoices(parameter: CatalogueFacets["parameters"][number], filters: ProductQuery): FacetChoice[] {
  return sortFacetValues(parameter.values).map(({ value, count }) => {
    const selected = filters.parameter_name === parameter.name && filters.parameter_value === value;
    return {
      key: value,
      label: value,
      count,
      selected,
      changes: selected
        ? { parameter_name: undefined, parameter_value: undefined }
        : { parameter_name: parameter.name, parameter_value: value },
    };
  });
}

interface FiltersProps {
  filters: ProductQuery;
  /** The counts of the current query; undefined until the first answer. */
  facets?: CatalogueFacets;
  active: boolean;
  /** How many products the current filters leave; undefined until the first answer. */
  resultCount?: number;
  onApply(changes: Changes): void;
  onReset(): void;
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

/** Whether the window is phone-narrow (the stylesheet's one-column breakpoint), following its changes. */
function useNarrowScreen(): boolean {
  const query = "(max-width: 860px)";
  const [narrow, setNarrow] = useState(() => window.matchMedia?.(query).matches ?? false);
  useEffect(() => {
    const media = window.matchMedia?.(query);
    if (!media) return;
    const follow = () => setNarrow(media.matches);
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, []);
  return narrow;
}

/** The filters: an inline panel beside the results on a wide screen; on a phone a "Filters" button opening a
 * sheet over the page, which a "Show N products" button closes (the results are already filtered by then). */
function Filters({ filters, facets, active, resultCount, onApply, onReset }: FiltersProps) {
  const { t } = useTranslation();
  const narrow = useNarrowScreen();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const sheet = useRef<HTMLDivElement>(null);
  const sheetOpen = narrow && open;
  useEffect(() => {
    if (sheetOpen) sheet.current?.focus();
  }, [sheetOpen]);

  function close() {
    setOpen(false);
    toggle.current?.focus();
  }

  const body = <FilterControls filters={filters} facets={facets} active={active} onApply={onApply} onReset={onReset} />;
  if (!narrow) {
    return (
      <aside className="filters card" aria-label={t("catalogue.filters")}>
        <h2 className="filters-title">{t("catalogue.filters")}</h2>
        <div className="filters-body">{body}</div>
      </aside>
    );
  }
  return (
    <div>
      <button
        ref={toggle}
        type="button"
        className="btn btn-secondary"
        aria-haspopup="dialog"
        aria-expanded={sheetOpen}
        onClick={() => setOpen(true)}
      >
        {active ? t("catalogue.filtersOn") : t("catalogue.filters")}
      </button>
      {sheetOpen && (
        <div className="sheet-backdrop" onClick={close}>
          <div
            ref={sheet}
            className="filters-sheet"
            role="dialog"
            aria-modal="true"
            aria-labelledby="filters-sheet-title"
            tabIndex={-1}
            onClick={(event) => event.stopPropagation()}
            onKeyDown={modalKeyHandler(sheet, close)}
          >
            <div className="sheet-head">
              <h2 id="filters-sheet-title" className="filters-title">
                {t("catalogue.filters")}
              </h2>
              <button type="button" className="btn btn-link" onClick={close}>
                {t("catalogue.closeFilters")}
              </button>
            </div>
            <div className="sheet-body">{body}</div>
            <div className="sheet-foot">
              <button type="button" className="btn btn-primary btn-block" onClick={close}>
                {resultCount === undefined
                  ? t("catalogue.showResults")
                  : t("catalogue.showProducts", { count: resultCount })}
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

/** What the panel and the sheet both hold: stock, the facets and the price range. */
function FilterControls({ filters, facets, active, onApply, onReset }: Omit<FiltersProps, "resultCount">) {
  const { t } = useTranslation();
  const [priceMin, setPriceMin] = useState(filters.price_min ?? "");
  const [priceMax, setPriceMax] = useState(filters.price_max ?? "");
  useEffect(() => setPriceMin(filters.price_min ?? ""), [filters.price_min]);
  useEffect(() => setPriceMax(filters.price_max ?? ""), [filters.price_max]);

  function applyPrice(event: FormEvent) {
    event.preventDefault();
    onApply({ price_min: priceMin || undefined, price_max: priceMax || undefined });
  }

  const range = facets?.price;
  return (
    <>
      {active && (
        <button type="button" className="btn btn-secondary btn-block" onClick={onReset}>
          {t("catalogue.clearFilters")}
        </button>
      )}
      <label className="check-field">
        <input
          type="checkbox"
          checked={filters.in_stock === "true"}
          onChange={(event) => onApply({ in_stock: event.target.checked ? "true" : undefined })}
        />
        {t("catalogue.inStockOnly")}
      </label>
      {facets && (
        <>
          <Facet
            title={t("catalogue.category")}
            choices={idChoices(facets.categories, "category_id", filters.category_id)}
            onApply={onApply}
          />
          <Facet
            title={t("catalogue.shop")}
            choices={idChoices(facets.shops, "shop_id", filters.shop_id)}
            onApply={onApply}
          />
          {facets.parameters.map((parameter) => (
            <Facet
              key={parameter.id}
              title={parameter.name}
              choices={parameterChoices(parameter, filters)}
              onApply={onApply}
            />
          ))}
        </>
      )}
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
          {range?.min && range.max && (
            <p className="muted small price-span">
              {t("catalogue.priceSpan", { min: formatMoney(range.min), max: formatMoney(range.max) })}
            </p>
          )}
        </fieldset>
        <button type="submit" className="btn btn-secondary btn-block">
          {t("catalogue.applyPrice")}
        </button>
      </form>
    </>
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
      <span aria-current="page">{t("catalogue.pageOf", { page, pages })}</span>
      <button type="button" className="btn btn-secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t("catalogue.next")}
      </button>
    </nav>
  );
}
