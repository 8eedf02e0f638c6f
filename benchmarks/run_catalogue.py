"""Catalogue benchmark: uncached list, filter, search and suggestion latency, and the cache hit rate under checkouts.

    make bench-catalogue                     # PostgreSQL at BENCH_CATALOGUE_DATABASE_URL, Redis db 9
    python -m benchmarks.run_catalogue --clients 20 --seconds 30

1. Generates (once; kept while its size matches) a catalogue of --products products × --offers-per-product
   offers in --shops shops, 3 parameters per offer, set-based (INSERT … SELECT generate_series) into a
   database of its own, then the search documents (and lexicon) and the listing summaries in one UPDATE
   each, then ANALYZE.
2. Starts gunicorn (`config.wsgi`, --workers × --threads) with the cache timeouts at 0, so every catalogue
   request is built from the database, and drives --clients threads for --seconds per kind of request
   (list pages, filters, searches, suggestions), each thread with its own keep-alive connection.
3. Restarts gunicorn with the cache on, requests each of a bounded set of popular catalogue URLs once (the
   steady state), then replays them (Zipf weights) mixed with 10 % checkouts (cart/add + confirm-order of
   customers generated here) for --mixed-seconds (90: longer than the 60 s availability bound, so answers
   showing stock expire and are rebuilt during the run); hit rate = 1 − catalogue answers written during
   the run / catalogue requests (each miss writes one answer; counted from the keys' remaining lifetimes).
4. Prints EXPLAIN (ANALYZE, BUFFERS) of the main queries and the index sizes.

Throttling is raised for the run (one IP plays every client). Figures depend on the machine's load: the
script prints `uptime` before and after each phase.
"""

import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/os_catalogue_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/9"

KINDS = ["Смартфон", "Телефон", "Ноутбук", "Планшет", "Наушники", "Чехол", "Кабель", "Телевизор", "Монитор", "Колонка"]
BRANDS = ["Apple", "Samsung", "Xiaomi", "Lenovo", "Sony", "LG", "Huawei", "Asus", "Acer", "Nokia"]
COLOURS = ["чёрный", "белый", "синий", "красный", "зелёный", "серый", "золотой", "розовый"]
SEARCHES = ["телефоны", "смартфон samsung", "ноутбук lenovo", "наушники sony", "ipone", "samsng", "чехол", "монитор"]


def sql_array(words: list[str]) -> str:
    return "ARRAY[" + ",".join("'" + word + "'" for word in words) + "]"


GENERATE = [
    "TRUNCATE shop_orderitem, shop_orderstatuschange, shop_order, shop_cartitem, shop_cart, shop_offerparameter, "
    "shop_offer, shop_product, shop_category_shops, shop_category, shop_parameter, shop_shop, shop_listingcount, "
    "shop_searchword RESTART IDENTITY CASCADE",
    "INSERT INTO shop_shop (name, slug, accepts_orders, source_file, email, catalogue_version, created_at) "
    "SELECT CASE WHEN i = 1 THEN 'TechMarket' ELSE 'Shop ' || i END, 'shop-' || i, true, '', '', 0, now() "
    "FROM generate_series(1, {shops}) i",
    "INSERT INTO shop_category (name, description) "
    f"SELECT ({sql_array(KINDS)})[1 + i % 10] || ' ' || (i / 10 + 1), '' FROM generate_series(0, 199) i",
    "INSERT INTO shop_parameter (name) VALUES ('Цвет'), ('Память'), ('Бренд')",
    "INSERT INTO shop_product (name, category_id, description) "
    f"SELECT ({sql_array(KINDS)})[1 + i % 10] || ' ' || ({sql_array(BRANDS)})[1 + (i / 10) % 10] || ' M' || i, "
    "1 + (i % 10) + 10 * ((i / 100) % 20), '' FROM generate_series(0, {products} - 1) i",
    "INSERT INTO shop_offer (shop_id, product_id, name, external_id, description, price, price_rrc, quantity, "
    "is_active, created_at, updated_at) "
    "SELECT 1 + (p.id * 7 + k * 11) % {shops}, p.id, p.name || ' вариант ' || k, p.id || '-' || k, '', "
    "100 + (p.id * 37 + k * 101) % 100000, 110 + (p.id * 37 + k * 101) % 100000, (p.id + k) % 7, true, now(), now() "
    "FROM shop_product p CROSS JOIN generate_series(0, {offers_per_product} - 1) k",
    "INSERT INTO shop_offerparameter (offer_id, parameter_id, value) "
    f"SELECT o.id, 1, ({sql_array(COLOURS)})[1 + o.id % 8] FROM shop_offer o "
    "UNION ALL SELECT o.id, 2, (ARRAY['64 ГБ','128 ГБ','256 ГБ','512 ГБ','1 ТБ','32 ГБ'])[1 + o.id % 6] "
    "FROM shop_offer o "
    f"UNION ALL SELECT o.id, 3, ({sql_array(BRANDS)})[1 + (o.product_id / 10) % 10] FROM shop_offer o",
    "INSERT INTO shop_category_shops (category_id, shop_id) SELECT c.id, s.id FROM shop_category c, shop_shop s",
]


def environment(args, *, cached: bool, prefix: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        DEBUG="false",
        SECRET_KEY="benchmark-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        THROTTLE_CATALOGUE="100000000/min",
        THROTTLE_USER="100000000/min",
        THROTTLE_ANON="100000000/min",
        CELERY_TASK_ALWAYS_EAGER="true",
        CACHE_KEY_PREFIX=prefix,
        CATALOGUE_CACHE_TIMEOUT="600" if cached else "0",
        CATALOGUE_AVAILABILITY_MAX_AGE="60" if cached else "0",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def generate(args) -> None:
    from django.core.management import call_command
    from django.db import connection

    from shop.services.listing import refresh_listings
    from shop.services.search import refresh_search_documents

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM shop_offer")
        offers = cursor.fetchone()[0]
        wanted = args.products * args.offers_per_product
        if offers != wanted or args.regenerate:
            started = time.perf_counter()
            for statement in GENERATE:
                cursor.execute(
                    statement.format(
                        shops=args.shops, products=args.products, offers_per_product=args.offers_per_product
                    )
                )
            cursor.execute("ANALYZE")  # the document UPDATE needs the planner to know the new tables
            print(f"{wanted} offers generated in {time.perf_counter() - started:.1f} s", flush=True)
        cursor.execute("SELECT count(*) FROM shop_product WHERE search_document IS NULL")  # also fills the lexicon
        if cursor.fetchone()[0]:
            started = time.perf_counter()
            refresh_search_documents()
            cursor.execute("ANALYZE shop_product")
            print(f"search documents of {args.products} products in {time.perf_counter() - started:.1f} s", flush=True)
        cursor.execute("SELECT NOT EXISTS (SELECT 1 FROM shop_product WHERE listed)")
        if cursor.fetchone()[0]:
            started = time.perf_counter()
            refresh_listings()
            # Each refresh rewrote every product row: compact the table as a catalogue loaded over time would
            # be after autovacuum, or every scan reads three versions of each row.
            cursor.execute("VACUUM (FULL, ANALYZE) shop_product")
            print(f"listing summaries of {args.products} products in {time.perf_counter() - started:.1f} s", flush=True)
    print(f"catalogue present: {wanted} offers", flush=True)


class Server:
    def __init__(self, args, *, cached: bool, prefix: str):
        self.port = free_port()
        command = [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={args.workers}",
            f"--threads={args.threads}",
            "--log-level=warning",
        ]
        log = ROOT / "var" / "bench-catalogue-gunicorn.log"
        log.parent.mkdir(exist_ok=True)
        with log.open("ab") as output:  # checkout e-mails go to the console backend: keep them off the report
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=environment(args, cached=cached, prefix=prefix),
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                status, _ = request(http.client.HTTPConnection("127.0.0.1", self.port, timeout=30), "/api/v1/shops/")
                if status == 200:
                    return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("gunicorn did not answer")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(connection, path: str, *, method: str = "GET", body: dict | None = None, token: str | None = None):
    headers = {"Host": "127.0.0.1"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    payload = None
    if body is not None:
        payload = json.dumps(body)
        headers["Content-Type"] = "application/json"
    connection.request(method, path, body=payload, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def load(port: int, clients: int, seconds: float, next_request) -> dict:
    """`clients` threads send next_request(rng) → (kind, method, path, body, token) for `seconds`; a callable
    body is built from the previous step's JSON answer."""
    samples: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(number: int) -> None:
        rng = random.Random(number)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < stop_at:
            kind, steps = next_request(rng)
            started = time.perf_counter()
            ok = True
            answer = b"null"
            for method, path, body, token in steps:
                try:
                    if callable(body):
                        body = body(json.loads(answer or b"null"))
                    status, answer = request(connection, path, method=method, body=body, token=token)
                except (OSError, http.client.HTTPException):
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    status = 0
                ok = ok and status < 500 and status != 0
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                samples.setdefault(kind, []).append(elapsed)
                if not ok:
                    errors[kind] = errors.get(kind, 0) + 1

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {kind: summary(values, errors.get(kind, 0), seconds) for kind, values in samples.items()}


def summary(values: list[float], errors: int, seconds: float) -> dict:
    values = sorted(values)

    def percentile(share: float) -> float:
        return values[min(len(values) - 1, int(share * len(values)))]

    return {
        "requests": len(values),
        "per_second": round(len(values) / seconds, 1),
        "p50_ms": round(percentile(0.50), 1),
        "p95_ms": round(percentile(0.95), 1),
        "p99_ms": round(percentile(0.99), 1),
        "errors": errors,
    }


def uncached_request(args):
    pages = max(1, args.products // 20)

    def next_request(rng: random.Random):
        kind = rng.choice(["list", "filter", "search", "suggest"])
        if kind == "list":
            params = {"page": rng.randint(1, min(pages, 50)), "ordering": rng.choice(["name", "-name"])}
            return kind, [("GET", "/api/v1/products/?" + urlencode(params), None, None)]
        if kind == "filter":
            params = rng.choice(
                [
                    {"category_id": rng.randint(1, 200)},
                    {"category_id": rng.randint(1, 200), "in_stock": "true", "ordering": "price"},
                    {"shop_id": rng.randint(1, args.shops), "price_max": rng.randint(1000, 5000)},
                    {"category_id": rng.randint(1, 200), "parameter_name": "Цвет", "parameter_value": "синий"},
                ]
            )
            return kind, [("GET", "/api/v1/products/?" + urlencode(params), None, None)]
        if kind == "search":
            params = {"search": rng.choice(SEARCHES) + rng.choice(["", f" m{rng.randint(1, 99)}"])}
            return kind, [("GET", "/api/v1/products/?" + urlencode(params), None, None)]
        prefix = rng.choice(["sa", "сма", "ноу", "nok", "теле", "lenovo i", "нау"])
        return "suggest", [("GET", "/api/v1/suggestions/?" + urlencode({"q": prefix}), None, None)]

    return next_request


def customers(count: int) -> list[tuple[str, int]]:
    from accounts.models import User
    from accounts.services.tokens import issue_token_pair
    from shop.models import Contact

    made = []
    for number in range(count):
        email = f"bench-{uuid.uuid4().hex[:12]}-{number}@example.com"
        user = User.objects.create_user(email=email, password=uuid.uuid4().hex, is_active=True)
        contact = Contact.objects.create(
            user=user, first_name="B", last_name="C", email=email, phone="+79990000000", city="M", street="S", house="1"
        )
        made.append((issue_token_pair(user=user).access, contact.pk))
    return made


def popular_urls() -> list[str]:
    popular = [f"/api/v1/products/?page={page}" for page in range(1, 21)]
    popular += [f"/api/v1/products/?category_id={category}" for category in range(1, 101)]
    popular += ["/api/v1/products/?" + urlencode({"search": word}) for word in SEARCHES]
    popular += ["/api/v1/products/facets/?" + urlencode({"category_id": category}) for category in range(1, 21)]
    popular += ["/api/v1/suggestions/?" + urlencode({"q": prefix}) for prefix in ("sa", "ноу", "теле", "nok")]
    return popular


def checkout_body(contact_id: int):
    """Confirm the order at the total the cart answer just showed, as the SPA does."""
    return lambda cart: {"contact_id": contact_id, "expected_total": (cart or {}).get("total_price", "0")}


def mixed_request(buyers, checkout_offers):
    popular = popular_urls()
    weights = [1 / (rank + 1) for rank in range(len(popular))]  # Zipf: a few pages take most of the traffic

    def next_request(rng: random.Random):
        if rng.random() < 0.10:
            token, contact_id = rng.choice(buyers)
            offer_id = rng.choice(checkout_offers)
            return "checkout", [
                ("POST", "/api/v1/cart/add/", {"product_info_id": offer_id, "quantity": 1}, token),
                ("POST", "/api/v1/confirm-order/", checkout_body(contact_id), token),
            ]
        return "catalogue", [("GET", rng.choices(popular, weights)[0], None, None)]

    return next_request


def keys_written_since(redis_url: str, prefix: str, started: float) -> int:
    """Catalogue answers written since `started` (time.time()): each is one miss. Read from the keys' remaining
    lifetimes, not their number, so an answer that expired during the run and was built again counts too."""
    import redis

    client = redis.Redis.from_url(redis_url)
    elapsed_ms = (time.time() - started) * 1000
    written = 0
    for key in client.scan_iter(match=f"{prefix}:*catalogue:g*:*", count=1000):
        timeout_ms = (600 if b":suggestions:" in key else 60) * 1000  # the cached run's two timeouts
        if client.pttl(key) >= timeout_ms - elapsed_ms:
            written += 1
    return written


def timed(function, repeat: int = 5) -> float:
    """The median wall time of `function()` in ms, in this process (one connection, no HTTP)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)[len(times) // 2]


PLANNED = {
    "list (name, page 1)": {},
    "list (-name, page 50)": {"ordering": "-name", "page": "50"},
    "list (price)": {"ordering": "price"},
    "filter (category)": {"category_id": "7"},
    "filter (category, in stock, by price)": {"category_id": "7", "in_stock": "true", "ordering": "price"},
    "filter (in stock, by price)": {"in_stock": "true", "ordering": "price"},
    "filter (shop, price at most 3000)": {"shop_id": "7", "price_max": "3000"},
    "filter (category, parameter Цвет = синий)": {
        "category_id": "7",
        "parameter_name": "Цвет",
        "parameter_value": "синий",
    },
    "search 'смартфон samsung'": {"search": "смартфон samsung"},
    "search 'телефоны'": {"search": "телефоны"},
    "search typo 'samsng'": {"search": "samsng"},
    "search typo 'смартфон samsng m1'": {"search": "смартфон samsng m1"},
}


def product_filter(params: dict):
    from django.test.client import RequestFactory

    from shop.filters import ProductFilter
    from shop.models import Product

    request = RequestFactory().get("/api/v1/products/", params)
    filterset = ProductFilter(request.GET, queryset=Product.objects.all(), request=request)
    assert filterset.is_valid(), filterset.errors
    return filterset


def facets(params: dict) -> dict:
    from shop import selectors
    from shop.models import Offer

    current = product_filter(params)
    return selectors.catalogue_facets(
        current.matching_products(), Offer.objects.visible().filter(current.offer_conditions())
    )


def measure(title: str, params: dict) -> tuple[str, str]:
    """A timings row and the EXPLAIN (ANALYZE, BUFFERS) of the page and of the count."""
    page = int(params.get("page", 1))
    window = slice((page - 1) * 20, page * 20)
    count = timed(lambda: product_filter(params).stored_count() or product_filter(params).qs.count())
    rows = timed(lambda: list(product_filter(params).qs[window]))
    facet_cell = "" if "page" in params or "ordering" in params else f"{timed(lambda: facets(params), repeat=3):.1f}"
    qs = product_filter(params).qs
    plan = (
        f"### {title}\n\npage:\n```\n{qs[window].explain(analyze=True, buffers=True)}\n```\n"
        f"count:\n```\n{qs.order_by().values('pk').explain(analyze=True, buffers=True)}\n```\n"
    )
    return f"| {title} | {count:.1f} | {rows:.1f} | {facet_cell} |", plan


def explain(args) -> list[str]:
    from django.db import connection

    from shop.search import suggest

    lines = ["### In-process timings (median of 5, ms)\n", "| query | count | page of 20 | facets |"]
    lines.append("|---|---|---|---|")
    plans = []
    for title, params in PLANNED.items():
        row, plan = measure(title, params)
        lines.append(row)
        plans.append(plan)
    for prefix in ("сма", "sa", "lenovo i", "ноу"):
        lines.append(f"| suggest('{prefix}') | | {timed(lambda prefix=prefix: suggest(prefix, limit=5)):.1f} | |")
    lines.append("")
    lines += plans
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelname, pg_size_pretty(pg_relation_size(indexrelid)) FROM pg_stat_user_indexes "
            "WHERE relname IN ('shop_product', 'shop_offer', 'shop_offerparameter', 'shop_searchword') "
            "ORDER BY pg_relation_size(indexrelid) DESC"
        )
        lines.append("### Index sizes\n\n| index | size |\n|---|---|")
        lines += [f"| {name} | {size} |" for name, size in cursor.fetchall()]
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('shop_product')), "
            "pg_size_pretty(pg_total_relation_size('shop_offer')), (SELECT count(*) FROM shop_searchword)"
        )
        product_size, offer_size, words = cursor.fetchone()
        lines.append(f"\nshop_product total {product_size}, shop_offer total {offer_size}, lexicon {words} words\n")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_CATALOGUE_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--products", type=int, default=200_000)
    parser.add_argument("--offers-per-product", type=int, default=5)
    parser.add_argument("--shops", type=int, default=50)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--mixed-seconds", type=float, default=90, help="longer than the 60 s availability bound")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()

    ensure_database(args.database_url)
    os.environ.update(environment(args, cached=True, prefix=f"bench-setup-{uuid.uuid4().hex[:8]}"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    generate(args)

    print(f"\n## uncached: {args.clients} clients × {args.seconds:.0f} s, gunicorn {args.workers}×{args.threads}")
    print("load before:", uptime())
    server = Server(args, cached=False, prefix=f"bench-uncached-{uuid.uuid4().hex[:8]}")
    try:
        results = load(server.port, args.clients, args.seconds, uncached_request(args))
    finally:
        server.stop()
    print("load after: ", uptime())
    for kind, figures in sorted(results.items()):
        print(f"{kind:10} {figures}")

    from shop.models import Offer

    checkout_offers = list(Offer.objects.order_by("id").values_list("pk", flat=True)[:200])
    Offer.objects.filter(pk__in=checkout_offers).update(quantity=1_000_000)
    buyers = customers(args.clients)
    prefix = f"bench-cached-{uuid.uuid4().hex[:8]}"
    print(f"\n## cached, 10 % checkouts: {args.clients} clients × {args.mixed_seconds:.0f} s")
    print("load before:", uptime())
    server = Server(args, cached=True, prefix=prefix)
    try:
        warm = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        for url in popular_urls():  # the steady state: every popular page cached once
            request(warm, url)
        started = time.time()
        results = load(server.port, args.clients, args.mixed_seconds, mixed_request(buyers, checkout_offers))
    finally:
        server.stop()
    print("load after: ", uptime())
    for kind, figures in sorted(results.items()):
        print(f"{kind:10} {figures}")
    reads = results["catalogue"]["requests"]
    misses = keys_written_since(args.redis_url, prefix, started)
    print(f"catalogue hit rate: {1 - misses / reads:.3f} ({misses} misses of {reads} reads)")

    print("\n## plans\n")
    print("\n".join(explain(args)))


if __name__ == "__main__":
    main()
