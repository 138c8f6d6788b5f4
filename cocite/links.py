"""``cocite check-links``: is every record's ``url`` and ``archive_url`` still there?

Each distinct address is asked once, with HEAD first and GET when HEAD is refused (many servers
answer HEAD with 403/405). Bounded: ``timeout`` is the total time per address (HEAD, GET and
redirects together; the connection is cut when it is up), at most 1 KB of a body is read and
never a redirect's, at most 10 redirects are followed and a loop is caught; only http(s); a
redirect into a loopback, link-local or private address is not followed unless the link itself
is there (the address checked is the address connected to). Requests run on a bounded thread pool, at most :data:`PER_HOST` at a
time per host and with a small pause between requests to the same host, so a report's 200
links to one government site do not look like an attack. The standard library's
``urllib.request`` is enough: no dependency is added.

Outcomes: ``ok`` (2xx), ``redirect`` (reached, but the address moved: worth updating),
``dead`` (4xx/5xx, refused, reset, unknown host) and ``timeout``.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import json
import socket
import ssl
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from http.client import HTTPException
from urllib.parse import quote, urljoin, urlsplit

from cocite import __version__
from cocite.models import Record

PER_HOST = 2  # concurrent requests to one host
HOST_DELAY = 0.25  # seconds between starting two requests to one host
USER_AGENT = f"cocite-check-links/{__version__} (checks citations in COI evidence bundles)"
_RETRY_WITH_GET = {400, 403, 405, 406, 429, 501}
STATUSES = ("dead", "timeout", "redirect", "ok")


@dataclass(frozen=True)
class LinkResult:
    url: str
    status: str  # one of STATUSES
    code: int | None = None
    final_url: str | None = None
    note: str = ""
    records: tuple[str, ...] = field(default=())  # "ID (field)" of each record using it


def links_of(records: Iterable[Record]) -> dict[str, list[str]]:
    """Every distinct address -> the records (and fields) that cite it, in library order."""
    found: dict[str, list[str]] = defaultdict(list)
    for record in records:
        for key in ("url", "archive_url"):
            url = getattr(record.source, key)
            if url:
                found[url].append(record.id if key == "url" else f"{record.id} (archive_url)")
    return dict(found)


_REDIRECT_CODES = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 10
MAX_BODY = 1024  # bytes of a GET body read: enough to know it starts, never the whole file


class _Refused(Exception):
    """A redirect not followed (scheme, private address, loop, too many): the link is dead."""


def _addresses(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _private(ip: str) -> bool:
    address = ipaddress.ip_address(ip.split("%")[0])
    return bool(address.is_private or address.is_loopback or address.is_link_local
                or address.is_reserved or address.is_multicast or address.is_unspecified)


class _Deadline:
    """Closes the connection when the URL's total time is up: a server dripping one byte
    every half second cannot outlast it (a socket timeout bounds only each read)."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.expired = False

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            self.expired = True
            raise TimeoutError
        return left

    def guard(self, conn: http.client.HTTPConnection) -> threading.Timer:
        def cut() -> None:
            self.expired = True
            sock = conn.sock
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

        timer = threading.Timer(self.left(), cut)
        timer.daemon = True
        timer.start()
        return timer


def _connection(url: str, ip: str, deadline: _Deadline) -> http.client.HTTPConnection:
    """A connection to ``ip`` (the address checked), named for the URL's host (TLS, Host)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme == "https":
        context = ssl.create_default_context()

        class _Pinned(http.client.HTTPSConnection):
            def connect(self) -> None:
                raw = socket.create_connection((ip, self.port), self.timeout)
                self.sock = context.wrap_socket(raw, server_hostname=host)

        return _Pinned(host, parts.port, timeout=deadline.left(), context=context)

    class _PinnedHTTP(http.client.HTTPConnection):
        def connect(self) -> None:
            self.sock = socket.create_connection((ip, self.port), self.timeout)

    return _PinnedHTTP(host, parts.port, timeout=deadline.left())


def _once(url: str, method: str, deadline: _Deadline, private_ok: bool) -> tuple[int, str | None]:
    """One request, no redirect followed: (status, Location)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise _Refused(f"{parts.scheme or 'no'}: address; only http and https are checked")
    if not parts.hostname:
        raise _Refused("no host in the address")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    ips = _addresses(parts.hostname, port)
    if not private_ok and any(_private(ip) for ip in ips):
        raise _Refused(f"{parts.hostname} is a private or local address; not followed")
    conn = _connection(url, ips[0], deadline)
    timer = deadline.guard(conn)
    try:
        target = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
                       safe="/?&=%:@!$'()*+,;~[]")  # a non-ASCII path is sent encoded
        headers = {"User-Agent": USER_AGENT, "Accept": "*/*", "Connection": "close"}
        if method == "GET":  # a ranged GET: a server that honours it sends just the start
            headers["Range"] = f"bytes=0-{MAX_BODY - 1}"
        conn.request(method, target, headers=headers)
        response = conn.getresponse()
        location = response.getheader("Location")
        if method == "GET" and response.status < 300:
            response.read(MAX_BODY)
        if deadline.expired:  # cut mid-answer: what was read is not an answer
            raise TimeoutError
        return int(response.status), location
    except OSError:
        if deadline.expired:
            raise TimeoutError from None
        raise
    finally:
        timer.cancel()
        conn.close()


def _request(url: str, method: str, deadline: _Deadline) -> tuple[int, str | None]:
    """(status code, final address if redirected), following at most MAX_REDIRECTS redirects
    to http(s) addresses, never into a private range unless the link itself is in one."""
    host = urlsplit(url).hostname
    try:
        private_ok = bool(host) and any(_private(ip) for ip in _addresses(str(host), 80))
    except (OSError, ValueError):
        private_ok = False
    seen = {url}
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        code, location = _once(current, method, deadline, private_ok)
        if code not in _REDIRECT_CODES or not location:
            return code, (current if current != url else None)
        following = urljoin(current, location)
        if following in seen:
            raise _Refused(f"redirect loop at {following}")
        seen.add(following)
        current = following
    raise _Refused(f"more than {MAX_REDIRECTS} redirects")


def check_url(url: str, timeout: float) -> LinkResult:
    """One address, HEAD then (if refused) GET, all within ``timeout`` seconds in total."""
    deadline = _Deadline(timeout)
    try:
        code, final = _request(url, "HEAD", deadline)
        if code in _RETRY_WITH_GET or code >= 500:
            code, final = _request(url, "GET", deadline)
    except TimeoutError:
        return LinkResult(url, "timeout", note=f"no answer within {timeout:g} s")
    except _Refused as exc:
        return LinkResult(url, "dead", note=f"not followed: {exc}")
    except (socket.gaierror, UnicodeError) as exc:
        return LinkResult(url, "dead", note=f"cannot connect: {_reason(exc)}")
    except ssl.SSLError as exc:
        return LinkResult(url, "dead", note=f"TLS failed: {_reason(exc)}")
    except (TimeoutError, ConnectionRefusedError) as exc:
        if isinstance(exc, socket.timeout) or deadline.expired:
            return LinkResult(url, "timeout", note=f"no answer within {timeout:g} s")
        return LinkResult(url, "dead", note=f"cannot connect: {_reason(exc)}")
    except (ConnectionError, HTTPException, OSError, ValueError) as exc:
        return LinkResult(url, "dead", note=f"connection failed: {_reason(exc)}")
    if code >= 400:
        return LinkResult(url, "dead", code, final, note=f"HTTP {code}")
    if final and final != url:
        return LinkResult(url, "redirect", code, final, note=f"moved to {final}")
    return LinkResult(url, "ok", code)


def _reason(reason: object) -> str:
    if isinstance(reason, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "unknown host"
    text = str(reason) or type(reason).__name__
    return text


class _Politeness:
    """At most PER_HOST requests at a time per host, and a pause between their starts."""

    def __init__(self, per_host: int, delay: float) -> None:
        self._per_host, self._delay = per_host, delay
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._next: dict[str, float] = {}

    def run(self, url: str, job: Callable[[], LinkResult]) -> LinkResult:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            slot = self._slots.setdefault(host, threading.Semaphore(self._per_host))
        with slot:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next.get(host, now))
                self._next[host] = start + self._delay
            if start > now:
                time.sleep(start - now)
            return job()


def check_links(
    links: dict[str, list[str]],
    *,
    timeout: float = 10.0,
    concurrency: int = 8,
    per_host: int = PER_HOST,
    delay: float = HOST_DELAY,
    on_done: Callable[[LinkResult], None] | None = None,
) -> list[LinkResult]:
    """Check every address; results sorted worst first (dead, timeout, redirect, ok)."""
    polite = _Politeness(per_host, delay)

    def safe(url: str) -> LinkResult:
        try:
            return check_url(url, timeout)
        except Exception as exc:
            return LinkResult(url, "dead", note=f"check failed: {type(exc).__name__}: {exc}")

    def one(url: str) -> LinkResult:
        result = polite.run(url, lambda: safe(url))
        result = LinkResult(result.url, result.status, result.code, result.final_url,
                            result.note, tuple(links[url]))
        if on_done is not None:
            on_done(result)
        return result

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        results = list(pool.map(one, links))
    return sorted(results, key=lambda r: (STATUSES.index(r.status), r.url))


def counts(results: Sequence[LinkResult]) -> dict[str, int]:
    return {status: sum(r.status == status for r in results) for status in STATUSES}


def summary(results: Sequence[LinkResult]) -> str:
    c = counts(results)
    return (f"{len(results)} link{'s' if len(results) != 1 else ''} checked: {c['ok']} ok, "
            f"{c['redirect']} redirected, {c['dead']} dead, {c['timeout']} timed out")


def as_json(results: Sequence[LinkResult]) -> str:
    return json.dumps({"summary": counts(results), "links": [asdict(r) for r in results]},
                      indent=2, ensure_ascii=False)


LINK_COLUMNS = ("status", "code", "link", "records", "note")


def link_rows(results: Sequence[LinkResult]) -> list[tuple[str, ...]]:
    """The table `check-links` shows: every address that is not simply ok."""
    return [(r.status, str(r.code or ""), r.url, ", ".join(r.records), r.note)
            for r in results if r.status != "ok"]
