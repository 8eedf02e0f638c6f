import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, useLocation } from "react-router";
import { api } from "../api/endpoints";
import type { CmsPageSummary } from "../api/types";
import { changeLanguage, currentLanguage, LANGUAGES, type Language } from "../i18n";
import { useAuth } from "../state/auth";
import { useCart } from "../state/cart";
import { EmailLanguagePrompt } from "./EmailLanguagePrompt";
import { HeaderSearch } from "./HeaderSearch";
import { Icon } from "./icons";

export function Layout({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const { t } = useTranslation();
  const firstRender = useRef(true);
  // After a client-side navigation, move focus to the new content as a page load would.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.getElementById("main")?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [pathname]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <Header />
      <EmailLanguagePrompt />
      <main id="main" className="container main" tabIndex={-1}>
        {children}
      </main>
      <Footer />
    </div>
  );
}

function Header() {
  const { t } = useTranslation();
  const { status } = useAuth();
  const { count } = useCart();
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  useEffect(() => setMenuOpen(false), [pathname]);

  return (
    <header className="site-header">
      <div className="container header-row">
        <Link to="/" className="brand" aria-label={t("app.home")}>
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>{t("app.name")}</span>
        </Link>
        <HeaderSearch />
        <NavLink to="/cart" className="cart-link" aria-label={`${t("app.cart")}, ${t("app.cartItems", { count })}`}>
          <Icon name="cart" className="cart-icon" />
          <span className="cart-word">{t("app.cart")}</span>
          {count > 0 && (
            <span className="badge" aria-hidden="true" data-testid="cart-count">
              {count}
            </span>
          )}
        </NavLink>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="site-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {t("app.menu")}
        </button>
        <nav id="site-nav" aria-label={t("app.mainNav")} className={`site-nav${menuOpen ? " open" : ""}`}>
          <NavLink to="/" end>
            {t("app.catalogue")}
          </NavLink>
          {status === "authenticated" ? (
            <>
              <NavLink to="/orders">{t("app.orders")}</NavLink>
              <NavLink to="/profile">{t("app.profile")}</NavLink>
            </>
          ) : (
            <>
              <NavLink to="/login">{t("app.login")}</NavLink>
              <NavLink to="/register">{t("app.register")}</NavLink>
            </>
          )}
          <LanguageSwitcher />
        </nav>
      </div>
    </header>
  );
}

/** The storefront's language picker: this browser's choice only; the account's e-mail language is changed in
 * the profile (EmailLanguagePrompt offers it when the two differ). */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const language = (i18n.resolvedLanguage ?? currentLanguage()) as Language;
  return (
    <LanguageSelect
      className="language-switcher"
      label={t("app.language")}
      value={language}
      onChange={(next) => void changeLanguage(next)}
    />
  );
}

/** A choice between the storefront's languages, each named in itself. */
export function LanguageSelect({
  className,
  label,
  value,
  onChange,
}: {
  className: string;
  label: string;
  value: Language;
  onChange(next: Language): void;
}) {
  const { t } = useTranslation();
  return (
    <label className={className}>
      <span className="visually-hidden">{label}</span>
      <select value={value} onChange={(event) => onChange(event.target.value as Language)}>
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {t(`languages.${code}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Content pages published from the CMS; the links stay hidden when the CMS API is absent or empty. */
export function useCmsPages(): CmsPageSummary[] {
  const [pages, setPages] = useState<CmsPageSummary[]>([]);
  useEffect(() => {
    let live = true;
    api
      .cmsInfoPages()
      .then((answer) => live && setPages(answer.items))
      .catch(() => live && setPages([]));
    return () => {
      live = false;
    };
  }, []);
  return pages;
}

function Footer() {
  const { t } = useTranslation();
  const pages = useCmsPages();
  return (
    <footer className="site-footer">
      <div className="container footer-row">
        <div>
          <strong>{t("app.name")}</strong>
          <p>{t("app.tagline")}</p>
        </div>
        {pages.length > 0 && (
          <nav aria-label={t("app.information")}>
            <ul className="footer-links">
              {pages.map((page) => (
                <li key={page.id}>
                  <Link to={`/info/${page.meta.slug}`}>{page.title}</Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <p className="footer-note">{t("app.footerNote")}</p>
      </div>
    </footer>
  );
}
