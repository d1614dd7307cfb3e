"""Links: URL canonicalisation and short-link chains resolved through a redirect table (pure).

:func:`canonical_url`: scheme lower-cased (``http`` and ``https`` are one; a bare ``host/path``
gets ``http``), host lower-cased, IDNA-encoded (``例子.中国`` → ``xn--…``), trailing dot and
``www.``/``m.``/``mobile.`` prefixes dropped, default ports dropped, user info dropped, path
percent-encoding normalised (unreserved characters decoded, the rest upper-case escaped), dot
segments resolved, trailing slash dropped, tracking parameters dropped (``utm_*``, ``fbclid``,
``gclid``, ``spm``, …), the remaining parameters sorted, the fragment dropped.
:func:`resolve_chain` follows a mapping of canonical short link → target with cycle and depth guards.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from lawbridge.engines.signals.base import Comparison, Example, SignalType
from lawbridge.engines.signals.exact import ExactIndex
from lawbridge.errors import InvalidInput

TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|igshid|mc_cid|mc_eid|spm|scm|"
    r"from|share_source|share_medium|share_token|vd_source|si|ref|ref_src|_hsenc|_hsmi|mkt_tok)$"
)
_PREFIXES = ("www.", "m.", "mobile.", "wap.")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.I)
_SAFE_PATH = "/:@!$&'()*+,;=-._~"


@dataclass(frozen=True, slots=True)
class LinkConfig:
    max_depth: int = 10
    max_chars: int = 4096


@dataclass(frozen=True, slots=True)
class Chain:
    """The canonical URLs from the posted link to the last one reached; why the walk stopped."""

    urls: tuple[str, ...]
    stopped: str  # "final", "cycle" or "depth"

    @property
    def final(self) -> str:
        return self.urls[-1]


def canonical_url(url: str, max_chars: int = 4096) -> str:
    """The canonical form of ``url`` (see the module docstring); :class:`InvalidInput` if none."""
    if not isinstance(url, str) or not url.strip() or len(url) > max_chars:
        raise InvalidInput("url: a non-empty string of at most max_chars characters expected")
    text = url.strip()
    if not _SCHEME.match(text):
        text = "http://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidInput(f"url: {exc}") from exc
    scheme = "http" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower()
    host = _canonical_host(parts.hostname or "")
    if port is not None and port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    return urlunsplit(
        (scheme, host, _canonical_path(parts.path), _canonical_query(parts.query), "")
    )


def _canonical_host(host: str) -> str:
    host = host.strip().rstrip(".").lower()
    if not host:
        raise InvalidInput("url: no host")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidInput(f"url: bad host {host!r}") from exc
    for prefix in _PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix) :]
    return host


def _canonical_path(path: str) -> str:
    try:
        decoded = unquote(path, errors="strict") if "%" in path else path
    except UnicodeDecodeError:
        decoded = re.sub("%[0-9a-fA-F]{2}", lambda m: m.group().upper(), path)
        return decoded.rstrip("/")
    normal = posixpath.normpath(decoded) if decoded else ""
    normal = "" if normal in (".", "/") else normal.rstrip("/")
    return quote(normal, safe=_SAFE_PATH)


def _canonical_query(query: str) -> str:
    pairs = [
        (k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not TRACKING.match(k.lower())
    ]
    return urlencode(sorted(pairs), quote_via=quote, safe=_SAFE_PATH)


def resolve_chain(url: str, redirects: Mapping[str, str], max_depth: int = 10) -> Chain:
    """Follow ``redirects`` (canonical URL → target URL) from ``url``; stops on a cycle or after
    ``max_depth`` hops. ``redirects`` keys must be canonical (:func:`canonical_redirects`)."""
    urls = [canonical_url(url)]
    seen = {urls[0]}
    while urls[-1] in redirects:
        if len(urls) > max_depth:
            return Chain(tuple(urls), "depth")
        nxt = canonical_url(redirects[urls[-1]])
        if nxt in seen:
            return Chain(tuple(urls), "cycle")
        seen.add(nxt)
        urls.append(nxt)
    return Chain(tuple(urls), "final")


def canonical_redirects(pairs: Mapping[str, str]) -> dict[str, str]:
    """A redirect table keyed by canonical short links (rows that do not parse are refused)."""
    return {canonical_url(short): target for short, target in pairs.items()}


class LinkSignal(SignalType[LinkConfig]):
    """Canonical URL of a link: tracking parameters, ``www.``/``m.``, case, IDNA, default ports,
    fragments, percent-encoding and trailing slashes do not count; resolve short links first with
    :meth:`hash_chain` (the signal of each hop, the target last)."""

    NAME = "url_canonical"
    CONTENT = "url"
    CONFIG = {
        "max_depth": "most redirect hops followed before giving up (depth guard); 10",
        "max_chars": "longer URLs are invalid input; 4096",
    }

    def __init__(self, config: LinkConfig | None = None) -> None:
        self.config = config or LinkConfig()

    def hash(self, content: str) -> str:
        return canonical_url(content, self.config.max_chars)

    def hash_chain(self, content: str, redirects: Mapping[str, str]) -> Chain:
        return resolve_chain(content, redirects, self.config.max_depth)

    def validate(self, signal: str) -> str:
        canonical = canonical_url(signal, self.config.max_chars)
        if canonical != signal:
            raise InvalidInput("url signal: not in canonical form")
        return canonical

    def compare(self, query: str, reference: str) -> Comparison:
        same = self.validate(query) == self.validate(reference)
        return Comparison(same, 0.0 if same else 1.0, 1.0 if same else 0.0)

    def new_index(self) -> LinkIndex:
        return LinkIndex(self)

    @classmethod
    def examples(cls) -> list[Example]:
        base = "https://shop.example.com/deal/123?id=9"
        return [
            Example("HTTP://WWW.Shop.Example.com:80/deal/123/?utm_source=x&id=9#top", base, True, "tracking + case"),
            Example("m.shop.example.com/deal/%31%32%33?id=9&fbclid=abc", base, True, "mobile + encoding"),
            Example("https://shop.example.com/deal/124?id=9", base, False, "other path"),
            Example("https://shop.example.com.evil.test/deal/123?id=9", base, False, "look-alike host"),
        ]  # fmt: skip


class LinkIndex(ExactIndex):
    """Canonical URL → refs (an :class:`ExactIndex` keyed by :class:`LinkSignal` signals)."""

    def __init__(self, signal_type: SignalType[Any] | None = None) -> None:
        super().__init__(signal_type or LinkSignal())
