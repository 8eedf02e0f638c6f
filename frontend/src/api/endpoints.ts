// One typed function per operation of the HTTP API (docs/API.md in the repository) that the storefront uses.
import { ApiClient } from "./client";
import type {
  AccountLanguage,
  AuthProvider,
  Cart,
  CartMergeLine,
  CatalogueFacets,
  CmsHomePage,
  CmsInfoPage,
  CmsPageSummary,
  Contact,
  ContactInput,
  LoginAnswer,
  Me,
  Order,
  Page,
  Product,
  ProductCard,
  ProductQuery,
  RegisterInput,
  ShownTotal,
  Suggestions,
} from "./types";

export const client = new ApiClient();

const encode = (segment: string | number) => encodeURIComponent(String(segment));

export const api = {
  /** The same answer whether or not the address already has an account (its owner is told by e-mail). */
  register: (input: RegisterInput) =>
    client.request<{ email: string; detail: string }>("register/", { body: input, anonymous: true }),
  /** Confirms by POST (a GET never logs in); the pair comes only in the first answer right after confirming. */
  confirmEmail: (token: string) =>
    client.request<{ detail: string; access?: string; refresh?: string }>(`confirm-email/${encode(token)}/`, {
      method: "POST",
      anonymous: true,
    }),
  async login(email: string, password: string): Promise<LoginAnswer> {
    const answer = await client.request<LoginAnswer>("login/", { body: { email, password }, anonymous: true });
    client.setTokens(answer.access, answer.refresh);
    return answer;
  },
  async logout(): Promise<void> {
    const refresh = client.getRefreshToken();
    try {
      if (refresh) await client.request("logout/", { body: { refresh }, anonymous: true });
    } finally {
      client.clearTokens();
    }
  },
  requestPasswordReset: (email: string) => client.request<unknown>("password-reset/", { body: { email }, anonymous: true }),
  resetPassword: (token: string, password: string) =>
    client.request<{ detail?: string }>("password-reset/confirm/", { body: { token, password }, anonymous: true }),
  resendConfirmation: (email: string) =>
    client.request<{ detail: string }>("register/resend/", { body: { email }, anonymous: true }),
  me: () => client.request<Me>("users/me/"),
  updateProfile: (changes: { first_name?: string; last_name?: string; language?: AccountLanguage } | FormData) =>
    client.request<Me>("profile/", { method: "PATCH", body: changes }),
  /** Every other session ends; this device goes on with the new pair of the answer. */
  async changePassword(oldPassword: string, newPassword: string): Promise<{ detail: string }> {
    const answer = await client.request<{ detail: string; access: string; refresh: string }>("users/me/password/", {
      body: { old_password: oldPassword, new_password: newPassword },
    });
    client.setTokens(answer.access, answer.refresh);
    return answer;
  },
  changeEmail: (email: string, password: string) =>
    client.request<{ detail: string }>("users/me/email/", { body: { email, password } }),
  confirmEmailChange: (token: string) =>
    client.request<{ detail: string }>(`users/me/email/confirm/${encode(token)}/`, { method: "POST", anonymous: true }),
  undoEmailChange: (token: string) =>
    client.request<{ detail: string }>(`users/me/email/undo/${encode(token)}/`, { method: "POST", anonymous: true }),
  authProviders: () => client.request<AuthProvider[]>("auth/providers/", { anonymous: true }),

  products: (filters: ProductQuery, signal?: AbortSignal) =>
    client.request<Page<ProductCard>>("products/", { query: filters, signal }),
  facets: (filters: ProductQuery, signal?: AbortSignal) =>
    client.request<CatalogueFacets>("products/facets/", { query: filters, signal }),
  suggestions: (text: string, signal?: AbortSignal) =>
    client.request<Suggestions>("suggestions/", { query: { q: text }, signal }),
  product: (id: number | string, signal?: AbortSignal) => client.request<Product>(`products/${encode(id)}/`, { signal }),

  cart: () => client.request<Cart>("cart/"),
  addToCart: (productInfoId: number, quantity: number) =>
    client.request<unknown>("cart/add/", { body: { product_info_id: productInfoId, quantity } }),
  setCartQuantity: (itemId: number, quantity: number) =>
    client.request<unknown>(`cart/item/${encode(itemId)}/`, { method: "PATCH", body: { quantity } }),
  removeCartItem: (itemId: number) => client.request<void>(`cart/item/${encode(itemId)}/`, { method: "DELETE" }),
  emptyCart: () => client.request<void>("cart/", { method: "DELETE" }),
  /** Adds a guest cart's lines to the account's cart, each capped at the stock; answers the merged cart. */
  mergeCart: (lines: CartMergeLine[]) => client.request<Cart>("cart/merge/", { body: { items: lines } }),

  contacts: () => client.request<Page<Contact> | Contact[]>("contacts/", { query: { page_size: 100 } }),
  addContact: (input: ContactInput) => client.request<Contact>("contacts/", { body: input }),
  deleteContact: (id: number) => client.request<void>(`contacts/${encode(id)}/`, { method: "DELETE" }),

  /**
   * Places the order at the total the customer was shown (another current total is a 409 `total_changed`);
   * the same `idempotencyKey` again answers with the same order instead of a new one.
   */
  confirmOrder: (contactId: number, shown: ShownTotal, idempotencyKey: string) =>
    client.request<Order>("confirm-order/", {
      body: { contact_id: contactId, expected_total: shown.total, expected_prices: shown.prices },
      headers: { "Idempotency-Key": idempotencyKey },
    }),
  orders: (page: number, signal?: AbortSignal) => client.request<Page<Order>>("orders/", { query: { page }, signal }),
  order: (id: number | string, signal?: AbortSignal) => client.request<Order>(`orders/${encode(id)}/`, { signal }),
  cancelOrder: (id: number, reason: string) =>
    client.request<Order>(`orders/${encode(id)}/cancel/`, { method: "POST", body: { reason } }),

  // Wagtail's API v2 (another app); public, and absent in deployments without the CMS.
  cmsInfoPages: () =>
    client.request<{ items: CmsPageSummary[] }>("/api/cms/pages/", {
      query: { type: "pages.InfoPage", limit: 20 },
      anonymous: true,
    }),
  cmsInfoPage: async (slug: string): Promise<CmsInfoPage | null> => {
    const query = { type: "pages.InfoPage", slug, fields: "intro,body" };
    return (await client.request<{ items: CmsInfoPage[] }>("/api/cms/pages/", { query, anonymous: true })).items[0] ?? null;
  },
  cmsHome: async (): Promise<CmsHomePage | null> => {
    const query = { type: "pages.HomePage", fields: "hero_title,hero_text,hero_image_wide" };
    return (await client.request<{ items: CmsHomePage[] }>("/api/cms/pages/", { query, anonymous: true })).items[0] ?? null;
  },
};

/** A list endpoint may answer paginated or as a bare array; the UI wants the rows. */
export function rows<T>(answer: Page<T> | T[]): T[] {
  return Array.isArray(answer) ? answer : answer.results;
}
