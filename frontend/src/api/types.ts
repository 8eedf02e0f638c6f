// Shapes of the JSON the HTTP API (docs/API.md in the repository) sends and takes. Where the generated
// schema.d.ts (from docs/openapi.yaml, `npm run gen:api`) describes them, they are taken from it.
// Money is a decimal string with two places.
import type { components, operations } from "./schema";

type Schemas = components["schemas"];

export type Money = string;

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export type UserType = "client" | "supplier";

export interface UserInfo {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  user_type: UserType;
}

/** The language of the storefront and of the e-mails the account gets. */
export type AccountLanguage = Schemas["LanguageEnum"];

export type Me = Schemas["User"];

/** A social login provider the server has credentials for. */
export type AuthProvider = Schemas["SocialProvider"];

/** One line of a guest cart handed to the account's cart at login. */
export type CartMergeLine = Schemas["CartAddRequest"];

export interface LoginAnswer {
  access: string;
  refresh: string;
  user_info: UserInfo;
}

export interface RegisterInput {
  email: string;
  password: string;
  password_confirm: string;
  first_name?: string;
  last_name?: string;
  language?: AccountLanguage;
}

export interface ProductParameter {
  parameter_name: string;
  value: string;
}

export interface ProductOffer {
  id: number;
  /** The offer's own name: the variant ("iPhone 15 128GB Black"). */
  name: string;
  shop_name: string;
  price: Money;
  price_rrc: Money;
  quantity: number;
  description?: string;
  product_parameters: ProductParameter[];
}

export interface Product {
  id: number;
  name: string;
  category_name: string;
  image: { thumbnail: string | null; detail: string | null } | null;
  product_infos: ProductOffer[];
}

/** One card per product in the catalogue: its lowest price over the shops that meet the filters, and where. */
export type ProductCard = Schemas["ProductCard"];

/** Product counts of the current query per category, shop and parameter value, and its price range. */
export type CatalogueFacets = Schemas["CatalogueFacets"];

/** What the search box offers for a typed prefix. */
export type Suggestions = Schemas["Suggestions"];

/** The query of `products/` (and, without paging, of `products/facets/`), as the strings a URL holds. */
export type ProductQuery = {
  [K in keyof NonNullable<operations["products_list"]["parameters"]["query"]>]?: string;
};

/** One offer and how many of it, as a cart line and an order line both show it. */
export interface LineItem {
  id: number;
  product_info_id: number;
  product_name: string;
  /** The offer's variant ("128 GB, black"), copied onto the line at checkout. */
  offer_name: string;
  shop_name: string;
  price: Money;
  quantity: number;
}

/** A cart line; `available` is the offer's stock now, `offer_name` its variant. */
export type CartItem = Schemas["CartItem"];

export type Cart = Omit<Schemas["Cart"], "items"> & { items: CartItem[] };

export interface ContactInput {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  city: string;
  street: string;
  house: string;
  structure?: string;
  building?: string;
  apartment?: string;
}

export interface Contact extends ContactInput {
  id: number;
  is_confirmed: boolean;
}

/** Includes `partly_sent` and `partly_delivered`: an order with shipments from several shops at different steps. */
export type OrderStatus = Schemas["OrderStatusEnum"];

/** One shop's parcel of an order: its lines, the steps it stands on with their dates, its tracking. */
export type Shipment = Schemas["Shipment"];

export type ShipmentStatus = Schemas["ShipmentStep"]["status"];

export interface Order {
  id: number;
  created_at: string;
  status: OrderStatus;
  status_display: string;
  contact: Contact | number | null;
  items: LineItem[];
  shipments: Shipment[];
  total_price: Money;
}

/** 409 from cart/add/ and cart/item/<id>/: not enough stock. */
export type StockConflict = Schemas["StockConflict"];

/** 409 from confirm-order/: short stock (`items`), a closed shop (`shops`) or a changed total (`total_changed`). */
export type CheckoutConflict = Schemas["CheckoutConflict"];

/** What the customer was shown at checkout: the server refuses to charge any other total. */
export interface ShownTotal {
  total: Money;
  prices: { product_info_id: number; price: Money }[];
}

export interface CmsPageSummary {
  id: number;
  title: string;
  meta: { type: string; slug: string };
}

/** pages.InfoPage of the CMS: delivery and returns, about… */
export interface CmsInfoPage extends CmsPageSummary {
  intro?: string;
  /** Rich text rendered to HTML by Wagtail. */
  body?: string;
}

/** pages.HomePage of the CMS: the catalogue's hero. */
export interface CmsHomePage extends CmsPageSummary {
  hero_title?: string;
  hero_text?: string;
  hero_image_wide?: { url: string; alt?: string } | null;
}
