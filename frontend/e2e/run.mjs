// End-to-end run of the built storefront in real headless Chromium against Django serving it
// (harness.mjs: its own embedded Django with demo data, always stopped). Walks a Russian guest on a 375 px phone from search suggestions, facets and a product page to a placed order, saves
// screenshots and metrics.json (first catalogue render) under var/screenshots/, and always stops the server. Exit code 0 only when every step passed.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { assert, assertNoSidewaysScroll, decodeMail, log, runE2E, SHOTS, TIMEOUT } from "./harness.mjs";

const metrics = {};
// A plain 24×24 PNG, small enough to live here and real enough for Pillow.
const AVATAR_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAAIklEQVR4nGOUj+9moAZgooopowaNGjRq0KhBowaNGkQRAAC+mwE5yOTy8AAAAABJRU5ErkJggg==",
  "base64",
);

// A Russian shopper on a phone: a guest fills a cart, registers, confirms from the e-mail, finds the cart
// still there after logging in and checks out; the order lists what was chosen.
async function scenario(page, origin, mailContaining) {
  const email = `e2e-${Date.now()}@example.com`;
  const password = "Sturdy-e2e-passw0rd!";
  const step = (name) => log(`step: ${name}`);
  const shot = (name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const main = page.getByRole("main");

  step("the catalogue speaks Russian to a Russian browser");
  await page.goto(`${origin}/`);
  await page.locator(".offer-card").first().waitFor();
  const firstRender = await page.evaluate(() => window.__firstOfferCardAt);
  metrics.firstCatalogueRenderMs = Math.round(firstRender);
  log(`first catalogue render: ${metrics.firstCatalogueRenderMs} ms after navigation start`);
  assert((await page.locator("html").getAttribute("lang")) === "ru", "<html lang> is not ru");
  assert((await page.title()) === "Каталог · Order Service", `the title is ${await page.title()}`);
  assert(/\d[\d\u00a0\u202f ]*,\d\d\u00a0₽/.test(await page.locator(".offer-card .price").first().innerText()), "prices are not in Russian format");
  await assertNoSidewaysScroll(page, "the catalogue");
  await shot("home-375");
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement?.textContent ?? "");
  assert(focused.includes("Перейти к содержимому"), `the first Tab stop is not the skip link but ${focused}`);

  step("the search box suggests products as one types");
  const searchBox = page.getByRole("combobox", { name: "Поиск товаров" });
  await searchBox.pressSequentially("iPh");
  const suggestions = page.getByRole("listbox", { name: "Подсказки" });
  await suggestions.getByRole("option", { name: "Apple iPhone 15" }).waitFor();
  await shot("suggestions-375");
  await searchBox.press("Escape");
  await suggestions.waitFor({ state: "hidden" });
  await searchBox.fill("iPhone");
  await page.getByRole("button", { name: "Найти" }).click();
  await page.getByRole("heading", { name: /Результаты по запросу «iPhone»/ }).waitFor();
  // The previous page's cards stay on screen, marked busy, until the search answers.
  await page.locator('.offer-grid[aria-busy="false"]').waitFor();

  step("one card per product, however many shops offer it");
  const cards = page.locator(".offer-card");
  const names = await cards.locator(".offer-name").allTextContents();
  assert(new Set(names).size === names.length, `a product has several cards: ${names.join(", ")}`);
  const iphone = cards.filter({ has: page.getByRole("link", { name: "Apple iPhone 15", exact: true }) });
  await iphone.getByText("3 магазина").waitFor();
  const lowest = await iphone.locator(".lowest-price").textContent();
  assert(/^от \d[\d\u00a0\u202f ]*,\d\d\u00a0₽ в \S/.test(lowest), `the card has no lowest price and shop: ${lowest}`);

  step("facets narrow the results and count them");
  // On a phone the filters are a sheet over the results, not a long panel above them.
  await page.getByRole("button", { name: "Фильтры", exact: true }).click();
  const sheet = page.getByRole("dialog", { name: "Фильтры" });
  const shopFacet = sheet.getByRole("group", { name: "Магазин" }).getByRole("button", { name: /^Gadget House: \d+ товар/ });
  await shopFacet.and(page.locator('[aria-pressed="false"]')).click();
  await page.waitForURL(/shop_id=\d+/);
  // The chosen shop is marked as chosen once the page has rendered the new URL.
  await shopFacet.and(page.locator('[aria-pressed="true"]')).waitFor();
  await assertNoSidewaysScroll(page, "the catalogue with its filters open");
  await shot("filters-375");
  await sheet.getByRole("button", { name: "Сбросить фильтры" }).click();
  await page.waitForURL((url) => !url.search.includes("shop_id"));
  await sheet.getByRole("button", { name: /^Показать \d+ товар/ }).click();
  await sheet.waitFor({ state: "detached" });

  step("a guest adds two offers from different shops on the product page");
  await iphone.getByRole("link", { name: "Apple iPhone 15", exact: true }).click();
  await page.getByRole("heading", { name: "Apple iPhone 15", level: 1 }).waitFor();
  const rows = page.locator(".offer-row");
  const shops = await rows.evaluateAll((elements) => elements.map((row) => row.querySelector("h3").firstChild.textContent));
  const chosen = [0, shops.findIndex((shop) => shop !== shops[0])];
  assert(chosen[1] > 0, `the product's offers come from one shop only: ${shops.join(", ")}`);
  const products = [];
  for (const index of chosen) {
    const row = rows.nth(index);
    const variant = row.locator(".offer-variant");
    products.push((await variant.count()) ? (await variant.innerText()).trim() : "Apple iPhone 15");
    await row.getByRole("button", { name: /^Добавить .* в корзину$/ }).click();
    await row.getByText("в корзине").waitFor();
    const focusIn = await row.evaluate((element) => element.contains(document.activeElement));
    assert(focusIn, "after adding, focus is not on the offer's message");
  }
  // The cart and its count stay in the header on a phone, outside the folded menu.
  const cartLink = page.getByRole("banner").getByRole("link", { name: /^Корзина/ });
  await cartLink.getByText("2", { exact: true }).waitFor();
  assert(await cartLink.isVisible(), "the cart link is hidden at 375 px");
  await assertNoSidewaysScroll(page, "the product page");
  await shot("product-375");

  step("the guest cart");
  await cartLink.click();
  await page.getByRole("heading", { name: "Корзина", exact: true }).waitFor();
  assert((await page.locator(".cart-line").count()) === 2, "the guest cart does not hold 2 lines");
  await assertNoSidewaysScroll(page, "the cart");
  await shot("guest-cart-375");

  step("register from the cart, keeping where we were going");
  await main.getByRole("link", { name: "Войти и оформить" }).click();
  await main.getByRole("link", { name: "Создать аккаунт" }).click();
  await page.getByRole("heading", { name: "Создание аккаунта" }).waitFor();
  assert(page.url().includes("next=%2Fcheckout"), `the register page lost next=: ${page.url()}`);
  await page.getByLabel("Имя").fill("Ева");
  await page.getByLabel("Фамилия").fill("Тестова");
  await page.getByLabel("Электронная почта").fill(email);
  await page.getByLabel("Пароль", { exact: true }).fill(password);
  await page.getByLabel("Повторите пароль").fill(password);
  await main.getByRole("button", { name: "Создать аккаунт" }).click();
  await page.getByRole("heading", { name: "Проверьте почту" }).waitFor();

  step("confirm with the link from the Russian e-mail");
  const mail = decodeMail(await mailContaining(email));
  assert(mail.includes("Здравствуйте"), "the confirmation e-mail is not in Russian");
  const link = mail.match(new RegExp(`${origin}/confirm-email/[0-9a-f-]{36}(?=[\\s"'<])`))?.[0];
  assert(link, `the confirmation e-mail has no ${origin}/confirm-email/<uuid> link`);
  step("confirming logs in once: the guest cart is merged and we land on checkout");
  await page.goto(link);
  await page.waitForURL(/\/checkout$/, { timeout: TIMEOUT });
  await page.getByRole("heading", { name: "Оформление заказа" }).waitFor();
  for (const product of products) await main.getByText(product, { exact: false }).first().waitFor();
  assert((await page.locator(".shop-group").count()) === 2, "checkout does not summarise two shops");

  step("check out in one step, the contact prefilled");
  assert((await page.getByLabel("Имя", { exact: true }).inputValue()) === "Ева", "the first name is not prefilled");
  assert((await page.getByLabel("Электронная почта").inputValue()) === email, "the e-mail is not prefilled");
  await page.getByLabel("Телефон").fill("+79001234567");
  await page.getByLabel("Город").fill("Москва");
  await page.getByLabel("Улица").fill("Тверская");
  await page.getByLabel("Дом", { exact: true }).fill("7");
  await page.getByLabel("Квартира (необязательно)").fill("12");
  await assertNoSidewaysScroll(page, "checkout");
  await shot("checkout-375");
  await main.getByRole("button", { name: "Оформить заказ" }).dblclick();
  await page.waitForURL(/\/orders\/\d+\?placed=1$/, { timeout: TIMEOUT });
  const orderId = page.url().match(/\/orders\/(\d+)/)[1];
  await page.getByText(`Заказ №${orderId} оформлен`).waitFor();
  const parcels = page.locator(".parcels");
  const items = await parcels.innerText();
  for (const product of products) assert(items.includes(product), `the order does not list ${product}`);
  for (const index of chosen) {
    const parcel = page.getByRole("region", { name: `Посылка от ${shops[index]}` });
    await parcel.getByRole("list", { name: `Ход посылки от ${shops[index]}` }).waitFor();
  }
  await assertNoSidewaysScroll(page, "the order page");
  await shot("order-375");

  step("the order appears in the list, once, with its parcels counted in Russian");
  await page.goto(`${origin}/orders`);
  await page.getByRole("link", { name: `Заказ №${orderId}` }).waitFor();
  const listed = await page.locator(".order-row").count();
  assert(listed === 1, `a double click made ${listed} orders`);
  await page.getByText("2 посылки: 2 новые").waitFor();

  step("cancel in the page's own dialog, with a reason; Escape first keeps the order");
  await page.goto(`${origin}/orders/${orderId}`);
  await page.getByRole("button", { name: "Отменить заказ" }).click();
  const dialog = page.getByRole("dialog", { name: `Отменить заказ №${orderId}?` });
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  await page.getByRole("button", { name: "Отменить заказ" }).click();
  await dialog.getByLabel("Причина (необязательно)").fill("Передумала");
  await assertNoSidewaysScroll(page, "the cancel dialog");
  await shot("cancel-dialog-375");
  await dialog.getByRole("button", { name: "Отменить заказ" }).click();
  await page.getByText("Этот заказ отменён.").waitFor();

  step("profile: upload an avatar");
  await page.goto(`${origin}/profile`);
  await page.getByRole("heading", { name: "Профиль", exact: true }).waitFor();
  await page.getByLabel("Загрузить фото").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: AVATAR_PNG });
  await page.getByText("Новое фото сохранено").waitFor();
  await page.getByRole("img", { name: "Ваше фото" }).waitFor();
  await shot("profile-375");

  step("on a 390 px phone the profile and the catalogue fit the width and the header is one row");
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [where, url, ready] of [
    ["the profile", "/profile", page.getByRole("heading", { name: "Профиль", exact: true })],
    ["the catalogue", "/", page.locator(".offer-card").first()],
  ]) {
    await page.goto(`${origin}${url}`);
    await ready.waitFor();
    await assertNoSidewaysScroll(page, where);
    const headerHeight = await page.getByRole("banner").evaluate((header) => header.getBoundingClientRect().height);
    assert(headerHeight <= 80, `the header of ${where} is ${headerHeight}px high: it wraps to more than one row`);
    await shot(`${url === "/" ? "catalogue" : "profile"}-390`);
  }

  step("a missing product gets a friendly page");
  await page.goto(`${origin}/products/999999`);
  await page.getByText("Такого товара нет").waitFor();
}

runE2E({ name: "e2e", needsSpa: true }, async ({ browser, origin, mailContaining }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: "ru-RU" });
  context.setDefaultTimeout(TIMEOUT);
  // When the first offer card appears, in ms after navigation start: the first catalogue render.
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector(".offer-card")) {
        window.__firstOfferCardAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("dialog", (dialog) => void dialog.accept());
  try {
    await scenario(page, origin, mailContaining);
  } catch (error) {
    await page.screenshot({ path: path.join(SHOTS, "e2e-failure.png"), fullPage: true }).catch(() => {});
    throw error;
  }
  assert(pageErrors.length === 0, `uncaught errors in the page: ${pageErrors.join("; ")}`);
  log(`screenshots in ${SHOTS}`);
  writeFileSync(path.join(SHOTS, "metrics.json"), `${JSON.stringify(metrics, null, 2)}\n`);
});
