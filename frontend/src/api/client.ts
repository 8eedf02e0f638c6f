// The HTTP client for /api/v1/: JSON in and out, bearer tokens, one refresh on a 401.
// The access token lives only in memory; the refresh token survives reloads in storage.

import i18n from "../i18n";

export const REFRESH_STORAGE_KEY = "orderservice.refresh";

export type FieldErrors = Record<string, string[]>;

/** A non-2xx answer. `data` is the parsed JSON body (DRF: `{detail}` or `{field: [messages]}`). */
export class ApiError extends Error {
  readonly status: number;
  readonly data: unknown;

  constructor(status: number, data: unknown) {
    super(describe(status, data));
    this.name = "ApiError";
    this.status = status;
    this.data = data;
  }

  /** Field-level messages of a 400, keyed by field name (`non_field_errors` and `detail` included). */
  get fieldErrors(): FieldErrors {
    const errors: FieldErrors = {};
    if (this.data && typeof this.data === "object" && !Array.isArray(this.data)) {
      for (const [field, value] of Object.entries(this.data as Record<string, unknown>)) {
        if (Array.isArray(value)) errors[field] = value.map(String);
        else if (typeof value === "string") errors[field] = [value];
      }
    }
    return errors;
  }
}

/** The browser could not reach the server at all (offline, DNS, CORS). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(i18n.t("errors.network"));
    this.name = "NetworkError";
    this.cause = cause;
  }
}

function describe(status: number, data: unknown): string {
  if (data && typeof data === "object" && "detail" in data && typeof data.detail === "string") return data.detail;
  if (status === 429) return i18n.t("errors.throttled");
  if (status >= 500) return i18n.t("errors.server");
  if (status === 404) return i18n.t("errors.notFound");
  if (data && typeof data === "object") {
    const first = Object.values(data as Record<string, unknown>).flat()[0];
    if (typeof first === "string") return first;
  }
  return i18n.t("errors.failed", { status });
}

/** A readable message for any error a request may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof NetworkError) return error.message;
  return i18n.t("errors.unexpected");
}

export interface RequestOptions {
  method?: string;
  /** JSON-serialised unless it is FormData (multipart, the browser sets the boundary). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Query string parameters; empty values are left out. */
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
  /** Public endpoints (login, register, password reset…): no bearer token, no refresh on a 401. */
  anonymous?: boolean;
}

export interface ApiClientOptions {
  baseUrl?: string;
  storage?: Pick<Storage, "getItem" | "setItem" | "removeItem">;
  fetch?: typeof fetch;
}

type AuthListener = (loggedIn: boolean) => void;

export class ApiClient {
  private readonly baseUrl: string;
  private readonly storage: ApiClientOptions["storage"];
  private readonly fetchImpl: () => typeof fetch;
  private accessToken: string | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly listeners = new Set<AuthListener>();

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? "/api/v1";
    this.storage = options.storage ?? safeLocalStorage();
    // Looked up on each call so tests can stub the global fetch after the client exists.
    this.fetchImpl = () => options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  get hasSession(): boolean {
    return this.accessToken !== null || this.refreshToken !== null;
  }

  private get refreshToken(): string | null {
    return this.storage?.getItem(REFRESH_STORAGE_KEY) ?? null;
  }

  /** Keeps a fresh pair after login, social login or a rotating refresh. */
  setTokens(access: string, refresh?: string): void {
    this.accessToken = access;
    if (refresh) this.storage?.setItem(REFRESH_STORAGE_KEY, refresh);
    this.emit(true);
  }

  /** Forgets both tokens locally (the server-side logout is `logout()` in endpoints). */
  clearTokens(): void {
    const had = this.hasSession;
    this.accessToken = null;
    this.storage?.removeItem(REFRESH_STORAGE_KEY);
    if (had) this.emit(false);
  }

  getRefreshToken(): string | null {
    return this.refreshToken;
  }

  onAuthChange(listener: AuthListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(loggedIn: boolean): void {
    for (const listener of this.listeners) listener(loggedIn);
  }

  url(path: string, query?: RequestOptions["query"]): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
    }
    const search = params.toString();
    const base = path.startsWith("/") ? path : `${this.baseUrl}/${path}`;
    return search ? `${base}?${search}` : base;
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    if (options.anonymous) return parse<T>(await this.send(path, options));
    if (this.accessToken === null && this.refreshToken !== null) await this.refresh();
    let response = await this.send(path, options);
    if (response.status === 401 && this.refreshToken !== null) {
      if (await this.refresh()) response = await this.send(path, options);
    }
    return parse<T>(response);
  }

  private async send(path: string, options: RequestOptions): Promise<Response> {
    // The API answers its messages in the storefront's language (Django's LocaleMiddleware).
    const headers: Record<string, string> = {
      Accept: "application/json",
      "Accept-Language": i18n.language,
      ...options.headers,
    };
    let body: BodyInit | undefined;
    if (options.body instanceof FormData) body = options.body;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["Content-Type"] = "application/json";
    }
    if (this.accessToken && !options.anonymous) headers.Authorization = `Bearer ${this.accessToken}`;
    try {
      return await this.fetchImpl()(this.url(path, options.query), {
        method: options.method ?? (body === undefined ? "GET" : "POST"),
        headers,
        body,
        signal: options.signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") throw error;
      throw new NetworkError(error);
    }
  }

  /**
   * Trades the stored refresh token for a new access token. Concurrent callers share one request.
   * Resolves false — and logs out — when the server refuses the refresh token; any other failure
   * (offline, 5xx, 429) is thrown and keeps the session for a later try.
   */
  refresh(): Promise<boolean> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async doRefresh(): Promise<boolean> {
    const refresh = this.refreshToken;
    if (!refresh) return false;
    this.accessToken = null;
    const response = await this.send("token/refresh/", { method: "POST", body: { refresh }, anonymous: true });
    if (response.status === 400 || response.status === 401) {
      this.clearTokens();
      return false;
    }
    if (!response.ok) await parse(response);
    const data = (await response.json()) as { access: string; refresh?: string };
    this.setTokens(data.access, data.refresh);
    return true;
  }
}

async function parse<T>(response: Response): Promise<T> {
  const text = response.status === 204 || response.status === 205 ? "" : await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { detail: response.ok ? text : undefined };
    }
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data as T;
}

function safeLocalStorage(): ApiClientOptions["storage"] {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
