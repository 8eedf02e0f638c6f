import { describe, expect, it, vi } from "vitest";
import { fakeApi } from "../test/fakeApi";
import { ApiClient, ApiError, NetworkError, REFRESH_STORAGE_KEY } from "./client";

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
    data,
  };
}

const bearer = (token: string) => `Bearer ${token}`;

describe("ApiClient tokens", () => {
  it("keeps the access token in memory and only the refresh token in storage", () => {
    const storage = memoryStorage();
    const api = new ApiClient({ storage });
    api.setTokens("access-1", "refresh-1");
    expect([...storage.data.values()]).toEqual(["refresh-1"]);
    expect(storage.data.get(REFRESH_STORAGE_KEY)).toBe("refresh-1");
  });

  it("sends the bearer token and parses JSON", async () => {
    const server = fakeApi({ "GET /api/v1/cart/": { body: { id: 1, items: [] } } });
    const api = new ApiClient({ storage: memoryStorage() });
    api.setTokens("access-1", "refresh-1");
    await expect(api.request("cart/")).resolves.toEqual({ id: 1, items: [] });
    expect(server.calls[0].headers.authorization).toBe(bearer("access-1"));
  });

  it("refreshes once on a 401, retries with the new token and keeps a rotated refresh token", async () => {
    const storage = memoryStorage();
    const server = fakeApi({
      "GET /api/v1/orders/": (call) =>
        call.headers.authorization === bearer("access-2") ? { body: { count: 0, results: [] } } : { status: 401 },
      "POST /api/v1/token/refresh/": { body: { access: "access-2", refresh: "refresh-2" } },
    });
    const api = new ApiClient({ storage });
    api.setTokens("expired", "refresh-1");

    await expect(api.request("orders/")).resolves.toEqual({ count: 0, results: [] });

    const refreshes = server.callsTo("POST", "/api/v1/token/refresh/");
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0].body).toEqual({ refresh: "refresh-1" });
    expect(server.callsTo("GET", "/api/v1/orders/").map((c) => c.headers.authorization)).toEqual([
      bearer("expired"),
      bearer("access-2"),
    ]);
    expect(storage.getItem(REFRESH_STORAGE_KEY)).toBe("refresh-2");
  });

  it("shares one refresh between requests that fail together", async () => {
    const server = fakeApi({
      "GET /api/v1/cart/": (call) => (call.headers.authorization === bearer("fresh") ? { body: {} } : { status: 401 }),
      "GET /api/v1/users/me/": (call) =>
        call.headers.authorization === bearer("fresh") ? { body: {} } : { status: 401 },
      "POST /api/v1/token/refresh/": async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { body: { access: "fresh" } };
      },
    });
    const api = new ApiClient({ storage: memoryStorage() });
    api.setTokens("stale", "refresh-1");

    await Promise.all([api.request("cart/"), api.request("users/me/")]);

    expect(server.callsTo("POST", "/api/v1/token/refresh/")).toHaveLength(1);
  });

  it("logs out when the refresh token is refused, without retrying in a loop", async () => {
    const storage = memoryStorage();
    const server = fakeApi({
      "GET /api/v1/cart/": { status: 401, body: { detail: "Token expired" } },
      "POST /api/v1/token/refresh/": { status: 401, body: { detail: "Token is blacklisted" } },
    });
    const api = new ApiClient({ storage });
    api.setTokens("stale", "refresh-1");
    const listener = vi.fn();
    api.onAuthChange(listener);

    const failure = await api.request("cart/").catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(401);
    expect(server.callsTo("POST", "/api/v1/token/refresh/")).toHaveLength(1);
    expect(server.callsTo("GET", "/api/v1/cart/")).toHaveLength(1);
    expect(storage.getItem(REFRESH_STORAGE_KEY)).toBeNull();
    expect(api.hasSession).toBe(false);
    expect(listener).toHaveBeenCalledWith(false);
  });

  it("does not refresh twice when the retried request is refused again", async () => {
    const server = fakeApi({
      "GET /api/v1/cart/": { status: 401 },
      "POST /api/v1/token/refresh/": { body: { access: "fresh" } },
    });
    const api = new ApiClient({ storage: memoryStorage() });
    api.setTokens("stale", "refresh-1");

    await expect(api.request("cart/")).rejects.toMatchObject({ status: 401 });
    expect(server.callsTo("POST", "/api/v1/token/refresh/")).toHaveLength(1);
    expect(server.callsTo("GET", "/api/v1/cart/")).toHaveLength(2);
  });

  it("after a reload, trades the stored refresh token for an access token before the first call", async () => {
    const server = fakeApi({
      "POST /api/v1/token/refresh/": { body: { access: "fresh" } },
      "GET /api/v1/users/me/": { body: { id: 1 } },
    });
    const api = new ApiClient({ storage: memoryStorage({ [REFRESH_STORAGE_KEY]: "refresh-1" }) });

    await api.request("users/me/");

    expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /api/v1/token/refresh/",
      "GET /api/v1/users/me/",
    ]);
    expect(server.calls[1].headers.authorization).toBe(bearer("fresh"));
  });

  it("leaves public endpoints alone: a wrong password is not a reason to refresh", async () => {
    const server = fakeApi({ "POST /api/v1/login/": { status: 401, body: { detail: "No active account" } } });
    const api = new ApiClient({ storage: memoryStorage({ [REFRESH_STORAGE_KEY]: "old-refresh" }) });
    await expect(api.request("login/", { body: {}, anonymous: true })).rejects.toMatchObject({ status: 401 });
    expect(server.calls.map((c) => c.path)).toEqual(["/api/v1/login/"]);
    expect(server.calls[0].headers.authorization).toBeUndefined();
  });

  it("does not call refresh for anonymous visitors", async () => {
    const server = fakeApi({ "GET /api/v1/cart/": { status: 401, body: { detail: "Not authenticated" } } });
    const api = new ApiClient({ storage: memoryStorage() });
    await expect(api.request("cart/")).rejects.toMatchObject({ status: 401, message: "Not authenticated" });
    expect(server.calls).toHaveLength(1);
  });

  it("keeps the session when refreshing fails for a reason other than a refused token", async () => {
    const storage = memoryStorage();
    fakeApi({
      "GET /api/v1/cart/": { status: 401 },
      "POST /api/v1/token/refresh/": { status: 503, body: { detail: "Maintenance" } },
    });
    const api = new ApiClient({ storage });
    api.setTokens("stale", "refresh-1");
    await expect(api.request("cart/")).rejects.toMatchObject({ status: 503 });
    expect(storage.getItem(REFRESH_STORAGE_KEY)).toBe("refresh-1");
  });

  it("turns an unreachable server into a NetworkError and field errors into a map", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));
    const api = new ApiClient({ storage: memoryStorage() });
    await expect(api.request("categories/")).rejects.toBeInstanceOf(NetworkError);

    const error = new ApiError(400, { email: ["Enter a valid e-mail."], password: "Too short." });
    expect(error.fieldErrors).toEqual({ email: ["Enter a valid e-mail."], password: ["Too short."] });
    expect(error.message).toBe("Enter a valid e-mail.");
  });

  it("builds query strings without empty values", () => {
    const api = new ApiClient({ storage: memoryStorage() });
    expect(api.url("product-infos/", { search: "iphone", shop_id: "", page: 2, price_min: undefined })).toBe(
      "/api/v1/product-infos/?search=iphone&page=2",
    );
  });
});
