"""One HTTP GET with every limit a small government server and our own memory need.

Redirects are not followed here: the crawler queues their target as a new frontier URL, so the
target's host, robots.txt and politeness apply to it like to any link. Bodies are read raw and
decoded here with a bounded decompressor, so a gzip bomb stops at ``max_decoded_bytes``.
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from functools import cache

import httpx

from phongtrao import __version__

DEFAULT_CONTACT = "https://pypi.org/project/phongtrao/"
ROBOTS_TOKEN = "phongtrao"


def user_agent(contact: str | None = None) -> str:
    """The User-Agent: the tool, its version and how to reach whoever runs it."""
    return f"{ROBOTS_TOKEN}/{__version__} (movement-news crawler for local portals; +{contact or DEFAULT_CONTACT})"


class TooLarge(Exception):
    """A body over a byte limit (on the wire or decoded)."""


@dataclass(frozen=True)
class Fetched:
    """A response as far as it was read: status, headers, the decoded body, or why it stopped."""

    url: str
    status: int | None
    headers: tuple[tuple[str, str], ...]
    body: bytes
    wire_bytes: int
    seconds: float
    error: str | None = None

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None

    @property
    def media_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()


class BoundedDecoder:
    """gzip/deflate/identity decoding that refuses to produce more than ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.encoding = encoding.strip().lower()
        self._inflater: zlib._Decompress | None = None  # type: ignore[name-defined]
        if self.encoding in ("gzip", "x-gzip"):
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.encoding == "deflate":
            self._inflater = None  # zlib-wrapped or raw: decided on the first bytes
        elif self.encoding not in ("", "identity"):
            raise ValueError(f"unsupported Content-Encoding {encoding!r}")

    def feed(self, data: bytes) -> bytes:
        if self.encoding in ("", "identity"):
            self._count(len(data))
            return data
        if self._inflater is None:
            raw = not (len(data) >= 2 and data[0] & 0x0F == 8 and ((data[0] << 8) | data[1]) % 31 == 0)
            self._inflater = zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
        room = self.limit - self.size + 1
        out = self._inflater.decompress(data, room)
        self._count(len(out))
        if self._inflater.unconsumed_tail:
            raise TooLarge(f"decoded body over {self.limit} bytes")
        return out

    def _count(self, n: int) -> None:
        self.size += n
        if self.size > self.limit:
            raise TooLarge(f"decoded body over {self.limit} bytes")


def gunzip_bounded(data: bytes, limit: int) -> bytes:
    """A .gz file's content (a gzipped sitemap), at most ``limit`` bytes."""
    decoder = BoundedDecoder("gzip", limit)
    return decoder.feed(data)


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """Retry-After as seconds from now: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - now)


def _forbidden_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified
    )


async def private_address(host: str) -> str | None:
    """The first private, loopback or otherwise non-public address ``host`` resolves to, if any."""
    if host.startswith("["):
        name, _, rest = host[1:].partition("]")
        port = rest.removeprefix(":")
    elif host.count(":") == 1:
        name, _, port = host.partition(":")
    else:
        name, port = host, ""
    try:
        ipaddress.ip_address(name)
        addresses = [name]
    except ValueError:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(name, int(port) if port else 80, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            return None  # unresolvable: the fetch itself will fail and say so
        addresses = [info[4][0] for info in infos]
    for address in addresses:
        if _forbidden_address(address):
            return address
    return None


@cache
def tls_context() -> ssl.SSLContext:
    """One TLS context for every client: loading the CA bundle costs tens of milliseconds each time."""
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def make_client(*, contact: str | None = None, max_connections: int = 32, timeout: float = 30.0) -> httpx.AsyncClient:
    """The crawler's HTTP client: no redirects followed, no proxies from the environment, our own decoding."""
    return httpx.AsyncClient(
        follow_redirects=False,
        trust_env=False,
        verify=tls_context(),
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
        headers={
            "User-Agent": user_agent(contact),
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
            "Accept-Language": "vi,en;q=0.5",
            "Accept-Encoding": "gzip, deflate",
        },
    )


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    wanted_types: tuple[str, ...],
    max_bytes: int,
    max_decoded_bytes: int,
    timeout: float,
    validators: dict[str, str] | None = None,
) -> Fetched:
    """GET ``url`` once. Never raises for network trouble: the reason is in ``Fetched.error``."""
    started = time.monotonic()
    status: int | None = None
    headers: tuple[tuple[str, str], ...] = ()
    wire = 0
    chunks: list[bytes] = []

    def done(error: str | None = None, body: bytes = b"") -> Fetched:
        return Fetched(url, status, headers, body, wire, round(time.monotonic() - started, 4), error)

    try:
        async with asyncio.timeout(timeout):
            async with client.stream("GET", url, headers=validators or {}) as response:
                status = response.status_code
                headers = tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw)
                if status != 200:
                    return done()
                fetched = Fetched(url, status, headers, b"", 0, 0.0)
                if wanted_types and fetched.media_type and fetched.media_type not in wanted_types:
                    return done(f"content type {fetched.media_type} not wanted")
                length = fetched.header("content-length")
                if length and length.isdigit() and int(length) > max_bytes:
                    return done(f"response over {max_bytes} bytes (Content-Length {length})")
                try:
                    decoder = BoundedDecoder(fetched.header("content-encoding") or "", max_decoded_bytes)
                except ValueError as error:
                    return done(str(error))
                async for raw in response.aiter_raw():
                    wire += len(raw)
                    if wire > max_bytes:
                        return done(f"response over {max_bytes} bytes")
                    chunks.append(decoder.feed(raw))
                return done(body=b"".join(chunks))
    except TooLarge as error:
        return done(str(error))
    except zlib.error as error:
        return done(f"bad compressed body ({error})")
    except TimeoutError:
        return done(f"timeout after {timeout:g} s" + (" (stalled response)" if status else ""))
    except httpx.TimeoutException:
        return done(f"timeout after {timeout:g} s")
    except httpx.HTTPError as error:
        return done(f"connection error ({type(error).__name__}: {error or 'no detail'})")
    except OSError as error:
        return done(f"connection error ({error})")
