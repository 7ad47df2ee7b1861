"""`counterclaim links`, run as a real command against a real HTTP server on 127.0.0.1.

The server answers each kind of trouble a news site can give (404, 410, 500, 429, 403, a
redirect to its front page, HEAD refused, an answer that never comes...) and records every
request it gets: when, how, and how many were under way at once. No other address is asked for.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest

from conftest import CLAIM, write_data
from counterclaim.links.network import Failure, Fetch, IPAddress, Politeness, fetch_all, is_public
from counterclaim.links.status import LinkStatus, collect, results_for
from counterclaim.load.reading import load_file
from counterclaim.model.claims import Claim
from counterclaim.model.dataset import Dataset
from samples import found

#: A large file that must never be downloaded whole.
BIG = 200_000_000


@dataclass
class Request:
    method: str
    path: str
    start: float
    user_agent: str


@dataclass
class Recorder:
    """What the server saw."""

    requests: list[Request] = field(default_factory=list)
    under_way: int = 0
    most_at_once: int = 0
    big_bytes_sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: Set when the test ends, so a stalled answer lets its thread go.
    done: threading.Event = field(default_factory=threading.Event)

    def paths(self, prefix: str = "/") -> list[str]:
        return [r.path for r in self.requests if r.path.startswith(prefix)]


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_HEAD(self) -> None:
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def _answer(self) -> None:
        recorder = self.server.recorder
        with recorder.lock:
            recorder.requests.append(
                Request(self.command, self.path, time.monotonic(), self.headers.get("User-Agent", ""))
            )
            recorder.under_way += 1
            recorder.most_at_once = max(recorder.most_at_once, recorder.under_way)
        try:
            self._route(recorder)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with recorder.lock:
                recorder.under_way -= 1

    def _send(self, status: int, location: str | None = None) -> None:
        self.send_response(status)
        if location is not None:
            self.send_header("Location", location)
        body = b"" if self.command == "HEAD" else b"<p>page</p>"
        self.send_header("Content-Length", str(len(b"<p>page</p>")))
        self.end_headers()
        self.wfile.write(body)

    def _route(self, recorder: Recorder) -> None:
        path = self.path
        statuses = {"/gone": 404, "/removed": 410, "/broken": 500, "/busy": 429, "/forbidden": 403}
        redirects = {
            "/moved": (301, "/new-home"),
            "/moved-twice": (301, "/moved"),
            "/temporary": (302, "/elsewhere"),
            "/old-article": (301, "/"),
            "/to-nowhere": (302, "/gone"),
            "/loop": (302, "/loop"),
        }
        if path in statuses:
            self._send(statuses[path])
        elif path in redirects:
            self._send(*redirects[path])
        elif path.startswith("/go/"):  # /go/<address>: a redirect to that address
            self._send(302, unquote(path[len("/go/") :]))
        elif path == "/moved-to-localhost":
            # 'localhost' has no dot, so the data format refuses it as an address.
            self._send(301, f"http://localhost:{self.server.server_address[1]}/new-home")
        elif path in ("/no-head", "/big") and self.command == "HEAD":
            self._send(405)
        elif path == "/head-lies" and self.command == "HEAD":
            self._send(404)
        elif path == "/big":
            self._big(recorder)
        elif path == "/stall":
            recorder.done.wait(30)
        elif path.startswith("/slow/"):
            time.sleep(0.3)
            self._send(200)
        else:
            self._send(200)

    def _big(self, recorder: Recorder) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(BIG))
        self.end_headers()
        chunk = b"x" * 65536
        for _ in range(BIG // len(chunk)):
            self.wfile.write(chunk)
            with recorder.lock:
                recorder.big_bytes_sent += len(chunk)


class Server(ThreadingHTTPServer):
    request_queue_size = 64
    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1") -> None:
        super().__init__((host, 0), Handler)
        self.recorder = Recorder()

    def url(self, path: str) -> str:
        return f"http://{self.server_address[0]}:{self.server_address[1]}{path}"


def _serve(host: str = "127.0.0.1") -> Iterator[Server]:
    server = Server(host)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.recorder.done.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    yield from _serve()


def _closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens, so a connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def claim_citing(claim_id: str, sources: dict[str, tuple[str, str | None]]) -> str:
    """A valid claim whose sources (key -> url, archive_url) are all cited in its analysis.

    The keys must include 'interview' and 'almanac', which the rest of the sample claim cites.
    """
    head = CLAIM.replace("id: sample-claim", f"id: {claim_id}").split("sources:\n")[0]
    cited = " ".join(f"[^{key}]" for key in sources if key not in ("interview", "almanac"))
    head = head.replace("on the radio.[^interview]", f"on the radio.[^interview] {cited}".rstrip())
    lines = ["sources:"]
    for key, (url, archive) in sources.items():
        lines += [f"  {key}:", f"    title: Source {key}", "    publisher: Example Press", f"    url: {url}"]
        if archive:
            lines.append(f"    archive_url: {archive}")
    return head + "\n".join(lines) + "\n"


def counterclaim(cwd: Path, *args: str, private: bool = True) -> subprocess.CompletedProcess[str]:
    """``counterclaim links``; with ``private``, allowed to ask this machine, where the test
    server is."""
    environment = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    environment.update(PYTHONUTF8="1", NO_PROXY="*")
    return subprocess.run(
        [sys.executable, "-m", "counterclaim.cli", "links", *args, *(["--allow-private"] if private else [])],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# -- one run over every kind of answer ------------------------------------------------------

#: Each path on the server, and what its link should be found to be.
EXPECTED = {
    "/ok": "live",
    "/moved": "redirected",
    "/moved-twice": "redirected",
    "/temporary": "redirected",
    "/gone": "dead",
    "/removed": "dead",
    "/broken": "error",
    "/busy": "suspect",
    "/forbidden": "suspect",
    "/old-article": "suspect",
    "/to-nowhere": "dead",
    "/no-head": "live",
    "/head-lies": "live",
    "/big": "live",
    "/stall": "suspect",
    "/loop": "suspect",
}


@dataclass
class Run:
    server: Server
    root: Path
    text: subprocess.CompletedProcess[str]
    json: subprocess.CompletedProcess[str]
    files_before: dict[str, bytes]
    refused: str

    @property
    def links(self) -> dict[str, dict[str, Any]]:
        return {link["url"]: link for link in json.loads(self.json.stdout)["links"]}

    def link(self, path: str) -> dict[str, Any]:
        return self.links[self.server.url(path)]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """Every kind of answer, in two claims, checked once as text and once as JSON."""
    for server in _serve():
        root = tmp_path_factory.mktemp("links")
        url = server.url
        refused = f"http://127.0.0.1:{_closed_port()}/anything"
        first = {
            "interview": (url("/ok"), None),
            "almanac": (url("/gone"), url("/archived/gone")),
            **{f"s{i}": (url(path), None) for i, path in enumerate(EXPECTED) if path not in ("/ok", "/gone")},
        }
        second = {"interview": (url("/ok"), None), "almanac": (refused, None), "again": (url("/removed"), None)}
        write_data(root, claims={"first": claim_citing("first", first), "second": claim_citing("second", second)})
        files = found((root / "data").rglob("*.yaml"), at_least=2)
        before = {str(path): path.read_bytes() for path in files}
        options = ("--timeout", "1", "--per-host-rate", "100", "--jobs", "4")
        text = counterclaim(root, *options)
        as_json = counterclaim(root, *options, "--format", "json")
        yield Run(server, root, text, as_json, before, refused)


def test_each_kind_of_answer_gets_its_status(run):
    found = {path: run.link(path)["status"] for path in EXPECTED}
    assert found == EXPECTED


def test_a_refused_connection_is_dead(run):
    link = run.links[run.refused]
    assert (link["status"], link["reason"]) == ("dead", "the site refused the connection")


def test_a_permanent_redirect_is_reported_with_its_chain_and_final_address(run):
    link = run.link("/moved-twice")
    assert link["permanent"] is True
    assert link["final_url"] == run.server.url("/new-home")
    assert [(hop["url"], hop["status"], hop["location"]) for hop in link["redirects"]] == [
        (run.server.url("/moved-twice"), 301, run.server.url("/moved")),
        (run.server.url("/moved"), 301, run.server.url("/new-home")),
    ]


def test_a_temporary_redirect_is_not_moved_for_good(run):
    link = run.link("/temporary")
    assert (link["permanent"], link["final_url"]) == (False, run.server.url("/elsewhere"))


def test_a_redirect_from_a_page_to_the_front_page_is_a_suspected_soft_404(run):
    link = run.link("/old-article")
    assert link["final_url"] == run.server.url("/")
    assert link["reason"] == "it now leads to the front page of 127.0.0.1, so the page itself may be gone"


def test_a_redirect_loop_is_suspect_after_ten_redirects(run):
    link = run.link("/loop")
    assert link["reason"] == "it redirects too many times, perhaps in a loop"
    assert len(link["redirects"]) == 11


def test_a_redirect_to_a_missing_page_is_dead(run):
    link = run.link("/to-nowhere")
    assert (link["http_status"], link["redirects"][0]["status"]) == (404, 302)


def test_head_refused_or_contradicted_is_asked_again_with_get(run):
    assert (run.link("/no-head")["method"], run.link("/head-lies")["method"]) == ("GET", "GET")
    assert [r.method for r in run.server.recorder.requests if r.path == "/head-lies"][:2] == ["HEAD", "GET"]


def test_429_and_403_are_suspect_and_not_asked_again_with_get(run):
    assert run.link("/busy")["reason"] == "the site asked for fewer requests (429 Too Many Requests)"
    assert run.link("/forbidden")["http_status"] == 403
    # One request in each of the two runs: HEAD, or GET once HEAD is known to be refused.
    assert len(run.server.recorder.paths("/busy")) == 2


def test_a_server_that_never_answers_is_suspect_and_the_run_still_finishes(run):
    link = run.link("/stall")
    assert (link["status"], link["reason"]) == ("suspect", "no answer within 1 second")
    assert run.text.returncode == 1


def test_a_large_file_is_not_downloaded_whole(run):
    assert run.link("/big")["http_status"] == 200
    assert run.server.recorder.big_bytes_sent < BIG // 10


def test_an_address_cited_twice_is_asked_for_once_per_run(run):
    # Two runs (text and JSON), each asking for /ok once, with HEAD or with GET.
    assert [r.path for r in run.server.recorder.requests if r.path == "/ok"] == ["/ok", "/ok"]
    assert len(run.link("/ok")["cited"]) == 2


def test_the_requests_name_counterclaim_in_their_user_agent(run):
    agents = {r.user_agent for r in run.server.recorder.requests}
    assert len(agents) == 1
    assert agents.pop().startswith("counterclaim/")


def test_text_shows_each_broken_link_at_its_place_with_an_archived_copy(run):
    first = (run.root / "data" / "claims" / "first.yaml").read_text(encoding="utf-8")
    second = (run.root / "data" / "claims" / "second.yaml").read_text(encoding="utf-8")
    gone, removed = run.server.url("/gone"), run.server.url("/removed")
    lines = run.text.stdout.splitlines()
    at_gone = lines.index(
        f"data/claims/first.yaml:{_line_of(first, gone)}:10: error: dead link:"
        f" the page is not there (404 Not Found): {gone}"
    )
    assert lines[at_gone + 1] == f"  hint: readers can use the archived copy: {run.server.url('/archived/gone')}"
    at_removed = lines.index(
        f"data/claims/second.yaml:{_line_of(second, removed)}:10: error: dead link:"
        f" the page was removed (410 Gone): {removed}"
    )
    assert lines[at_removed + 1] == (
        f"  hint: look for an archived copy at https://web.archive.org/web/{removed} and add it as archive_url"
    )


def test_text_shows_a_permanent_redirect_as_a_warning_and_ends_with_a_summary(run):
    moved = run.server.url("/moved")
    assert f"warning: this link moved for good to {run.server.url('/new-home')}: {moved}" in run.text.stdout
    assert run.server.url("/temporary") not in run.text.stdout
    assert run.text.stdout.splitlines()[-1] == "checked 18 links: 5 live, 3 redirected, 4 dead, 1 error, 5 suspect"


def test_json_lists_every_link_with_where_it_is_cited(run):
    document = json.loads(run.json.stdout)
    assert document["counts"] == {"links": 18, "live": 5, "redirected": 3, "dead": 4, "error": 1, "suspect": 5}
    gone = run.link("/gone")["cited"]
    first = (run.root / "data" / "claims" / "first.yaml").read_text(encoding="utf-8")
    assert gone == [
        {
            "path": "data/claims/first.yaml",
            "line": _line_of(first, run.server.url("/gone")),
            "column": 10,
            "claim": "first",
            "source": "almanac",
            "field": "url",
            "archive": run.server.url("/archived/gone"),
            "rewritten_as": None,
        }
    ]
    assert run.link("/archived/gone")["cited"][0]["field"] == "archive_url"
    assert run.json.returncode == 1


def test_the_data_is_unchanged_without_the_fix_option(run):
    after = {str(path): path.read_bytes() for path in found((run.root / "data").rglob("*.yaml"), at_least=2)}
    assert after == run.files_before


# -- exit status ----------------------------------------------------------------------------


def test_live_and_redirected_links_exit_0_but_a_moved_one_exits_1_with_strict(tmp_path, server):
    sources = {"interview": (server.url("/ok"), None), "almanac": (server.url("/moved"), None)}
    write_data(tmp_path, claims={"c": claim_citing("c", sources)})
    relaxed = counterclaim(tmp_path, "--per-host-rate", "100")
    strict = counterclaim(tmp_path, "--per-host-rate", "100", "--strict")
    assert (relaxed.returncode, strict.returncode) == (0, 1)
    assert relaxed.stdout.splitlines()[-1] == "checked 2 links: 1 live, 1 redirected"


def test_only_temporary_redirects_exit_0_even_with_strict(tmp_path, server):
    sources = {"interview": (server.url("/ok"), None), "almanac": (server.url("/temporary"), None)}
    write_data(tmp_path, claims={"c": claim_citing("c", sources)})
    result = counterclaim(tmp_path, "--per-host-rate", "100", "--strict")
    assert (result.returncode, result.stdout) == (0, "checked 2 links: 1 live, 1 redirected\n")


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--jobs", "0", "it must be a number above 0, not '0'"),
        ("--per-host-rate", "fast", "'fast' is not a number"),
        ("--timeout", "-1", "it must be a number above 0, not '-1'"),
        ("--format", "xml", "invalid choice: 'xml'"),
    ],
)
def test_a_bad_option_exits_2_before_asking_anything(tmp_path, server, option, value, message):
    write_data(
        tmp_path,
        claims={"c": claim_citing("c", {"interview": (server.url("/ok"), None), "almanac": (server.url("/ok"), None)})},
    )
    result = counterclaim(tmp_path, option, value)
    assert result.returncode == 2
    assert message in result.stderr
    assert server.recorder.requests == []


def test_a_missing_path_exits_2(tmp_path):
    write_data(tmp_path)
    result = counterclaim(tmp_path, "data/claims/no-such-claim.yaml")
    assert (result.returncode, result.stderr) == (
        2,
        "counterclaim: data/claims/no-such-claim.yaml: no such file or folder\n",
    )


# -- which links ----------------------------------------------------------------------------


def test_with_a_path_only_that_claims_links_are_asked_for(tmp_path, server):
    chosen = {"interview": (server.url("/ok"), None), "almanac": (server.url("/chosen"), None)}
    other = {"interview": (server.url("/other-1"), None), "almanac": (server.url("/other-2"), None)}
    chosen_text = claim_citing("chosen", chosen).replace(
        "published: 2026-01-10", "published: 2026-01-10\nrelated: [other]"
    )
    write_data(tmp_path, claims={"chosen": chosen_text, "other": claim_citing("other", other)})
    result = counterclaim(tmp_path, "--per-host-rate", "100", "data/claims/chosen.yaml")
    assert result.returncode == 0, result.stderr
    assert sorted(server.recorder.paths()) == ["/chosen", "/ok"]


def test_a_claim_with_errors_is_named_and_the_run_fails(tmp_path, server):
    good = {"interview": (server.url("/ok"), None), "almanac": (server.url("/ok"), None)}
    broken = claim_citing("broken", good).replace("rating: false-claim", "rating: fals-claim")
    write_data(tmp_path, claims={"good": claim_citing("good", good), "broken": broken})
    result = counterclaim(tmp_path, "--per-host-rate", "100")
    assert result.returncode == 1
    assert "the links of a file with errors are not checked (data/claims/broken.yaml)" in result.stderr
    assert result.stdout == "checked 1 link: 1 live\n"


def test_a_withheld_source_is_never_collected(tmp_path):
    data = write_data(tmp_path)
    doc, _ = load_file(str(data / "claims" / "sample-claim.yaml"), "sample-claim.yaml")
    assert doc is not None
    claim = Claim.from_data(doc.data, "en", str(data / "claims" / "sample-claim.yaml"))
    # The schema forbids a url on a withheld source; a mistake there must still send nothing.
    sources = dict(claim.sources)
    sources["interview"] = replace(sources["interview"], link="withheld")
    collected = collect(Dataset(claims={claim.id: replace(claim, sources=sources)}))
    assert {(c.source.key, c.field_name) for c in collected} == {("almanac", "url"), ("almanac", "archive_url")}


def test_when_no_site_name_can_be_looked_up_the_links_are_suspect_not_dead():
    fetches = {
        "https://news.example.org/a": Fetch("https://news.example.org/a", failure=Failure.NO_SUCH_HOST),
        "https://other.example.net/b": Fetch("https://other.example.net/b", failure=Failure.LOOKUP_FAILED),
    }
    results = results_for(fetches, timeout=15)
    assert {r.status for r in results.values()} == {LinkStatus.SUSPECT}
    assert results["https://news.example.org/a"].reason.endswith("this computer may be offline")


# -- politeness -----------------------------------------------------------------------------


def test_no_host_gets_more_requests_a_second_than_the_rate(tmp_path, server):
    sources = {
        "interview": (server.url("/paced/1"), None),
        "almanac": (server.url("/paced/2"), None),
        **{f"s{i}": (server.url(f"/paced/{i}"), None) for i in range(3, 6)},
    }
    write_data(tmp_path, claims={"c": claim_citing("c", sources)})
    started = time.monotonic()
    result = counterclaim(tmp_path, "--per-host-rate", "2", "--jobs", "8")
    elapsed = time.monotonic() - started
    starts = sorted(r.start for r in server.recorder.requests)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(starts) == 5
    # Five requests, two a second: the last cannot start before two seconds have passed.
    assert elapsed >= 1.9
    # No three requests within one second. The server notes when it reads a request, which a busy
    # machine can delay for one and not the next, so half a second of slack: without the limit
    # all five would arrive within milliseconds.
    assert all(later - earlier >= 0.5 for earlier, later in zip(starts, starts[2:], strict=False))


def test_no_more_requests_are_under_way_at_once_than_jobs(tmp_path, server):
    sources = {
        "interview": (server.url("/slow/1"), None),
        "almanac": (server.url("/slow/2"), None),
        **{f"s{i}": (server.url(f"/slow/{i}"), None) for i in range(3, 9)},
    }
    write_data(tmp_path, claims={"c": claim_citing("c", sources)})
    result = counterclaim(tmp_path, "--per-host-rate", "100", "--jobs", "3")
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(server.recorder.requests) == 8
    assert 2 <= server.recorder.most_at_once <= 3


# -- rewriting addresses that moved ---------------------------------------------------------


def test_fix_redirects_rewrites_exactly_the_moved_addresses(tmp_path, server):
    moved, temporary = server.url("/moved"), server.url("/temporary")
    sources = {
        "interview": (moved, None),
        "almanac": (temporary, None),
        "quoted": ("'" + moved + "'", None),
        "commented": (f'"{moved}"  # the old address', None),
    }
    text = claim_citing("c", sources)
    path = write_data(tmp_path, claims={"c": text}) / "claims" / "c.yaml"
    result = counterclaim(tmp_path, "--per-host-rate", "100", "--fix-redirects")
    new = server.url("/new-home")
    expected = text.replace(f"url: {moved}", f"url: {new}").replace(f"'{moved}'", f"'{new}'")
    expected = expected.replace(f'"{moved}"', f'"{new}"')
    assert path.read_text(encoding="utf-8") == expected
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "checked 2 links: 2 redirected; rewrote 3 addresses"
    line = _line_of(text, f"url: {moved}")
    assert f"data/claims/c.yaml:{line}:10: rewrote {moved} as {new}" in result.stdout.splitlines()


def test_fix_redirects_keeps_windows_line_endings_and_everything_else_byte_for_byte(tmp_path, server):
    moved = server.url("/moved")
    text = claim_citing("c", {"interview": (moved, None), "almanac": (server.url("/ok"), None)})
    raw = ("\ufeff" + text).replace("\n", "\r\n").encode("utf-8")
    path = write_data(tmp_path, claims={"c": raw}) / "claims" / "c.yaml"
    result = counterclaim(tmp_path, "--per-host-rate", "100", "--fix-redirects")
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == raw.replace(moved.encode(), server.url("/new-home").encode())


def test_fix_redirects_leaves_a_soft_404_alone(tmp_path, server):
    text = claim_citing("c", {"interview": (server.url("/old-article"), None), "almanac": (server.url("/ok"), None)})
    path = write_data(tmp_path, claims={"c": text}) / "claims" / "c.yaml"
    result = counterclaim(tmp_path, "--per-host-rate", "100", "--fix-redirects")
    assert result.returncode == 1
    assert path.read_text(encoding="utf-8") == text


def test_fix_redirects_leaves_a_file_alone_when_the_new_address_would_not_pass_the_checks(tmp_path, server):
    moved = server.url("/moved")
    sources = {"interview": (moved, None), "almanac": (server.url("/moved-to-localhost"), None)}
    text = claim_citing("c", sources)
    path = write_data(tmp_path, claims={"c": text}) / "claims" / "c.yaml"
    result = counterclaim(tmp_path, "--per-host-rate", "100", "--fix-redirects")
    assert path.read_text(encoding="utf-8") == text
    assert "data/claims/c.yaml: not rewritten: a new address would not pass the checks" in result.stderr
    assert result.stdout.count("warning: this link moved for good") == 2
    assert result.returncode == 0


# -- addresses that are not on the public internet ------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "255.255.255.255",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "ff02::1",
    ],
)
def test_addresses_of_this_machine_and_private_networks_are_not_public(address: str):
    import ipaddress

    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "151.101.1.69", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_internet_addresses_are_public(address: str):
    import ipaddress

    assert is_public(ipaddress.ip_address(address))


def test_without_allow_private_this_machine_is_not_asked(tmp_path, server):
    data = write_data(
        tmp_path,
        claims={
            "sample-claim": claim_citing(
                "sample-claim", {"interview": (server.url("/ok"), None), "almanac": (server.url("/gone"), None)}
            )
        },
    )
    result = counterclaim(tmp_path, "--format", "json", str(data / "claims"), private=False)
    assert result.returncode == 1, result.stderr
    found = {link["url"]: link for link in json.loads(result.stdout)["links"]}
    assert {link["status"] for link in found.values()} == {"error"}
    assert all("not on the public internet" in link["reason"] for link in found.values())
    assert "127.0.0.1" in found[server.url("/ok")]["detail"]
    assert server.recorder.requests == []


def test_a_host_name_that_leads_to_this_machine_is_not_asked(server):
    port = server.server_address[1]
    fetched = fetch_all([f"http://localhost:{port}/ok"], Politeness(timeout=5))
    assert fetched[f"http://localhost:{port}/ok"].failure is Failure.NOT_PUBLIC
    assert server.recorder.requests == []


def test_a_redirect_to_an_address_not_allowed_is_not_followed(server):
    """A site that is allowed (here 127.0.0.2) redirects to one that is not (127.0.0.1)."""
    for allowed in _serve("127.0.0.2"):
        target = server.url("/ok")
        start = allowed.url("/go/" + quote(target, safe=""))

        def only_the_first(address: IPAddress) -> bool:
            return str(address) == "127.0.0.2"

        fetched = fetch_all([start], Politeness(timeout=5), permitted=only_the_first)[start]
        assert fetched.failure is Failure.NOT_PUBLIC
        assert [(a.url, a.status, a.location) for a in fetched.answers] == [(start, 302, target)]
        assert allowed.recorder.paths() and server.recorder.requests == []
