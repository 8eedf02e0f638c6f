import { vi } from "vitest";

export interface Call {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

export interface Reply {
  status?: number;
  body?: unknown;
}

type Handler = (call: Call) => Reply | Promise<Reply>;

/**
 * Stands in for the Django API at the HTTP boundary: a table of `"METHOD /path"` → handler,
 * installed as the global fetch. Every call is recorded; an unknown route answers 404.
 */
export function fakeApi(routes: Record<string, Handler | Reply>) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://shop.test");
    const method = (init.method ?? "GET").toUpperCase();
    const headers = Object.fromEntries(
      Object.entries((init.headers ?? {}) as Record<string, string>).map(([key, value]) => [key.toLowerCase(), value]),
    );
    const body = typeof init.body === "string" ? JSON.parse(init.body) : init.body;
    const call: Call = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body };
    calls.push(call);
    const route = routes[`${method} ${url.pathname}`];
    const reply = typeof route === "function" ? await route(call) : (route ?? { status: 404, body: { detail: "Not found." } });
    const status = reply.status ?? 200;
    return new Response(reply.body === undefined || status === 204 ? null : JSON.stringify(reply.body), {
      status,
      headers: { "Content-Type": "application/json" },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return {
    calls,
    fetchMock,
    callsTo: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path),
  };
}

export const ME = {
  id: 7,
  email: "ann@example.com",
  first_name: "Ann",
  last_name: "Lee",
  user_type: "client",
  avatar: null,
  language: "en" as const,
};
