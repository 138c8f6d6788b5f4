"""`check-links` against hostile servers the test starts on 127.0.0.1: every check ends within
its bound, reads a bounded number of bytes, and one bad host never loses the other results."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cocite import links as L
from cocite.cli import cli

SEEN: list[str] = []
SENT: dict[str, int] = {}


class Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def redirect(self, location: str, body: int = 0) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", str(body))
        self.end_headers()
        sent = 0
        chunk = b"x" * 65536
        try:
            while sent < body and self.command == "GET":
                self.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass
        SENT[self.path] = sent

    def do_HEAD(self) -> None:
        self.answer()

    def do_GET(self) -> None:
        self.answer()

    def answer(self) -> None:
        SEEN.append(self.path)
        path = self.path
        if path in ("/ok", "/caf%C3%A9"):
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/drip":  # headers one byte at a time, for ever
            try:
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                while True:
                    self.wfile.write(b"X")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                return
        elif path == "/huge-head":  # HEAD refused, so GET: a 1 GB body
            if self.command == "HEAD":
                self.send_response(405)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Length", str(2**30))
            self.end_headers()
            try:
                for _ in range(2**30 // 65536):
                    self.wfile.write(b"x" * 65536)
            except OSError:
                return
        elif path == "/huge-redirect":  # HEAD refused, so GET: a redirect with a 1 GB body
            if self.command == "HEAD":
                self.send_response(405)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.redirect("/ok", body=2**30)
        elif path.startswith("/endless"):
            n = int(path.rsplit("/", 1)[-1]) if path.count("/") > 1 else 0
            self.redirect(f"/endless/{n + 1}")
        elif path == "/loop-a":
            self.redirect("/loop-b")
        elif path == "/loop-b":
            self.redirect("/loop-a")
        elif path == "/file":
            self.redirect("file:///etc/passwd")
        elif path == "/ftp":
            self.redirect("ftp://127.0.0.1/x")
        elif path == "/markup":
            self.redirect("/missing[/bold][red]x")
        elif path == "/private":
            self.redirect(f"http://127.0.0.2:{self.server.server_address[1]}/admin?token=s3cret")
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(("path", "status", "note"), [
    ("/drip", "timeout", "no answer within 1 s"),
    ("/endless", "dead", "not followed: more than 10 redirects"),
    ("/loop-a", "dead", "not followed: redirect loop at {s}/loop-a"),
    ("/file", "dead", "not followed: file: address; only http and https are checked"),
    ("/ftp", "dead", "not followed: ftp: address; only http and https are checked"),
    ("/huge-head", "ok", ""),
    ("/café", "ok", ""),  # sent percent-encoded, not a crash on a non-ASCII path
])
def test_hostile_server_bounded(server: str, path: str, status: str, note: str) -> None:
    result = L.check_url(server + path, timeout=1)
    assert (result.status, result.note) == (status, note.format(s=server))


def test_a_redirect_body_is_never_read(server: str) -> None:
    SENT.clear()
    result = L.check_url(server + "/huge-redirect", timeout=10)
    assert (result.status, result.final_url) == ("redirect", server + "/ok")
    # The connection was closed after the headers: far less than the 1 GB was ever sent.
    deadline = time.monotonic() + 10
    while "/huge-redirect" not in SENT and time.monotonic() < deadline:
        time.sleep(0.05)
    assert SENT["/huge-redirect"] < 2**30


def test_original_scheme_must_be_http() -> None:
    result = L.check_url("ftp://127.0.0.1/file", timeout=1)
    assert (result.status, result.note) == (
        "dead", "not followed: ftp: address; only http and https are checked")


def test_no_redirect_into_a_private_range_from_a_public_link(
    server: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = server.rsplit(":", 1)[1]
    real = L._addresses
    # "public.test" is the test server, seen as a public address; 127.0.0.2 stays private.
    monkeypatch.setattr(L, "_addresses", lambda host, p: ["127.0.0.1"] if host == "public.test"
                        else real(host, p))
    monkeypatch.setattr(L, "_private", lambda ip: ip != "127.0.0.1")
    SEEN.clear()
    result = L.check_url(f"http://public.test:{port}/private", timeout=2)
    assert (result.status, result.note) == (
        "dead", "not followed: 127.0.0.2 is a private or local address; not followed")
    assert not any(p.startswith("/admin") for p in SEEN)


def test_a_private_link_may_redirect_within_private_ranges(server: str) -> None:
    result = L.check_url(server + "/private", timeout=2)
    assert result.note != "" and "private" not in result.note  # followed (and refused there)


def test_markup_in_urls_and_locations_is_printed_as_is(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    record = ("- id: {id}\n  topics: [stigma]\n  material: desk-review\n  quote: Q.\n"
              "  source:\n    author: A\n    title: T\n    kind: report\n    date: \"2020\"\n"
              "    url: {url}\n")
    urls = [("a", server + "/markup"), ("b", server + "/x[/bold]"), ("c", server + "/drip"),
            ("d", server + "/ok")]
    (tmp_path / "excerpts.yaml").write_text("".join(record.format(id=i, url=u) for i, u in urls))
    (tmp_path / "vocabulary.yaml").write_text("topics: [{id: stigma, label: S}]\nprofiles: []\n")
    (tmp_path / "reports.yaml").write_text("[]\n")
    monkeypatch.setenv("COCITE_DATA", str(tmp_path / "excerpts.yaml"))
    result = CliRunner().invoke(cli, ["check-links", "--timeout", "1"], env={"COLUMNS": "300"})
    assert result.exit_code == 1, result.output
    assert "/x[/bold]" in result.stdout
    assert result.stderr == "4 links checked: 1 ok, 0 redirected, 2 dead, 1 timed out\n"
    as_json: Any = json.loads(CliRunner().invoke(
        cli, ["check-links", "--timeout", "1", "--format", "json"]).stdout)
    assert as_json["summary"] == {"dead": 2, "timeout": 1, "redirect": 0, "ok": 1}
    finals = {link["url"]: link["final_url"] for link in as_json["links"]}
    assert finals[server + "/markup"] == server + "/missing[/bold][red]x"
