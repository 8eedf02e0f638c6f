"""Load on the production shape: gunicorn over PostgreSQL and Redis, N clients for a fixed time.

Each client is a thread with its own customer account. 90 % of its requests read the catalogue (the offer
list, a search, a product page), 10 % are a purchase (add to cart, then check out). Every run is made twice:
with the catalogue cache on, and off (CATALOGUE_CACHE_TIMEOUT=0) as the baseline.

Run by `make bench-load`; DATABASE_URL must name a PostgreSQL database of its own (the demo catalogue is
loaded into it and customers are added). The script starts two redis-servers of its own on free ports: one
for the cache and the broker (REDIS_URL), one for the throttles (benchmarks/load_settings.py), so that the
cache server's keyspace hits and misses (INFO stats, before and after) count catalogue reads only. Each
catalogue request reads the generation number (a hit) and then its answer (a hit or a miss), and each order
bumps the generation (INCR behind an EXISTS: a hit), so the answer hit rate is
(keyspace hits - catalogue requests - orders) / catalogue requests.
"""

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import django
import redis
import requests

BASE_DIR = Path(__file__).resolve().parent.parent
SEARCH_WORDS = ["phone", "apple", "samsung", "xiaomi", "case", "pro", "8", "64"]
STOCK = 10_000_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    catalogue_reads: int = 0
    orders: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, error: str | None, *, catalogue: bool, order: bool) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.catalogue_reads += catalogue
            self.orders += order and not error
            if error:
                self.errors.append(error)


def prepare_database(clients: int) -> tuple[list[tuple[str, int]], list[int], list[int]]:
    """Demo catalogue, plenty of stock, one customer with a contact per client: (access token, contact id)."""
    from django.core.management import call_command

    from accounts.models import User
    from accounts.services.tokens import issue_token_pair
    from shop.models import Contact, Offer

    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    Offer.objects.update(quantity=STOCK)
    customers = []
    for number in range(clients):
        user, _ = User.objects.get_or_create(email=f"load-{number}@bench.example", defaults={"is_active": True})
        contact, _ = Contact.objects.get_or_create(
            user=user, city="Moscow", street="Arbat", house="1", defaults={"phone": "+79001234567"}
        )
        customers.append((issue_token_pair(user=user).access, contact.pk))
    offers = list(Offer.objects.filter(shop__accepts_orders=True).values_list("pk", flat=True))
    products = list(Offer.objects.filter(shop__accepts_orders=True).values_list("product_id", flat=True).distinct())
    return customers, offers, products


def client_loop(base_url, token, contact_id, offers, products, deadline, tally, seed) -> None:
    rng = random.Random(seed)
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"

    def call(method: str, path: str, expected: tuple[int, ...], **kwargs) -> dict | None:
        started = time.perf_counter()
        answer = None
        try:
            response = http.request(method, base_url + path, timeout=30, **kwargs)
            status = response.status_code
            error = None if status in expected else f"{method} {path} -> {status}"
            answer = response.json() if error is None and status != 204 else None
        except (requests.RequestException, ValueError) as exc:
            error = f"{method} {path} -> {type(exc).__name__}"
        tally.record(
            time.perf_counter() - started, error, catalogue=method == "GET", order=path.endswith("/confirm-order/")
        )
        return answer

    while time.monotonic() < deadline:
        roll = rng.random()
        if roll < 0.3:
            call("GET", f"/api/v1/product-infos/?page={rng.randint(1, 3)}", (200, 404))
        elif roll < 0.6:
            call("GET", f"/api/v1/product-infos/?search={rng.choice(SEARCH_WORDS)}", (200,))
        elif roll < 0.9:
            call("GET", f"/api/v1/products/{rng.choice(products)}/", (200,))
        else:
            cart = call(
                "POST", "/api/v1/cart/add/", (200, 201), json={"product_info_id": rng.choice(offers), "quantity": 1}
            )
            if cart is not None:
                shown = {"contact_id": contact_id, "expected_total": cart["total_price"]}
                call("POST", "/api/v1/confirm-order/", (201,), json=shown)


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share) - 1] if len(values) > 1 else values[0]


def run(base_url, customers, offers, products, clients, seconds, redis_client) -> dict:
    before = redis_client.info("stats")
    tally = Tally()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=client_loop, args=(base_url, *customers[number], offers, products, deadline, tally, number)
        )
        for number in range(clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    after = redis_client.info("stats")
    hits = after["keyspace_hits"] - before["keyspace_hits"]
    reads = tally.catalogue_reads
    latencies_ms = [seconds * 1000 for seconds in tally.latencies]
    return {
        "requests": len(latencies_ms),
        "rps": len(latencies_ms) / elapsed,
        "p50": percentile(latencies_ms, 50),
        "p95": percentile(latencies_ms, 95),
        "p99": percentile(latencies_ms, 99),
        "errors": len(tally.errors),
        "first_errors": tally.errors[:5],
        "hit_rate": max(hits - reads - tally.orders, 0) / reads if reads else 0.0,
        "orders": tally.orders,
    }


def start_gunicorn(port: int, environment: dict[str, str]) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
        cwd=BASE_DIR,
        env={**environment, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_ACCESS_LOG": ""},
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 200:
                return process
        except requests.RequestException:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("gunicorn did not become ready within 120 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--seconds", type=int, default=60)
    arguments = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database of the benchmark's own")

    redis_ports = [free_port(), free_port()]
    redis_servers = [
        subprocess.Popen(
            ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL
        )
        for port in redis_ports
    ]
    redis_url, throttle_redis_url = (f"redis://127.0.0.1:{port}/0" for port in redis_ports)
    os.environ["REDIS_URL"] = redis_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    customers, offers, products = prepare_database(max(arguments.clients))
    redis_client = redis.Redis.from_url(redis_url)
    unlimited = "1000000/min"
    environment = {
        **os.environ,
        "THROTTLE_ANON": unlimited,
        "THROTTLE_USER": unlimited,
        "THROTTLE_CATALOGUE": unlimited,
        "THROTTLE_AUTH": unlimited,
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "benchmarks.load_settings",
        "THROTTLE_REDIS_URL": throttle_redis_url,
    }
    print(f"load average at start: {os.getloadavg()}; gunicorn {environment.get('WEB_CONCURRENCY', 2)} workers")
    print(f"{'cache':5} {'clients':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} ", end="")
    print(f"{'errors':>6} {'orders':>6} {'answer hits':>11}")
    try:
        for cache_on in (True, False):
            redis_client.flushall()
            port = free_port()
            server = start_gunicorn(port, {**environment, "CATALOGUE_CACHE_TIMEOUT": "600" if cache_on else "0"})
            try:
                for clients in arguments.clients:
                    result = run(
                        f"http://127.0.0.1:{port}",
                        customers,
                        offers,
                        products,
                        clients,
                        arguments.seconds,
                        redis_client,
                    )
                    print(
                        f"{'on' if cache_on else 'off':5} {clients:7} {result['requests']:8} {result['rps']:7.1f} "
                        f"{result['p50']:7.0f} {result['p95']:7.0f} {result['p99']:7.0f} {result['errors']:6} "
                        f"{result['orders']:6} {result['hit_rate']:11.1%}",
                        flush=True,
                    )
                    if result["errors"]:
                        print("  first errors:", result["first_errors"])
            finally:
                server.terminate()
                server.wait(timeout=60)
    finally:
        for server in redis_servers:
            server.terminate()
    print(f"load average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
