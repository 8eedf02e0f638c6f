"""Downloading a price-list feed from a supplier's URL without letting the URL reach inside our network.

Guarantees, whatever the URL or the server answers:
- only http and https, no credentials in the URL;
- the host is resolved once per hop and every address it resolves to is checked: a private, loopback,
  link-local, shared, reserved or multicast address (IPv4 or IPv6, IPv4 inside IPv6 too) refuses the fetch
  unless PRICELIST_FEED_ALLOW_PRIVATE is on (tests). The connection goes to the checked address, with the
  host name kept for the Host header and the TLS certificate, so a second DNS answer (rebinding) is never used;
- redirects are followed by hand, at most MAX_REDIRECTS, each hop checked like the first;
- PRICELIST_FEED_TIMEOUT bounds the connection and each read, PRICELIST_FEED_MAX_SECONDS the whole download,
  PRICELIST_MAX_BYTES its size (from Content-Length before reading, then as it arrives);
- the ETag and Last-Modified of the last import are sent back, so an unchanged feed costs one request (304).
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings
from django.utils.translation import gettext as _

from .exceptions import FeedUnavailable

MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
CHUNK_BYTES = 1 << 16
USER_AGENT = "OrderService-feed/1.0"

# IPv6 prefixes that carry an IPv4 address: the IPv4 one is what a connection reaches
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True)
class FeedResponse:
    url: str  # after redirects
    status: int
    content: bytes
    etag: str
    last_modified: str

    @property
    def unchanged(self) -> bool:
        return self.status == 304


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> FeedResponse:
    """GET the feed (see the module's guarantees); FeedUnavailable with a reason a supplier can act on."""
    deadline = time.monotonic() + settings.PRICELIST_FEED_MAX_SECONDS
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _hop in range(MAX_REDIRECTS + 1):
        response = _get(url, headers, deadline)
        try:
            location = response.headers.get("Location")
            if response.status not in REDIRECTS or not location:
                return _read(url, response, deadline)
        finally:
            response.release_conn()
        url = urljoin(url, location)
    raise FeedUnavailable(_("More than %s redirects.") % MAX_REDIRECTS)


def check_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a URL a feed may have; FeedUnavailable otherwise. A name's addresses are
    checked when fetched, not here (they change); a local host is refused here already."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FeedUnavailable(_("Only http and https addresses can be fetched."))
    if parts.username is not None or parts.password is not None:
        raise FeedUnavailable(_("Give the feed's address without a user name or password."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FeedUnavailable(_("The address's port is not valid.")) from exc
    if not parts.hostname:
        raise FeedUnavailable(_("The address names no host."))
    if not settings.PRICELIST_FEED_ALLOW_PRIVATE and local_host(parts.hostname):
        raise FeedUnavailable(
            _("The host %(host)s is a private or local address, which feeds may not use.") % {"host": parts.hostname}
        )
    return parts.scheme, parts.hostname, port


def local_host(host: str) -> bool:
    """Whether the host is local whatever DNS says: a localhost name, or an IP address in any spelling the
    resolver takes (127.1, 0x7f000001, ::ffff:10.0.0.1) that refused_address refuses. Other names are
    checked when fetched."""
    name = host.rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        infos = socket.getaddrinfo(host, None, flags=socket.AI_NUMERICHOST)
    except (OSError, UnicodeError):
        return False
    return any(refused_address(info[4][0]) for info in infos)


def refused_address(address: str) -> bool:
    """Whether a connection to this IP address would reach inside a private network."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return not ip.is_global or ip.is_multicast


def resolve(host: str, port: int) -> str:
    """The address to connect to: the host's first, after every one it resolves to is checked."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FeedUnavailable(_("The host %(host)s cannot be resolved.") % {"host": host}) from exc
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FeedUnavailable(_("The host %(host)s cannot be resolved.") % {"host": host})
    if not settings.PRICELIST_FEED_ALLOW_PRIVATE and any(refused_address(address) for address in addresses):
        raise FeedUnavailable(
            _("The host %(host)s resolves to a private or local address, which feeds may not use.") % {"host": host}
        )
    return addresses[0]


def _get(url: str, headers: dict, deadline: float) -> urllib3.BaseHTTPResponse:
    scheme, host, port = check_url(url)
    address = resolve(host, port)
    parts = urlsplit(url)
    bracketed = f"[{host}]" if ":" in host else host
    host_header = bracketed if port == (443 if scheme == "https" else 80) else f"{bracketed}:{port}"
    timeout = urllib3.Timeout(connect=settings.PRICELIST_FEED_TIMEOUT, read=settings.PRICELIST_FEED_TIMEOUT)
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            retries=False,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    if time.monotonic() > deadline:
        raise FeedUnavailable(_("The download took longer than %s seconds.") % settings.PRICELIST_FEED_MAX_SECONDS)
    try:
        return pool.urlopen(
            "GET",
            path,
            headers={**headers, "Host": host_header},
            redirect=False,
            preload_content=False,
            assert_same_host=False,
        )
    except urllib3.exceptions.HTTPError as exc:
        raise FeedUnavailable(_("The feed's server could not be reached: %s") % _reason(exc)) from exc


def _read(url: str, response: urllib3.BaseHTTPResponse, deadline: float) -> FeedResponse:
    limit = settings.PRICELIST_MAX_BYTES
    if response.status != 304 and response.status != 200:
        raise FeedUnavailable(_("The feed's server answered HTTP %s.") % response.status, http_status=response.status)
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(int(declared), response.status)
    chunks, size = [], 0
    try:
        for chunk in response.stream(CHUNK_BYTES, decode_content=True):
            size += len(chunk)
            if size > limit:
                raise _too_large(size, response.status)
            if time.monotonic() > deadline:
                raise FeedUnavailable(
                    _("The download took longer than %s seconds.") % settings.PRICELIST_FEED_MAX_SECONDS,
                    http_status=response.status,
                )
            chunks.append(chunk)
    except urllib3.exceptions.HTTPError as exc:
        raise FeedUnavailable(
            _("The download was interrupted: %s") % _reason(exc), http_status=response.status
        ) from exc
    return FeedResponse(
        url=url,
        status=response.status,
        content=b"".join(chunks),
        etag=response.headers.get("ETag", "")[:255],
        last_modified=response.headers.get("Last-Modified", "")[:64],
    )


def _too_large(size: int, status: int) -> FeedUnavailable:
    message = _("The feed is over %(limit)s bytes (PRICELIST_MAX_BYTES).") % {"limit": settings.PRICELIST_MAX_BYTES}
    return FeedUnavailable(message, http_status=status, bytes_received=size)


def _reason(exc: Exception) -> str:
    reason = getattr(exc, "reason", None) or exc
    return str(reason)[:300]
