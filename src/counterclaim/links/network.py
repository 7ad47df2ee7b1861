"""Asking sites for the sources' addresses: the only module that goes on the network.

``counterclaim links`` hands this module a list of addresses; each is asked for once, and what
the site answered is recorded hop by hop (``Fetch``). What the answers mean is decided in
``status``. Politeness comes first, since these are mostly news sites:

- at most ``per_host_rate`` requests a second to any one host, counting redirects and retries;
- at most ``jobs`` requests under way at once, whatever the host;
- a User-Agent that names counterclaim, so a site's owner can tell what is asking;
- HEAD first; GET only when HEAD is refused or its answer cannot be trusted, and a GET's body
  is never read (the answer's status line and headers are all that is needed);
- no retries, so a site that says "too many requests" is not asked again.

Addresses come from pull requests, so a claim file could point the checker at the machine it
runs on or at its network (a cloud's metadata service, an admin page on the office network).
Unless told otherwise, only public internet addresses are connected to: each host name is
looked up once per connection, every address it has must be public, and the connection goes
to the address that was checked, so a name cannot pass the check and then lead elsewhere. The
same holds for every redirect. Connections are made directly, never through a proxy set in the
environment (a proxy would look the names up itself, out of this check's sight).

httpx on asyncio rather than the standard library's urllib on threads: a thread stuck on a
site that drips its answer a byte at a time cannot be stopped, while a coroutine is cancelled
at its deadline; httpx has separate connect and read timeouts, streams responses so that a GET
stops after the headers, is typed and well kept. One event loop also makes the per-host schedule
a plain dictionary, with no locks shared between threads.
"""

from __future__ import annotations

import asyncio
import enum
import ipaddress
import math
import socket
import ssl
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata

import httpcore
import httpx

#: Redirects followed from one address before giving up.
MAX_REDIRECTS = 10
#: The answers to HEAD that mean "this server does not do HEAD": it is not asked with HEAD again.
HEAD_REFUSED = (405, 501)


class Failure(enum.Enum):
    """Why no final answer came back."""

    TIMEOUT = "timeout"
    NO_SUCH_HOST = "no-such-host"
    LOOKUP_FAILED = "lookup-failed"
    REFUSED = "refused"
    CERTIFICATE = "certificate"
    CONNECTION = "connection"
    TOO_MANY_REDIRECTS = "too-many-redirects"
    BAD_REDIRECT = "bad-redirect"
    BAD_ADDRESS = "bad-address"
    NOT_PUBLIC = "not-public"


@dataclass(frozen=True)
class Answer:
    """One answer from a site: the address asked for, with which method, and what came back."""

    url: str
    method: str
    status: int
    #: For a redirect, the absolute address it points to.
    location: str | None = None


@dataclass(frozen=True)
class Fetch:
    """What happened when one address was asked for: the answers in order, and how it failed if it did."""

    url: str
    answers: tuple[Answer, ...] = ()
    failure: Failure | None = None
    #: The technical reason of a failure, as the system or the library gave it.
    detail: str = ""


@dataclass(frozen=True)
class Politeness:
    """How hard to ask: requests at once, requests a second to one host, seconds to wait."""

    jobs: int = 8
    per_host_rate: float = 1.0
    timeout: float = 15.0


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public(address: IPAddress) -> bool:
    """Whether ``address`` is on the public internet: not this machine, not a private, shared,
    link-local, reserved or multicast network (an IPv4 address written as IPv6 counts as the
    IPv4 one)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def anywhere(address: IPAddress) -> bool:
    """Every address is allowed (``--allow-private``)."""
    return True


class NotPublic(httpcore.ConnectError):
    """A host name that leads to an address the checker does not connect to."""


class _CheckedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network, but each host name is looked up here, every address it has must be
    ``permitted``, and the connection is made to one of those very addresses."""

    def __init__(self, permitted: Callable[[IPAddress], bool]) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._permitted = permitted

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                found = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"looking up {host} took too long") from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        for address in addresses:
            if not self._permitted(ipaddress.ip_address(address.partition("%")[0])):
                raise NotPublic(f"{host} is at {address}, which is not a public internet address")
        failed: Exception = httpcore.ConnectError(f"{host} has no address")
        for address in addresses:
            try:
                return await self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failed = exc
        raise failed

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("only internet addresses are checked")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _Transport(httpx.AsyncHTTPTransport):
    """httpx's own transport on a :class:`_CheckedBackend`. httpx takes no network backend, so
    its connection pool is replaced by one made as httpx makes it, with that backend."""

    def __init__(self, limits: httpx.Limits, permitted: Callable[[IPAddress], bool]) -> None:
        super().__init__(limits=limits)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_CheckedBackend(permitted),
        )


def user_agent() -> str:
    try:
        version = metadata.version("counterclaim")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        version = "0"
    return f"counterclaim/{version} (checks the sources cited by a fact-check site)"


def fetch_all(
    urls: Sequence[str],
    politeness: Politeness,
    progress: Callable[[int, int], None] | None = None,
    *,
    permitted: Callable[[IPAddress], bool] = is_public,
) -> dict[str, Fetch]:
    """Ask for each address once, connecting only to ``permitted`` addresses;
    ``progress(done, total)`` is called as each one finishes."""
    if not urls:
        return {}
    return asyncio.run(_fetch_all(list(dict.fromkeys(urls)), politeness, progress, permitted))


async def _fetch_all(
    urls: list[str],
    politeness: Politeness,
    progress: Callable[[int, int], None] | None,
    permitted: Callable[[IPAddress], bool],
) -> dict[str, Fetch]:
    results: dict[str, Fetch] = {}
    headers = {
        "User-Agent": user_agent(),
        "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
    }
    # The number of requests at once is bounded by _Asker; the pool itself never makes one wait.
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=politeness.jobs)
    async with httpx.AsyncClient(
        headers=headers,
        timeout=httpx.Timeout(politeness.timeout),
        transport=_Transport(limits, permitted),
        follow_redirects=False,
    ) as client:
        asker = _Asker(client, politeness)

        async def one(url: str) -> None:
            results[url] = await asker.fetch(url)
            if progress is not None:
                progress(len(results), len(urls))

        await asyncio.gather(*(one(url) for url in urls))
    return {url: results[url] for url in urls}


class _Asker:
    def __init__(self, client: httpx.AsyncClient, politeness: Politeness) -> None:
        self.client = client
        self.jobs = asyncio.Semaphore(politeness.jobs)
        self.interval = 1 / politeness.per_host_rate
        self.timeout = politeness.timeout
        #: Requests to one host take turns: each waits for the one before it to have started.
        self.turns: dict[str, asyncio.Lock] = {}
        self.last_start: dict[str, float] = {}
        #: Hosts that refused a HEAD request: they are asked with GET from then on.
        self.no_head: set[str] = set()

    async def fetch(self, url: str) -> Fetch:
        answers: list[Answer] = []
        try:
            current = httpx.URL(url)
        except (httpx.InvalidURL, ValueError) as exc:
            return Fetch(url, failure=Failure.BAD_ADDRESS, detail=str(exc))
        for _ in range(MAX_REDIRECTS + 1):
            try:
                method, status, location = await self._answer(current)
            except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as exc:
                failure, detail = _failure(exc)
                return Fetch(url, tuple(answers), failure, detail)
            if not (300 <= status < 400 and location):
                answers.append(Answer(str(current), method, status))
                return Fetch(url, tuple(answers))
            try:
                target = current.join(location)
            except (httpx.InvalidURL, ValueError):
                answers.append(Answer(str(current), method, status, location))
                return Fetch(url, tuple(answers), Failure.BAD_REDIRECT, f"cannot follow the address '{location}'")
            if current.fragment and not target.fragment:
                # A redirect keeps the fragment of the address asked for (RFC 9110, 10.2.2).
                target = target.copy_with(fragment=current.fragment)
            answers.append(Answer(str(current), method, status, str(target)))
            if target.scheme not in ("http", "https"):
                return Fetch(url, tuple(answers), Failure.BAD_REDIRECT, f"redirects to a {target.scheme} address")
            current = target
        return Fetch(url, tuple(answers), Failure.TOO_MANY_REDIRECTS, f"more than {MAX_REDIRECTS} redirects")

    async def _answer(self, url: httpx.URL) -> tuple[str, int, str | None]:
        """Ask with HEAD, then with GET if HEAD's answer cannot be trusted: (method, status, location)."""
        if url.host not in self.no_head:
            status, location = await self._ask("HEAD", url)
            if status in HEAD_REFUSED:
                self.no_head.add(url.host)
            # Many servers answer HEAD with an error their pages do not have (403, 404, 405,
            # 500...); only GET says whether the page is there. 429 means "slow down": not again.
            if status < 400 or status == 429:
                return "HEAD", status, location
        status, location = await self._ask("GET", url)
        return "GET", status, location

    async def _ask(self, method: str, url: httpx.URL) -> tuple[int, str | None]:
        """One request, when the host's turn comes and a job is free: the status and any Location."""
        loop = asyncio.get_running_loop()
        if url.host not in self.turns:
            self.turns[url.host] = asyncio.Lock()
        async with self.turns[url.host]:
            wait = self.last_start.get(url.host, -math.inf) + self.interval - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            # Taken while the host's turn is held, so the request starts as soon as it is counted.
            await self.jobs.acquire()
            self.last_start[url.host] = loop.time()
        try:
            # httpx's timeouts bound each step (connect, each read); this bounds the whole
            # answer, so a server that drips bytes cannot hold a job for ever.
            async with asyncio.timeout(2 * self.timeout), self.client.stream(method, url) as response:
                return response.status_code, response.headers.get("location")
        finally:
            self.jobs.release()


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception, what caused it, and so on, including every member of exception groups."""
    seen: set[int] = set()
    pending = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)


def _failure(exc: BaseException) -> tuple[Failure, str]:
    """What kind of failure an exception from httpx (or the system beneath it) is."""
    causes = list(_causes(exc))
    for cause in causes:
        if isinstance(cause, NotPublic):
            return Failure.NOT_PUBLIC, str(cause)
    if any(isinstance(c, (httpx.TimeoutException, TimeoutError)) for c in causes):
        return Failure.TIMEOUT, str(exc) or "timed out"
    for cause in causes:
        if isinstance(cause, socket.gaierror):
            missing = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}
            return (Failure.NO_SUCH_HOST if cause.errno in missing else Failure.LOOKUP_FAILED), str(cause)
        if isinstance(cause, ConnectionRefusedError):
            return Failure.REFUSED, str(cause)
        if isinstance(cause, ssl.SSLCertVerificationError):
            return Failure.CERTIFICATE, str(cause)
    if isinstance(exc, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
        return Failure.BAD_ADDRESS, str(exc)
    return Failure.CONNECTION, str(exc) or type(exc).__name__
