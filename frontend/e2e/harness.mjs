// What every end-to-end run shares: its own embedded Django (fresh VAR_DIR, migrated, demo data, high
// throttles) on a free port in 8600-8649, headless Chromium, the e-mails Django writes, and a server that is
// always stopped. `runE2E` prints "e2e: 1 passed" or the failure with the server's last output, and exits.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const FRONTEND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT = path.resolve(FRONTEND, "..");
export const SHOTS = path.join(ROOT, "var", "screenshots");
export const TIMEOUT = 15_000;
const PYTHON = path.join(ROOT, ".venv", "bin", "python");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PORTS = [8600, 8649];

export function log(message) {
  console.log(`[e2e] ${message}`);
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
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
function serverEnv(port, varDir) {
  const env = { ...process.env };
  for (const name of ["DATABASE_URL", "REDIS_URL", "CELERY_QUEUE", "EMAIL_HOST", "SENTRY_DSN", "MEDIA_ROOT"]) {
    delete env[name];
  }
  const origin = `http://127.0.0.1:${port}`;
  return {
    ...env,
    DEBUG: "1",
    VAR_DIR: varDir,
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
  return result.stdout;
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

/** Undoes quoted-printable soft breaks and escapes, in case the mail body was encoded. */
export function decodeMail(text) {
  return text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

/** No horizontal scrolling at the phone width. */
export async function assertNoSidewaysScroll(page, where) {
  const { overflow, width } = await page.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    width: window.innerWidth,
  }));
  assert(overflow <= 0, `${where} scrolls sideways by ${overflow}px at ${width} px`);
}

async function stop(server) {
  if (server.exitCode !== null) return;
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

/**
 * Runs `scenario({browser, origin, manage, mailContaining})` against a fresh server in var/<name>/ and exits
 * 0 only when it passed. `needsSpa`: the built storefront must be there.
 */
export async function runE2E({ name, needsSpa }, scenario) {
  const varDir = path.join(ROOT, "var", name);
  const mailDir = path.join(varDir, "mail");
  assert(existsSync(PYTHON), `${PYTHON} is missing: run \`make install\` first`);
  if (needsSpa) {
    assert(existsSync(path.join(FRONTEND, "dist", "index.html")), "frontend/dist is missing: run `npm run build` first");
  }
  rmSync(varDir, { recursive: true, force: true });
  mkdirSync(varDir, { recursive: true });
  mkdirSync(SHOTS, { recursive: true });

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env = serverEnv(port, varDir);
  log(`preparing an embedded Django in ${varDir}`);
  manage(env, "migrate", "--noinput");
  manage(env, "load_demo_data");

  /** The newest e-mail under the run's mail folder that mentions `needle`, polled while Celery (eager) sends it. */
  async function mailContaining(needle) {
    const deadline = Date.now() + TIMEOUT;
    while (Date.now() < deadline) {
      if (existsSync(mailDir)) {
        for (const file of readdirSync(mailDir).sort().reverse()) {
          const text = readFileSync(path.join(mailDir, file), "utf8");
          if (text.includes(needle)) return text;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`no e-mail mentioning ${needle} in ${mailDir}`);
  }

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
    await scenario({ browser, origin, manage: (...args) => manage(env, ...args), mailContaining });
  } catch (error) {
    failed = true;
    console.error(`[e2e] FAILED: ${error instanceof Error ? error.stack : error}`);
    console.error(`[e2e] last server output:\n${serverLog.join("").split("\n").slice(-40).join("\n")}`);
  } finally {
    await browser?.close().catch(() => {});
    await stop(server);
  }
  console.log(failed ? "e2e: 0 passed, 1 failed" : "e2e: 1 passed, 0 failed");
  process.exit(failed ? 1 : 0);
}
