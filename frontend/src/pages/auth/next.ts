// Where to land after logging in. It rides in `?next=` between pages and is kept in the browser across
// the e-mailed confirmation link, which cannot carry it.

export const NEXT_STORAGE_KEY = "orderservice.next";

/** Only same-site paths are followed, never an absolute URL from the query string. */
export function safeNext(value: string | null | undefined): string | null {
  return value && value.startsWith("/") && !value.startsWith("//") ? value : null;
}

export function rememberNext(value: string | null): void {
  const next = safeNext(value);
  try {
    if (next) localStorage.setItem(NEXT_STORAGE_KEY, next);
  } catch {
    // Without storage the visitor lands on the catalogue after confirming.
  }
}

export function rememberedNext(): string | null {
  try {
    return safeNext(localStorage.getItem(NEXT_STORAGE_KEY));
  } catch {
    return null;
  }
}

export function forgetNext(): void {
  try {
    localStorage.removeItem(NEXT_STORAGE_KEY);
  } catch {
    // Nothing stored.
  }
}

/** `/login` or `/register` with the landing place kept. */
export function withNext(path: string, next: string | null): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}
