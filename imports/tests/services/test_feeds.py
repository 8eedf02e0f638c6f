"""Price-list feeds fetched from a local HTTP server: import, unchanged feeds, guards, and refused addresses."""

import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from accounts.tests.factories import SupplierFactory
from imports import feed_fetcher
from imports.exceptions import FeedUnavailable
from imports.models import FeedFetchStatus, ImportRun, ImportStatus, PriceListFeed
from imports.selectors import feed_fetch_history, feed_state
from imports.services.feeds import fetch_feed
from imports.tasks import fetch_due_feeds_task
from notifications.models import OutboxMessage
from notifications.rendering import render_notification
from shop.models import Offer
from shop.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db


def yml(*offer_ids: int, shop: str = "Feed shop") -> bytes:
    offers = "".join(
        f'<offer id="{number}"><name>Item {number}</name><price>{100 + number}</price>'
        f"<currencyId>RUR</currencyId><categoryId>1</categoryId><count>5</count></offer>"
        for number in offer_ids
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><yml_catalog><shop><name>{shop}</name>'
        f'<categories><category id="1">Things</category></categories><offers>{offers}</offers></shop></yml_catalog>'
    ).encode()


class FeedServer:
    """A local HTTP server: `routes` maps a path to (status, headers, body); every request is recorded."""

    def __init__(self):
        self.routes: dict[str, tuple[int, dict, bytes]] = {}
        self.requests: list[tuple[str, dict]] = []
        self.delay = 0.0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                status, headers, body = server.routes.get(self.path, (404, {}, b"missing"))
                if callable(body):
                    status, headers, body = body(dict(self.headers))
                time.sleep(server.delay)
                try:
                    self.send_response(status)
                    for name, value in {"Content-Length": str(len(body)), **headers}.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first (the timeout test)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def server():
    running = FeedServer()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


@pytest.fixture
def allow_private(settings):
    settings.PRICELIST_FEED_ALLOW_PRIVATE = True
    settings.PRICELIST_FEED_TIMEOUT = 2


@pytest.fixture
def feed(server):
    owner = SupplierFactory(language="ru")
    shop = ShopFactory(name="Feed shop", owner=owner, email="orders@feed.example")
    return PriceListFeed.objects.create(shop=shop, url=server.url("/feed.xml"))


def etag_aware(body: bytes, etag: str):
    def answer(headers: dict):
        if headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"ETag": etag, "Last-Modified": "Mon, 07 Dec 2026 10:00:00 GMT"}, body

    return answer


@pytest.mark.usefixtures("allow_private")
def test_a_feed_is_imported_then_costs_one_request_while_its_etag_holds(server, feed):
    server.routes["/feed.xml"] = (200, {}, etag_aware(yml(1, 2, 3), '"v1"'))
    fetch = fetch_feed(feed_id=feed.pk)
    assert (fetch.status, fetch.http_status, fetch.bytes_received) == (FeedFetchStatus.APPLIED, 200, len(yml(1, 2, 3)))
    assert fetch.run.status == ImportStatus.APPLIED and fetch.run.format == "yml"
    assert Offer.objects.filter(shop=feed.shop, is_active=True).count() == 3
    feed.refresh_from_db()
    assert feed.etag == '"v1"' and feed.next_fetch_at > timezone.now()

    again = fetch_feed(feed_id=feed.pk, force=True)
    assert (again.status, again.http_status, again.run) == (FeedFetchStatus.UNCHANGED, 304, None)
    assert server.requests[-1][1]["If-None-Match"] == '"v1"'
    assert server.requests[-1][1]["If-Modified-Since"] == "Mon, 07 Dec 2026 10:00:00 GMT"
    assert len(server.requests) == 2 and ImportRun.objects.count() == 1


@pytest.mark.usefixtures("allow_private")
def test_a_server_without_validators_sending_the_same_bytes_starts_no_import(server, feed):
    server.routes["/feed.xml"] = (200, {}, yml(1, 2))
    assert fetch_feed(feed_id=feed.pk).status == FeedFetchStatus.APPLIED
    assert fetch_feed(feed_id=feed.pk, force=True).status == FeedFetchStatus.UNCHANGED
    server.routes["/feed.xml"] = (200, {}, yml(1, 2, 3))
    assert fetch_feed(feed_id=feed.pk, force=True).status == FeedFetchStatus.APPLIED
    assert ImportRun.objects.count() == 2


@pytest.mark.usefixtures("allow_private")
def test_a_shop_address_with_its_own_account_is_written_to_in_that_accounts_language(server, feed):
    SupplierFactory(email="Orders@Feed.example", language="en")
    server.routes["/feed.xml"] = (200, {}, yml(*range(10)))
    fetch_feed(feed_id=feed.pk)
    server.routes["/feed.xml"] = (200, {}, yml(1))
    with translation.override("ru"):
        fetch_feed(feed_id=feed.pk, force=True)
    (message,) = OutboxMessage.objects.filter(key="feed_needs_confirmation")
    assert message.language == "en" and message.context["reasons"][0].startswith("Applying it would withdraw 9 of")


@pytest.mark.usefixtures("allow_private")
def test_a_guard_stops_the_feed_and_emails_the_shop_in_its_owners_language(server, feed):
    server.routes["/feed.xml"] = (200, {}, yml(*range(10)))
    fetch_feed(feed_id=feed.pk)
    server.routes["/feed.xml"] = (200, {}, yml(1))  # withdraws 9 of 10 offers
    fetch = fetch_feed(feed_id=feed.pk, force=True)
    assert fetch.status == FeedFetchStatus.NEEDS_CONFIRMATION and fetch.run.status == ImportStatus.PREVIEWED
    assert Offer.objects.filter(shop=feed.shop, is_active=True).count() == 10
    (message,) = OutboxMessage.objects.filter(key="feed_needs_confirmation")
    assert message.recipients == ["orders@feed.example"] and message.language == "ru"
    assert message.context["run_id"] == fetch.run.pk
    assert message.context["reasons"][0].startswith("Применение сняло бы с продажи 9 из 10")
    with translation.override("ru"):
        russian = render_notification(message.key, message.context)
    english = render_notification(message.key, message.context)
    assert russian.subject == "Feed shop: прайс-лист по ссылке ждёт вашего подтверждения"
    assert english.subject == "Feed shop: the price-list feed needs your confirmation"
    assert f"/admin/imports/{fetch.run.pk}/" in russian.text and "Применение сняло бы" in russian.html
    # the same file again is the same waiting run: no second run, no second e-mail; it is not "unchanged"
    again = fetch_feed(feed_id=feed.pk, force=True)
    assert (again.status, again.run) == (FeedFetchStatus.NEEDS_CONFIRMATION, fetch.run)
    assert ImportRun.objects.count() == 2 and OutboxMessage.objects.filter(key="feed_needs_confirmation").count() == 1
    # once that run is settled, the file is tried again
    ImportRun.objects.filter(pk=fetch.run.pk).update(status=ImportStatus.FAILED)
    assert fetch_feed(feed_id=feed.pk, force=True).run.pk not in (fetch.run.pk, None)


@pytest.mark.usefixtures("allow_private")
def test_an_invalid_price_list_and_http_errors_are_recorded_with_their_reason(server, feed):
    server.routes["/feed.xml"] = (200, {}, b"<yml_catalog><shop><offers><offer id='1'><price>x</price>")
    fetch = fetch_feed(feed_id=feed.pk)
    assert fetch.status == FeedFetchStatus.INVALID and fetch.run.status == ImportStatus.FAILED
    server.routes["/feed.xml"] = (503, {}, b"down")
    fetch = fetch_feed(feed_id=feed.pk, force=True)
    assert (fetch.status, fetch.http_status, fetch.run) == (FeedFetchStatus.FAILED, 503, None)
    assert "503" in fetch.error


@pytest.mark.usefixtures("allow_private")
def test_a_feed_over_the_size_limit_is_refused_whether_or_not_it_says_so(server, feed, settings):
    settings.PRICELIST_MAX_BYTES = 100
    server.routes["/feed.xml"] = (200, {}, yml(*range(10)))
    fetch = fetch_feed(feed_id=feed.pk)
    assert fetch.status == FeedFetchStatus.FAILED and "100" in fetch.error
    with pytest.raises(FeedUnavailable):  # no Content-Length: counted as it arrives
        feed_fetcher._read("u", _Unsized(yml(*range(10))), deadline=time.monotonic() + 60)


class _Unsized:
    """A response without Content-Length, streamed in small chunks."""

    status = 200
    headers: dict = {}

    def __init__(self, body: bytes):
        self.body = body

    def stream(self, amount, decode_content=True):
        for start in range(0, len(self.body), 40):
            yield self.body[start : start + 40]


@pytest.mark.usefixtures("allow_private")
def test_redirects_are_followed_up_to_the_limit(server, feed):
    server.routes["/feed.xml"] = (302, {"Location": "/moved.xml"}, b"")
    server.routes["/moved.xml"] = (200, {}, yml(1))
    assert fetch_feed(feed_id=feed.pk).status == FeedFetchStatus.APPLIED
    server.routes["/feed.xml"] = (302, {"Location": "/feed.xml"}, b"")
    fetch = fetch_feed(feed_id=feed.pk, force=True)
    assert fetch.status == FeedFetchStatus.FAILED and "redirects" in fetch.error


@pytest.mark.usefixtures("allow_private")
def test_a_slow_server_times_out(server, feed, settings):
    settings.PRICELIST_FEED_TIMEOUT = 1
    server.delay = 2
    server.routes["/feed.xml"] = (200, {}, yml(1))
    fetch = fetch_feed(feed_id=feed.pk)
    assert fetch.status == FeedFetchStatus.FAILED and ImportRun.objects.count() == 0


@pytest.mark.usefixtures("allow_private")
def test_the_connection_goes_to_the_checked_address_with_the_host_name_kept(server, feed, monkeypatch):
    asked = []

    def resolve_once(host, port, *args, **kwargs):
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(feed_fetcher.socket, "getaddrinfo", resolve_once)
    server.routes["/feed.xml"] = (200, {}, yml(1))
    feed.url = f"http://feeds.supplier.test:{server.port}/feed.xml"
    feed.save()
    assert fetch_feed(feed_id=feed.pk).status == FeedFetchStatus.APPLIED
    # the name is resolved once; the connection then looks up only the address that was checked
    assert asked == ["feeds.supplier.test", "127.0.0.1"]
    assert server.requests[0][1]["Host"] == f"feeds.supplier.test:{server.port}"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/feed.xml",
        "http://localhost:{port}/feed.xml",
        "http://10.0.0.1:{port}/feed.xml",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{port}/feed.xml",
        "http://2130706433:{port}/feed.xml",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused_before_connecting(server, feed, url):
    feed.url = url.format(port=server.port)
    feed.save()
    fetch = fetch_feed(feed_id=feed.pk)
    assert fetch.status == FeedFetchStatus.FAILED and "private or local" in fetch.error
    assert server.requests == []


@pytest.mark.parametrize(
    "target", ["http://10.0.0.1/feed.xml", "http://169.254.169.254/latest/", "http://[::1]/feed.xml", "/local.xml"]
)
def test_a_redirect_to_a_private_address_is_refused(server, feed, monkeypatch, target):
    public = feed_fetcher.refused_address
    # the server stands in for a public host: only its own address passes as public
    monkeypatch.setattr(feed_fetcher, "refused_address", lambda address: address != "127.0.0.1" and public(address))
    server.routes["/feed.xml"] = (302, {"Location": target}, b"")
    server.routes["/local.xml"] = (302, {"Location": f"http://localhost:{server.port}/x"}, b"")
    if target == "/local.xml":
        monkeypatch.setattr(
            feed_fetcher.socket,
            "getaddrinfo",
            lambda host, port, *a, **k: (
                [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::1", port, 0, 0))]
                if host == "localhost"
                else [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
            ),
        )
    fetch = fetch_feed(feed_id=feed.pk)
    assert fetch.status == FeedFetchStatus.FAILED and "private or local" in fetch.error
    assert [path for path, _headers in server.requests] == ["/feed.xml", "/local.xml"][: len(server.requests)]


def test_a_host_with_any_private_address_among_its_answers_is_refused(monkeypatch):
    monkeypatch.setattr(
        feed_fetcher.socket,
        "getaddrinfo",
        lambda *args, **kwargs: [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", 80)),
        ],
    )
    with pytest.raises(FeedUnavailable, match="private or local"):
        feed_fetcher.resolve("rebinding.example", 80)


@pytest.mark.parametrize(
    ("address", "refused"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("172.16.0.1", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),
        ("224.0.0.1", True),
        ("::1", True),
        ("fe80::1%eth0", True),
        ("fc00::1", True),
        ("::ffff:127.0.0.1", True),
        ("64:ff9b::a00:1", True),
        ("2002:a00:1::", True),
        ("93.184.216.34", False),
        ("2606:4700:4700::1111", False),
    ],
)
def test_which_addresses_are_refused(address, refused):
    assert feed_fetcher.refused_address(address) is refused


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/feed.xml", "gopher://x/", "http://user:pw@example.com/feed.xml"]
)
def test_only_plain_http_and_https_urls_are_fetched(feed, url):
    feed.url = url
    feed.save()
    fetch = fetch_feed(feed_id=feed.pk)
    assert fetch.status == FeedFetchStatus.FAILED and fetch.http_status is None


@pytest.mark.usefixtures("allow_private")
def test_the_beat_round_fetches_due_feeds_once_and_plans_the_next(server, feed):
    server.routes["/feed.xml"] = (200, {}, yml(1))
    idle = PriceListFeed.objects.create(
        shop=ShopFactory(), url=server.url("/other.xml"), next_fetch_at=timezone.now() + timezone.timedelta(hours=1)
    )
    assert fetch_due_feeds_task.delay().get() == [feed.pk]
    assert fetch_due_feeds_task.delay().get() == []
    feed.refresh_from_db()
    assert timezone.timedelta(hours=5, minutes=59) < feed.next_fetch_at - timezone.now() <= timezone.timedelta(hours=6)
    assert fetch_feed(feed_id=feed.pk) is None and fetch_feed(feed_id=idle.pk) is None
    assert [path for path, _headers in server.requests] == ["/feed.xml"]


@pytest.mark.usefixtures("allow_private")
def test_the_command_fetches_for_the_embedded_mode(server, feed, capsys):
    server.routes["/feed.xml"] = (200, {}, yml(1))
    call_command("fetch_feeds")
    assert f"feed {feed.pk} (Feed shop): applied, import #" in capsys.readouterr().out
    call_command("fetch_feeds", "--shop", feed.shop.slug)
    assert "not due" in capsys.readouterr().out


@pytest.mark.usefixtures("allow_private")
def test_the_dashboard_selectors_show_the_standing_error_and_the_history(server, feed, django_assert_num_queries):
    server.routes["/feed.xml"] = (500, {}, b"")
    failed = fetch_feed(feed_id=feed.pk)
    assert feed_state(shop_id=feed.shop_id).last_error == failed
    server.routes["/feed.xml"] = (200, {}, yml(1))
    applied = fetch_feed(feed_id=feed.pk, force=True)
    state = feed_state(shop_id=feed.shop_id)
    assert (state.last_fetch, state.last_error) == (applied, None)
    with CaptureQueriesContext(connection) as queries:
        history = feed_fetch_history(shop_id=feed.shop_id)
        [fetch.run for fetch in history]
    assert history == [applied, failed] and len(queries) == 1
    assert feed_state(shop_id=ShopFactory().pk) is None


@pytest.mark.usefixtures("allow_private")
def test_staff_see_the_feeds_fetch_history_on_its_page(server, feed, admin_client):
    server.routes["/feed.xml"] = (503, {}, b"")
    fetch_feed(feed_id=feed.pk)
    listing = admin_client.get("/admin/snippets/imports/pricelistfeed/").content.decode()
    assert "Fetch failed" in listing
    page = admin_client.get(f"/admin/snippets/imports/pricelistfeed/inspect/{feed.pk}/").content.decode()
    assert "Latest fetches" in page and "HTTP 503" in page


@pytest.mark.parametrize("url", ["ftp://example.com/feed.xml", "http://user:secret@example.com/feed.xml"])
def test_the_feed_form_refuses_what_the_fetcher_would(url):
    feed = PriceListFeed(shop=ShopFactory(), url=url)
    with pytest.raises(ValidationError) as caught:
        feed.full_clean()
    assert "url" in caught.value.message_dict


def _certificate(tmp_path, host: str):
    """A CA and a certificate for `host` it signs, as files: (ca file, certificate file, key file)."""
    now = timezone.now()

    def build(subject, issuer, key, signer, *, ca: bool, names=()):
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timezone.timedelta(days=1))
            .not_valid_after(now + timezone.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if names:
            builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), False)
        return builder.sign(signer, hashes.SHA256())

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = build("Test CA", "Test CA", ca_key, ca_key, ca=True)
    certificate = build(host, "Test CA", key, ca_key, ca=False, names=[host])
    files = tmp_path / "ca.pem", tmp_path / "cert.pem", tmp_path / "key.pem"
    files[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files[1].write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    files[2].write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return files


@pytest.mark.usefixtures("allow_private")
@pytest.mark.parametrize(
    ("certificate_host", "trusted", "status"),
    [
        ("feeds.supplier.test", True, FeedFetchStatus.APPLIED),
        ("feeds.supplier.test", False, FeedFetchStatus.FAILED),  # not signed by a CA we trust
        ("other.supplier.test", True, FeedFetchStatus.FAILED),  # another host's certificate
    ],
)
def test_https_checks_the_host_names_certificate_on_the_checked_address(
    server, feed, monkeypatch, tmp_path, certificate_host, trusted, status
):
    ca_file, certificate_file, key_file = _certificate(tmp_path, certificate_host)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate_file, key_file)
    server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
    server.routes["/feed.xml"] = (200, {}, yml(1))
    monkeypatch.setattr(
        feed_fetcher.socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))],
    )
    if trusted:
        monkeypatch.setattr(feed_fetcher.certifi, "where", lambda: str(ca_file))
    feed.url = f"https://feeds.supplier.test:{server.port}/feed.xml"
    feed.save()
    fetch = fetch_feed(feed_id=feed.pk)
    assert fetch.status == status, fetch.error
    if status == FeedFetchStatus.APPLIED:
        assert server.requests[0][1]["Host"] == f"feeds.supplier.test:{server.port}"


@pytest.mark.usefixtures("allow_private")
def test_a_feed_moved_to_another_url_forgets_the_old_files_validators(server, feed, admin_client):
    server.routes["/feed.xml"] = (200, {}, etag_aware(yml(1), '"v1"'))
    fetch_feed(feed_id=feed.pk)
    edit = f"/admin/snippets/imports/pricelistfeed/edit/{feed.pk}/"
    form = {"shop": feed.shop_id, "url": server.url("/feed.xml"), "import_format": "", "interval_hours": 12}
    form["is_active"] = "on"
    assert admin_client.post(edit, form).status_code == 302
    feed.refresh_from_db()
    assert (feed.interval_hours, feed.etag) == (12, '"v1"'), "the same URL keeps what it knows"
    # the new address answers 304 to the old validators, yet its file was never imported
    server.routes["/new.xml"] = (200, {}, etag_aware(yml(1, 2), '"v1"'))
    assert admin_client.post(edit, {**form, "url": server.url("/new.xml")}).status_code == 302
    feed.refresh_from_db()
    assert (feed.etag, feed.last_modified, feed.content_sha256, feed.next_fetch_at) == ("", "", "", None)
    assert fetch_feed(feed_id=feed.pk).status == FeedFetchStatus.APPLIED
    assert Offer.objects.filter(shop=feed.shop).count() == 2
