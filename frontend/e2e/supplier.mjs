// End-to-end run of a supplier's side in real headless Chromium (harness.mjs: its own embedded Django with the
// demo data, always stopped): staff invite TechMarket's owner from the shop's admin page; the supplier sets a
// password from the e-mailed link on a 375 px phone, uploads a price list, reads the preview and applies it;
// a customer orders one of its offers through the API and staff confirm it; the supplier assembles the parcel
// and marks it sent with a tracking number; the customer's order shows that number. Screenshots under
// var/screenshots/supplier-*.png. Exit code 0 only when every step passed.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { assert, assertNoSidewaysScroll, decodeMail, log, ROOT, runE2E, SHOTS, TIMEOUT } from "./harness.mjs";

const STAFF = { email: "admin@example.com", password: "orderservice-demo" };
const SUPPLIER = { email: "owner@techmarket.example", password: "Techmarket-e2e-passw0rd!" };
const CUSTOMER = { email: "buyer@example.com", password: "Buyer-e2e-passw0rd!" };
const SHOP = "TechMarket";
const TRACKING = "RA123456789RU";

const step = (name) => log(`step: ${name}`);

async function api(origin, method, route, { token, body } = {}) {
  const response = await fetch(`${origin}/api/v1/${route}`, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = response.status === 204 ? null : await response.json();
  assert(response.ok, `${method} ${route} answered ${response.status}: ${JSON.stringify(data)}`);
  return data;
}

/** The demo price list of the shop with its first price raised by one rouble, so the preview shows a change. */
function changedPriceList() {
  const text = readFileSync(path.join(ROOT, "data", "shop1.yaml"), "utf8");
  const changed = text.replace(/^(\s*)price: (\d+)(\.\d+)?$/m, (_, indent, price) => `${indent}price: ${Number(price) + 1}`);
  assert(changed !== text, "no price to change in data/shop1.yaml");
  const file = path.join(ROOT, "var", "supplier-e2e", "techmarket.yaml");
  writeFileSync(file, changed);
  return file;
}

async function staffSignsIn(browser, origin) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  await page.goto(`${origin}/admin/login/`);
  await page.fill('input[name="username"]', STAFF.email);
  await page.fill('input[name="password"]', STAFF.password);
  await page.click('form button[type="submit"]');
  await page.waitForURL(`${origin}/admin/`);
  return page;
}

runE2E({ name: "supplier-e2e", needsSpa: false }, async ({ browser, origin, manage, mailContaining }) => {
  manage(
    "shell",
    "-c",
    `from accounts.models import User; User.objects.create_user(email="${CUSTOMER.email}", password="${CUSTOMER.password}")`,
  );
  const staff = await staffSignsIn(browser, origin);

  step("staff invite the shop's owner from the shop's page");
  await staff.goto(`${origin}/admin/snippets/shop/shop/`);
  await staff.getByRole("link", { name: SHOP, exact: true }).first().click();
  await staff.waitForURL(/\/edit\/\d+\/$/);
  const shopId = staff.url().match(/\/edit\/(\d+)\/$/)[1];
  const membersUrl = `/admin/snippets/shop/shop/suppliers/${shopId}/`;
  // The header's "more" menu takes its links out of the page until it is opened: read the page as served.
  const shopPage = await (await staff.request.get(staff.url())).text();
  assert(shopPage.includes(`href="${membersUrl}"`), "the shop's page has no link to its supplier users");
  await staff.goto(`${origin}${membersUrl}`);
  await staff.fill('input[name="email"]', SUPPLIER.email);
  await staff.fill('input[name="first_name"]', "Олег");
  await staff.check('input[name="as_owner"]');
  await staff.click('form:has(input[name="email"]) button[type="submit"]');
  await staff.getByRole("cell", { name: SUPPLIER.email }).waitFor();

  step("the supplier sets a password from the e-mailed link, on a phone");
  const mail = decodeMail(await mailContaining(SUPPLIER.email));
  const link = mail.match(/https?:\/\/\S+?\/admin\/invitation\/[\w-]+\//)[0];
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: "ru-RU" });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const shot = (name) => page.screenshot({ path: path.join(SHOTS, `supplier-${name}.png`), fullPage: true });
  await page.goto(link);
  await page.fill('input[name="password"]', SUPPLIER.password);
  await page.fill('input[name="password_again"]', SUPPLIER.password);
  await page.click('form button[type="submit"]');
  await page.waitForURL(`${origin}/admin/`);
  await page.locator('[data-figure="to-assemble"]').waitFor();
  assert((await page.locator("main").innerText()).includes(SHOP), "the dashboard does not show the shop");
  await assertNoSidewaysScroll(page, "the supplier's dashboard");
  await shot("dashboard-375");

  step("the supplier uploads a price list, reads the preview and applies it");
  await page.goto(`${origin}/admin/imports/new/`);
  await page.setInputFiles('input[name="file"]', changedPriceList());
  await page.click('main form button[type="submit"]');
  await page.waitForURL(/\/admin\/imports\/\d+\/$/);
  const runId = page.url().match(/\/imports\/(\d+)\/$/)[1];
  await page.locator('form[action$="/apply/"] button[type="submit"]').waitFor();
  assert((await page.content()).includes("→"), "the preview shows no change");
  await shot("preview-375");
  await page.click('form[action$="/apply/"] button[type="submit"]');
  const deadline = Date.now() + TIMEOUT;
  let run;
  do {
    run = await (await page.request.get(`${origin}/admin/imports/${runId}/status/`)).json();
  } while (!run.finished && Date.now() < deadline);
  assert(run.status === "applied", `the import ended ${run.status}`);

  step("a customer orders one of the shop's offers, and staff confirm the order");
  const { access } = await api(origin, "POST", "login/", { body: CUSTOMER });
  const offers = await api(origin, "GET", `product-infos/?shop_id=${shopId}&in_stock=true`);
  const cart = await api(origin, "POST", "cart/add/", { token: access, body: { product_info_id: offers.results[0].id, quantity: 1 } });
  const contact = await api(origin, "POST", "contacts/", {
    token: access,
    body: { first_name: "Анна", last_name: "Покупатель", email: CUSTOMER.email, phone: "+79001234567", city: "Москва", street: "Тверская", house: "1" },
  });
  const order = await api(origin, "POST", "confirm-order/", { token: access, body: { contact_id: contact.id, expected_total: cart.total_price } });
  const shipmentId = order.items[0].shipment_id;
  await staff.goto(`${origin}/admin/snippets/shop/order/shipment/${shipmentId}/move/?to_status=confirmed`);
  await staff.click('button[data-confirm-move="confirmed"]');

  step("the supplier assembles the parcel and sends it with its tracking number");
  await page.goto(`${origin}/admin/my-shop/shipments/`);
  await page.locator(`a[href="/admin/my-shop/shipments/inspect/${shipmentId}/"]`).first().waitFor();
  await page.goto(`${origin}/admin/my-shop/shipments/inspect/${shipmentId}/`);
  await page.click('a[data-move="assembled"]');
  await page.click('button[data-confirm-move="assembled"]');
  await page.locator('[data-shipment-status="assembled"]').waitFor();
  await page.click('a[data-move="sent"]');
  await page.fill('input[name="tracking_number"]', TRACKING);
  await page.click('button[data-confirm-move="sent"]');
  await page.locator('[data-shipment-status="sent"]').waitFor();
  await assertNoSidewaysScroll(page, "the shipment's page");
  await shot("shipment-375");

  step("the customer's order shows the tracking number");
  const placed = await api(origin, "GET", `orders/${order.id}/`, { token: access });
  assert(JSON.stringify(placed).includes(TRACKING), `the customer's order does not show ${TRACKING}`);
  log(`screenshots in ${SHOTS}`);
});
