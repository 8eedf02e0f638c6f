// End-to-end run of the built storefront in real headless Chromium against Django serving it.
// Starts its own embedded Django (fresh VAR_DIR, demo data, high throttles) on a free port in
// 8600-8649, walks a customer from registration to a placed order, saves screenshots under
// var/screenshots/, and always stops the server. Exit code 0 only when every step passed.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
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
      const response = await fetch(`${origin}/api/v1/product-infos/`);
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

async function scenario(page, origin) {
  const email = `e2e-${Date.now()}@example.com`;
  const password = "Sturdy-e2e-passw0rd!";
  const step = (name) => log(`step: ${name}`);
  const nav = page.getByRole("navigation", { name: "Main" });

  step("keyboard users can skip to the content");
  await page.goto(`${origin}/`);
  await page.locator(".offer-card").first().waitFor();
  await page.screenshot({ path: path.join(SHOTS, "home.png") });
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  assert(focused?.includes("Skip to content"), `the first Tab stop is not the skip link but ${focused}`);

  step("register");
  await page.goto(`${origin}/register`);
  await page.getByLabel("First name").fill("Eve");
  await page.getByLabel("Last name").fill("Tester");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Repeat the password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Check your e-mail" }).waitFor();

  step("confirm with the link from the e-mail");
  const mail = decodeMail(await mailContaining(email));
  // The e-mail must carry the SPA route, which asks the API to confirm and shows the outcome.
  const link = mail.match(new RegExp(`${origin}/confirm-email/[0-9a-f-]{36}(?=[\\s"'<])`))?.[0];
  assert(link, `the confirmation e-mail has no ${origin}/confirm-email/<uuid> link`);
  log(`following the e-mailed link ${link}`);
  await page.goto(link);
  await page.getByRole("heading", { name: "E-mail confirmed" }).waitFor();

  step("log in");
  await page.getByRole("link", { name: "Log in", exact: true }).last().click();
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("main").getByRole("button", { name: "Log in" }).click();
  await nav.getByRole("link", { name: "Orders", exact: true }).waitFor();

  step("search");
  await page.getByLabel("Search products").fill("iPhone");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("heading", { name: /Results for “iPhone”/ }).waitFor();
  await page.locator(".offer-card").first().waitFor();

  step("add two offers from different shops");
  const cards = page.locator(".offer-card");
  const shops = await cards.locator(".offer-shop strong").allTextContents();
  const first = 0;
  const second = shops.findIndex((shop) => shop !== shops[first]);
  assert(second > 0, `search results come from one shop only: ${shops.join(", ")}`);
  for (const index of [first, second]) {
    const card = cards.nth(index);
    await card.getByRole("button", { name: /^Add .* to cart$/ }).click();
    await card.getByText("Added").waitFor();
  }
  await page.locator(".badge", { hasText: "2" }).waitFor();
  await page.screenshot({ path: path.join(SHOTS, "catalogue.png"), fullPage: true });

  step("cart");
  await nav.getByRole("link", { name: /^Cart/ }).click();
  await page.getByRole("heading", { name: "Your cart" }).waitFor();
  const lines = page.locator(".cart-line");
  assert((await lines.count()) === 2, `expected 2 cart lines, found ${await lines.count()}`);
  const cartShops = new Set(await lines.locator(".cart-line-main strong").allTextContents());
  assert(cartShops.size === 2, "the two cart lines are not from two shops");
  await page.screenshot({ path: path.join(SHOTS, "cart.png"), fullPage: true });

  step("checkout with a new contact");
  await page.getByRole("link", { name: "Proceed to checkout" }).click();
  const form = page.getByRole("form", { name: "New delivery address" });
  await form.waitFor();
  const contact = {
    "First name": "Eve",
    "Last name": "Tester",
    "E-mail": email,
    Phone: "+79001234567",
    City: "Moscow",
    Street: "Tverskaya",
    House: "7",
    "Apartment (optional)": "12",
  };
  for (const [label, value] of Object.entries(contact)) await form.getByLabel(label, { exact: true }).fill(value);
  await form.getByRole("button", { name: "Save address" }).click();
  await page.getByRole("radio", { name: /Eve Tester/ }).waitFor();
  await page.screenshot({ path: path.join(SHOTS, "checkout.png"), fullPage: true });
  await page.getByRole("button", { name: "Place order" }).dblclick();
  await page.waitForURL(/\/orders\/\d+\?placed=1$/, { timeout: TIMEOUT });
  const orderId = page.url().match(/\/orders\/(\d+)/)[1];
  await page.getByText(`Your order #${orderId} is placed`).waitFor();
  await page.screenshot({ path: path.join(SHOTS, "order.png"), fullPage: true });

  step("the order appears in the list, once");
  await nav.getByRole("link", { name: "Orders", exact: true }).click();
  await page.getByRole("link", { name: `Order #${orderId}` }).waitFor();
  const listed = await page.locator(".order-row").count();
  assert(listed === 1, `a double click made ${listed} orders`);
  await page.screenshot({ path: path.join(SHOTS, "orders.png"), fullPage: true });

  step("profile: upload an avatar");
  await nav.getByRole("link", { name: "Profile" }).click();
  await page.getByRole("heading", { name: "Your profile" }).waitFor();
  await page.getByLabel("Upload a photo").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: AVATAR_PNG });
  await page.getByText("Your new photo is saved").waitFor();
  await page.getByRole("img", { name: "Your photo" }).waitFor();
  await page.screenshot({ path: path.join(SHOTS, "profile.png") });

  step("works 375 px wide");
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(`${origin}/?search=iPhone`);
  await page.locator(".offer-card").first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `the catalogue scrolls sideways by ${overflow}px at 375 px`);
  await page.screenshot({ path: path.join(SHOTS, "catalogue-375.png"), fullPage: true });
  await page.goto(`${origin}/orders/${orderId}`);
  await page.getByRole("heading", { name: new RegExp(`Order #${orderId}`) }).waitFor();
  const orderOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(orderOverflow <= 0, `the order page scrolls sideways by ${orderOverflow}px at 375 px`);
  await page.screenshot({ path: path.join(SHOTS, "order-375.png"), fullPage: true });
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
    assert(status === 200, `GET /api/v1/product-infos/ answered ${status}: the customer API is not there`);
    log(`Django is up at ${origin}`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(TIMEOUT);
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
