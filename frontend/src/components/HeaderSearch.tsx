import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate, useSearchParams } from "react-router";
import { api } from "../api/endpoints";
import type { Suggestions } from "../api/types";

/** Suggestions are asked for once typing pauses this long, and not for fewer letters than this. */
const DEBOUNCE_MS = 250;
const MIN_LETTERS = 2;
const LISTBOX_ID = "site-search-suggestions";

interface Option {
  kind: "product" | "category";
  id: number;
  name: string;
}

/** Products first, then categories, in one list the arrow keys walk through. */
function optionsOf(suggestions: Suggestions | undefined): Option[] {
  if (!suggestions) return [];
  return [
    ...suggestions.products.map((product) => ({ kind: "product" as const, ...product })),
    ...suggestions.categories.map((category) => ({ kind: "category" as const, ...category })),
  ];
}

const startsWith = (text: string, prefix: string) => text.toLocaleLowerCase().startsWith(prefix.toLocaleLowerCase());

const optionId = (index: number) => `${LISTBOX_ID}-${index}`;

/** `value`, once it has stopped changing for `delay` ms. */
function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/**
 * The site's search: a combobox (WAI-ARIA 1.2 pattern) suggesting products and categories as one types.
 * A product opens its page, a category filters the catalogue, Enter without a chosen suggestion searches.
 */
export function HeaderSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const searched = pathname === "/" ? (params.get("search") ?? "") : "";
  const [text, setText] = useState(searched);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  useEffect(() => setText(searched), [searched]);

  const current = text.trim();
  const typed = useDebounced(current, DEBOUNCE_MS);
  const suggestions = useQuery({
    queryKey: ["suggestions", typed],
    queryFn: async ({ signal }) => ({ text: typed, ...(await api.suggestions(typed, signal)) }),
    // Asked for once typing pauses on the text now in the box, not for what it held before.
    enabled: open && typed.length >= MIN_LETTERS && typed === current,
    placeholderData: keepPreviousData,
  });
  // While one types on, the suggestions for the start of the word stay; they go when the text no longer begins so.
  const answer = suggestions.data;
  const fitting = open && current.length >= MIN_LETTERS && answer && startsWith(current, answer.text);
  const options = fitting ? optionsOf(answer) : [];
  const expanded = options.length > 0;
  useEffect(() => setActive(-1), [answer]);

  function close() {
    setOpen(false);
    setActive(-1);
  }

  function choose(option: Option) {
    close();
    setText("");
    if (option.kind === "product") navigate(`/products/${option.id}`);
    else navigate({ pathname: "/", search: new URLSearchParams({ category_id: String(option.id) }).toString() });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    close();
    const next = new URLSearchParams(pathname === "/" ? params : undefined);
    if (current) next.set("search", current);
    else next.delete("search");
    next.delete("page");
    navigate({ pathname: "/", search: next.toString() });
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        return;
      }
      if (!expanded) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      // -1 is the text field itself: past either end of the list, focus goes back to what was typed.
      setActive((index) => ((index + 1 + step + options.length + 1) % (options.length + 1)) - 1);
    } else if (event.key === "Enter" && expanded && active >= 0) {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === "Escape") {
      if (expanded) {
        event.preventDefault();
        close();
      } else {
        setText("");
      }
    }
  }

  const productCount = options.filter((option) => option.kind === "product").length;
  const groups = [
    { label: t("app.suggestedProducts"), options: options.slice(0, productCount), offset: 0 },
    { label: t("app.suggestedCategories"), options: options.slice(productCount), offset: productCount },
  ];
  return (
    <form role="search" className="header-search" onSubmit={submit}>
      <label htmlFor="site-search" className="visually-hidden">
        {t("app.searchLabel")}
      </label>
      <div className="combobox">
        <input
          id="site-search"
          type="search"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={LISTBOX_ID}
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          placeholder={t("app.searchPlaceholder")}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
          onBlur={close}
        />
        <div id={LISTBOX_ID} role="listbox" aria-label={t("app.suggestions")} className="suggestions" hidden={!expanded}>
          {groups.map(
            (group) =>
              group.options.length > 0 && (
                <ul key={group.label} role="group" aria-label={group.label}>
                  <li role="presentation" className="suggestions-heading" aria-hidden="true">
                    {group.label}
                  </li>
                  {group.options.map((option, index) => (
                    <li
                      key={`${option.kind}-${option.id}`}
                      id={optionId(group.offset + index)}
                      role="option"
                      aria-selected={active === group.offset + index}
                      className={`suggestion suggestion-${option.kind}`}
                      // Keeps the focus in the text field, so the click is not lost to its blur.
                      onMouseDown={(event) => event.preventDefault()}
                      onClick={() => choose(option)}
                    >
                      {option.name}
                    </li>
                  ))}
                </ul>
              ),
          )}
        </div>
      </div>
      <button type="submit" className="btn btn-primary">
        {t("app.search")}
      </button>
    </form>
  );
}
