"""``cocite check-links``: is every record's ``url`` and ``archive_url`` still there?

Each distinct address is asked once, with HEAD first and GET when HEAD is refused (many servers
answer HEAD with 403/405). Requests run on a bounded thread pool, at most :data:`PER_HOST` at a
time per host and with a small pause between requests to the same host, so a report's 200
links to one government site do not look like an attack. The standard library's
``urllib.request`` is enough: no dependency is added.

Outcomes: ``ok`` (2xx), ``redirect`` (reached, but the address moved: worth updating),
``dead`` (4xx/5xx, refused, reset, unknown host) and ``timeout``.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from http.client import HTTPException
from urllib.parse import urlsplit

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


class _Redirects(urllib.request.HTTPRedirectHandler):
    def __init__(self) -> None:
        self.chain: list[str] = []

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        self.chain.append(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _request(url: str, method: str, timeout: float) -> tuple[int, str | None]:
    """(status code, final address if redirected); raises urllib/socket errors."""
    redirects = _Redirects()
    opener = urllib.request.build_opener(redirects)
    request = urllib.request.Request(url, method=method, headers={
        "User-Agent": USER_AGENT, "Accept": "*/*",
    })
    try:
        with opener.open(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)  # enough to know the body starts; never the whole file
            return int(response.status), (response.url if redirects.chain else None)
    except urllib.error.HTTPError as exc:
        exc.close()
        return int(exc.code), (redirects.chain[-1] if redirects.chain else None)


def check_url(url: str, timeout: float) -> LinkResult:
    """One address, HEAD then (if refused) GET."""
    try:
        code, final = _request(url, "HEAD", timeout)
        if code in _RETRY_WITH_GET or code >= 500:
            code, final = _request(url, "GET", timeout)
    except TimeoutError:
        return LinkResult(url, "timeout", note=f"no answer within {timeout:g} s")
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            return LinkResult(url, "timeout", note=f"no answer within {timeout:g} s")
        return LinkResult(url, "dead", note=f"cannot connect: {_reason(exc.reason)}")
    except (ConnectionError, HTTPException, OSError) as exc:
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

    def one(url: str) -> LinkResult:
        result = polite.run(url, lambda: check_url(url, timeout))
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
