"""`cocite check-links`, against an HTTP server the test starts on 127.0.0.1 (no other network)."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from cocite import links as L
from cocite.cli import cli


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _answer(self, body: bool) -> None:
        path = self.path
        if path == "/ok":
            self._send(200, body)
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/missing":
            self._send(404, body)
        elif path == "/error":
            self._send(500, body)
        elif path == "/no-head" and self.command == "HEAD":
            self._send(405, body)
        elif path == "/no-head":
            self._send(200, body)
        elif path == "/slow":
            time.sleep(2)
            self._send(200, body)
        elif path == "/reset":
            # Close with SO_LINGER 0: the client sees a TCP reset, not a clean close.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        else:
            self._send(404, body)

    def _send(self, code: int, body: bool) -> None:
        payload = b"hello"
        self.send_response(code)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    ("path", "status", "code", "note"),
    [
        ("/ok", "ok", 200, ""),
        ("/no-head", "ok", 200, ""),
        ("/missing", "dead", 404, "HTTP 404"),
        ("/error", "dead", 500, "HTTP 500"),
        ("/slow", "timeout", None, "no answer within 0.5 s"),
    ],
)
def test_check_url(server: str, path: str, status: str, code: int | None, note: str) -> None:
    result = L.check_url(server + path, timeout=0.5)
    assert (result.status, result.code, result.note) == (status, code, note)


def test_a_redirect_names_the_new_address(server: str) -> None:
    result = L.check_url(server + "/moved", timeout=2)
    assert (result.status, result.code, result.final_url) == ("redirect", 200, server + "/ok")


def test_a_reset_connection_is_dead(server: str) -> None:
    result = L.check_url(server + "/reset", timeout=2)
    assert result.status == "dead"
    assert result.note.startswith(("connection failed: ", "cannot connect: "))


def test_refused_connection_is_dead() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nobody listens there
    result = L.check_url(f"http://127.0.0.1:{port}/", timeout=2)
    assert (result.status, result.note) == ("dead", "cannot connect: connection refused")


def test_politeness_limits_requests_per_host() -> None:
    polite = L._Politeness(per_host=2, delay=0)
    running, peak, lock = 0, 0, threading.Lock()

    def job() -> L.LinkResult:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return L.LinkResult("u", "ok")

    threads = [threading.Thread(target=polite.run, args=("http://same.host/x", job)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak == 2


RECORD = """\
- id: {id}
  topics: [stigma]
  material: desk-review
  quote: Quote {id}.
  source:
    author: A
    title: T
    kind: report
    date: "2020"
    url: {url}
"""


@pytest.fixture
def library(tmp_path: Path, server: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    records = [("a-ok", "/ok"), ("b-moved", "/moved"), ("c-missing", "/missing"),
               ("d-slow", "/slow"), ("e-also-ok", "/ok")]
    path = tmp_path / "excerpts.yaml"
    path.write_text("".join(RECORD.format(id=i, url=server + p) for i, p in records), encoding="utf-8")
    (tmp_path / "vocabulary.yaml").write_text("topics: [{id: stigma, label: S}]\nprofiles: []\n")
    (tmp_path / "reports.yaml").write_text("[]\n")
    monkeypatch.setenv("COCITE_DATA", str(path))
    return path


def test_check_links_json(runner: CliRunner, library: Path, server: str) -> None:
    result = runner.invoke(cli, ["check-links", "--timeout", "0.5", "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "summary": {"dead": 1, "timeout": 1, "redirect": 1, "ok": 1},
        "links": [
            {"url": server + "/missing", "status": "dead", "code": 404, "final_url": None,
             "note": "HTTP 404", "records": ["c-missing"]},
            {"url": server + "/slow", "status": "timeout", "code": None, "final_url": None,
             "note": "no answer within 0.5 s", "records": ["d-slow"]},
            {"url": server + "/moved", "status": "redirect", "code": 200,
             "final_url": server + "/ok", "note": f"moved to {server}/ok", "records": ["b-moved"]},
            {"url": server + "/ok", "status": "ok", "code": 200, "final_url": None, "note": "",
             "records": ["a-ok", "e-also-ok"]},
        ],
    }


def test_check_links_table(runner: CliRunner, library: Path, server: str) -> None:
    result = runner.invoke(cli, ["check-links", "--timeout", "0.5", "--concurrency", "2"])
    assert result.exit_code == 1
    rows = [line.split()[1] for line in result.stdout.splitlines()
            if line.startswith("│") and line.split()[1] in L.STATUSES]
    assert rows == ["dead", "timeout", "redirect"]  # worst first; ok links are not listed
    assert result.stderr == "4 links checked: 1 ok, 1 redirected, 1 dead, 1 timed out\n"


def test_no_dead_links_exits_0(runner: CliRunner, library: Path, server: str) -> None:
    library.write_text(RECORD.format(id="a-ok", url=server + "/ok"), encoding="utf-8")
    result = runner.invoke(cli, ["check-links"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", "1 link checked: 1 ok, 0 redirected, 0 dead, 0 timed out\n",
    )


def test_link_rows_leave_out_the_links_that_are_fine() -> None:
    results = [L.LinkResult("https://a.example", "ok", 200, records=("r1 (url)",)),
               L.LinkResult("https://b.example/[/bold]", "dead", 404, note="gone",
                          records=("r2 (url)", "r3 (archive_url)")),
               L.LinkResult("https://c.example", "timeout")]
    assert len(L.LINK_COLUMNS) == 5
    assert L.link_rows(results) == [
        ("dead", "404", "https://b.example/[/bold]", "r2 (url), r3 (archive_url)", "gone"),
        ("timeout", "", "https://c.example", "", "")]
