// End-to-end run of the built storefront in real headless Chromium against Django serving it.
// Starts its own embedded Django (fresh VAR_DIR, demo data, high throttles) on a free port in
// 8600-8649, walks a Russian guest on a 375 px phone from search suggestions, facets and a product page to a placed order, saves
// screenshots and metrics.json (first catalogue render) under var/screenshots/, and always stops the server. Exit code 0 only when every step passed.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const FRONTEND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = path.resolve(FRONTEND, "..");
const PYTHON = path.join(ROOT, ".venv", "bin", "python");
const VAR_DIR = path.join(ROOT, "var", "e2e");
const MAIL_DIR = path.join(VAR_DIR, "mail");
const SHOTS = path.join(ROOT, "var", "screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PORTS = [8600, 8649];
const TIMEOUT = 15_000;
const metrics = {};
// A plain 24×24 PNG, small enough to live here and real enough for Pillow.
const AVATAR_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAAIklEQVR4nGOUj+9moAZgooopowaNGjRq0KhBowaNGkQRAAC+mwE5yOTy8AAAAABJRU5ErkJggg==",
  "base64",
);

function log(message) {
  console.log(`[e2e] ${message}`);
}

async function freePort() {
  for (let port = PORTS[0]; port <= PORTS[1]; port++) {
    const free = await new Promise((resolve) => {
      const probe = net.createServer().once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${PORTS.join("-")}`);
}

/** Embedded mode: none of CI's PostgreSQL/Redis/SMTP settings leak into this server. */
function serverEnv(port) {
  const env = { ...process.env };
  for (const name of ["DATABASE_URL", "REDIS_URL", "CELERY_QUEUE", "EMAIL_HOST", "SENTRY_DSN", "MEDIA_ROOT"]) {
    delete env[name];
  }
  const origin = `http://127.0.0.1:${port}`;
  return {
    ...env,
    DEBUG: "1",
    VAR_DIR,
    SITE_URL: origin,
    FRONTEND_URL: origin,
    ALLOWED_HOSTS: "127.0.0.1,localhost",
    THROTTLE_ANON: "10000/min",
    THROTTLE_USER: "10000/min",
    THROTTLE_AUTH: "10000/min",
    THROTTLE_CATALOGUE: "10000/min",
    PYTHONUNBUFFERED: "1",
  };
}

function manage(env, ...args) {
  const result = spawnSync(PYTHON, ["manage.py", ...args], { cwd: ROOT, env, encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`manage.py ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

async function waitForServer(origin, server) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`Django exited early with code ${server.exitCode}`);
    try {
      const response = await fetch(`${origin}/api/v1/products/`);
      if (response.status !== 502) return response.status;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error("Django did not start within 60 s");
}

/** The newest e-mail under $VAR_DIR/mail/ that mentions `needle`, polled while Celery (eager) sends it. */
async function mailContaining(needle) {
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    if (existsSync(MAIL_DIR)) {
      for (const name of readdirSync(MAIL_DIR).sort().reverse()) {
        const text = readFileSync(path.join(MAIL_DIR, name), "utf8");
        if (text.includes(needle)) return text;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no e-mail mentioning ${needle} in ${MAIL_DIR}`);
}

/** Undoes quoted-printable soft breaks and escapes, in case the mail body was encoded. */
function decodeMail(text) {
  return text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** No horizontal scrolling at the phone width. */
async function assertNoSidewaysScroll(page, where) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `${where} scrolls sideways by ${overflow}px at 375 px`);
}

// A Russian shopper on a phone: a guest fills a cart, registers, confirms from the e-mail, finds the cart
// still there after logging in and checks out; the order lists what was chosen.
async function scenario(page, origin) {
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
  await page.getByRole("button", { name: "Показать фильтры" }).click();
  const shopFacet = page.getByRole("group", { name: "Магазин" }).getByRole("button", { name: /^Gadget House: \d+ товар/ });
  await shopFacet.and(page.locator('[aria-pressed="false"]')).click();
  await page.waitForURL(/shop_id=\d+/);
  // The chosen shop is marked as chosen once the page has rendered the new URL.
  await shopFacet.and(page.locator('[aria-pressed="true"]')).waitFor();
  await assertNoSidewaysScroll(page, "the catalogue with its filters open");
  await shot("filters-375");
  await page.getByRole("button", { name: "Сбросить фильтры" }).first().click();
  await page.waitForURL((url) => !url.search.includes("shop_id"));

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
  await page.goto(link);
  await page.getByRole("heading", { name: "Почта подтверждена" }).waitFor();

  step("log in: the guest cart is merged and we land on checkout");
  await main.getByRole("link", { name: "Вход" }).click();
  await page.getByLabel("Электронная почта").fill(email);
  await page.getByLabel("Пароль").fill(password);
  await main.getByRole("button", { name: "Вход" }).click();
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
  const items = await page.locator(".items-table tbody").innerText();
  for (const product of products) assert(items.includes(product), `the order does not list ${product}`);
  for (const index of chosen) assert(items.includes(shops[index]), `the order does not list the shop ${shops[index]}`);
  await assertNoSidewaysScroll(page, "the order page");
  await shot("order-375");

  step("the order appears in the list, once");
  await page.goto(`${origin}/orders`);
  await page.getByRole("link", { name: `Заказ №${orderId}` }).waitFor();
  const listed = await page.locator(".order-row").count();
  assert(listed === 1, `a double click made ${listed} orders`);

  step("profile: upload an avatar");
  await page.goto(`${origin}/profile`);
  await page.getByRole("heading", { name: "Профиль", exact: true }).waitFor();
  await page.getByLabel("Загрузить фото").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: AVATAR_PNG });
  await page.getByText("Новое фото сохранено").waitFor();
  await page.getByRole("img", { name: "Ваше фото" }).waitFor();
  await shot("profile-375");

  step("a missing product gets a friendly page");
  await page.goto(`${origin}/products/999999`);
  await page.getByText("Такого товара нет").waitFor();
}

async function main() {
  assert(existsSync(PYTHON), `${PYTHON} is missing: run \`make install\` first`);
  assert(existsSync(path.join(FRONTEND, "dist", "index.html")), "frontend/dist is missing: run `npm run build` first");
  rmSync(VAR_DIR, { recursive: true, force: true });
  mkdirSync(VAR_DIR, { recursive: true });
  mkdirSync(SHOTS, { recursive: true });

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env = serverEnv(port);
  log(`preparing an embedded Django in ${VAR_DIR}`);
  manage(env, "migrate", "--noinput");
  manage(env, "load_demo_data");

  const server = spawn(PYTHON, ["manage.py", "runserver", `127.0.0.1:${port}`, "--noreload"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const serverLog = [];
  server.stdout.on("data", (chunk) => serverLog.push(chunk.toString()));
  server.stderr.on("data", (chunk) => serverLog.push(chunk.toString()));
  let browser;
  let failed = false;
  try {
    const status = await waitForServer(origin, server);
    assert(status === 200, `GET /api/v1/products/ answered ${status}: the customer API is not there`);
    log(`Django is up at ${origin}`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
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
      await scenario(page, origin);
    } catch (error) {
      await page.screenshot({ path: path.join(SHOTS, "e2e-failure.png"), fullPage: true }).catch(() => {});
      throw error;
    }
    assert(pageErrors.length === 0, `uncaught errors in the page: ${pageErrors.join("; ")}`);
    log(`screenshots in ${SHOTS}`);
    writeFileSync(path.join(SHOTS, "metrics.json"), `${JSON.stringify(metrics, null, 2)}\n`);
  } catch (error) {
    failed = true;
    console.error(`[e2e] FAILED: ${error instanceof Error ? error.stack : error}`);
    console.error(`[e2e] last server output:\n${serverLog.join("").split("\n").slice(-40).join("\n")}`);
  } finally {
    await browser?.close().catch(() => {});
    if (server.exitCode === null) {
      process.kill(-server.pid, "SIGTERM");
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          if (server.exitCode === null) process.kill(-server.pid, "SIGKILL");
          resolve();
        }, 5000);
        server.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
  console.log(failed ? "e2e: 0 passed, 1 failed" : "e2e: 1 passed, 0 failed");
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(`[e2e] ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
