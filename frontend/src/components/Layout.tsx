import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Link, NavLink, useLocation, useNavigate, useSearchParams } from "react-router";
import { api } from "../api/endpoints";
import type { CmsPageSummary } from "../api/types";
import { useAuth } from "../state/auth";
import { useCart } from "../state/cart";

export function Layout({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
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
        Skip to content
      </a>
      <Header />
      <main id="main" className="container main" tabIndex={-1}>
        {children}
      </main>
      <Footer />
    </div>
  );
}

function Header() {
  const { status } = useAuth();
  const { count } = useCart();
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  useEffect(() => setMenuOpen(false), [pathname]);

  return (
    <header className="site-header">
      <div className="container header-row">
        <Link to="/" className="brand" aria-label="Order Service, home">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>Order Service</span>
        </Link>
        <HeaderSearch />
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="site-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <nav id="site-nav" aria-label="Main" className={`site-nav${menuOpen ? " open" : ""}`}>
          <NavLink to="/" end>
            Catalogue
          </NavLink>
          {status === "authenticated" ? (
            <>
              <NavLink to="/orders">Orders</NavLink>
              <NavLink to="/profile">Profile</NavLink>
            </>
          ) : (
            <>
              <NavLink to="/login">Log in</NavLink>
              <NavLink to="/register">Register</NavLink>
            </>
          )}
          <NavLink to="/cart" className="cart-link">
            Cart
            {count > 0 && (
              <span className="badge" aria-label={`${count} items`}>
                {count}
              </span>
            )}
          </NavLink>
        </nav>
      </div>
    </header>
  );
}

function HeaderSearch() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const current = pathname === "/" ? (params.get("search") ?? "") : "";
  const [text, setText] = useState(current);
  useEffect(() => setText(current), [current]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams(pathname === "/" ? params : undefined);
    if (text.trim()) next.set("search", text.trim());
    else next.delete("search");
    next.delete("page");
    navigate({ pathname: "/", search: next.toString() });
  }

  return (
    <form role="search" className="header-search" onSubmit={submit}>
      <label htmlFor="site-search" className="visually-hidden">
        Search products
      </label>
      <input
        id="site-search"
        type="search"
        placeholder="Search phones, laptops, shops…"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit" className="btn btn-primary">
        Search
      </button>
    </form>
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
  const pages = useCmsPages();
  return (
    <footer className="site-footer">
      <div className="container footer-row">
        <div>
          <strong>Order Service</strong>
          <p>Electronics from several trusted suppliers — one cart, one checkout.</p>
        </div>
        {pages.length > 0 && (
          <nav aria-label="Information">
            <ul className="footer-links">
              {pages.map((page) => (
                <li key={page.id}>
                  <Link to={`/info/${page.meta.slug}`}>{page.title}</Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <p className="footer-note">Prices include VAT. Each shop ships its own items.</p>
      </div>
    </footer>
  );
}
