"""Cybercrime leads: indicators (IP addresses, domains, URLs, file hashes, wallet addresses) with a
TLP 2.0 marking, their STIX 2.1 patterns, and the rule of who may receive them. Pure: no I/O.

**Indicators.** Each kind is checked and brought to one canonical form, so that the same
indicator recorded twice is seen as the same: IPv4/IPv6 addresses (or CIDR networks) in Python's
``ipaddress`` form, domains lower-cased in their ASCII (IDNA) form, URLs with a lower-cased scheme
and host, hashes in lower-case hex, wallet addresses per chain (``domain/wallets.py``).

**Patterns.** An indicator is exchanged as a STIX 2.1 ``indicator`` whose pattern is one
comparison on one observable: ``[ipv4-addr:value = '…']``, ``[domain-name:value = '…']``,
``[url:value = '…']``, ``[file:hashes.'SHA-256' = '…']``, ``[cryptocurrency-wallet:value = '…']``.
STIX 2.1 has no wallet observable; ``cryptocurrency-wallet`` is the custom type OpenCTI uses.
:func:`parse_pattern` reads back exactly these shapes; anything else is refused with its reason.

**TLP 2.0** (FIRST, 2022). ``clear`` may go anywhere; ``green`` to the community (any party, and
outside the platform); ``amber`` only to the parties taking part in the case or request (the owner and
the parties the case is shared with; the two sides of a request); ``amber+strict`` only to the
direct counterpart (between a case's owner and each grantee; a request's other side), not to the
other grantees; ``red`` never leaves the party that recorded it. Nothing but clear and green is
passed on by a party that received it.
:func:`may_release` is that rule; the workflows apply it on every list and every export.
The markings are OASIS's published TLP 2.0 marking-definition objects (fixed ids); TLP 1.0's
``white`` is read as ``clear``.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from lawbridge.domain.wallets import Chain, clean_wallet
from lawbridge.errors import InvalidInput

MAX_VALUE = 2048


class IndicatorKind(StrEnum):
    IPV4 = "ipv4"
    IPV6 = "ipv6"
    DOMAIN = "domain"
    URL = "url"
    MD5 = "md5"
    SHA1 = "sha1"
    SHA256 = "sha256"
    WALLET = "wallet"


class Tlp(StrEnum):
    CLEAR = "clear"
    GREEN = "green"
    AMBER = "amber"
    AMBER_STRICT = "amber+strict"
    RED = "red"


class Audience(StrEnum):
    """Who a lead would reach, as seen from the party that recorded it."""

    OWN = "own"  # the recording party itself
    COUNTERPART = "counterpart"  # the case's owner (or the owner's grantee), a request's other side
    PARTICIPANT = "participant"  # another party the case is shared with
    COMMUNITY = "community"  # any other party, or outside the platform


RANK = {tlp: rank for rank, tlp in enumerate(Tlp)}
ALLOWED: dict[Audience, frozenset[Tlp]] = {
    Audience.OWN: frozenset(Tlp),
    Audience.COUNTERPART: frozenset({Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT}),
    Audience.PARTICIPANT: frozenset({Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER}),
    Audience.COMMUNITY: frozenset({Tlp.CLEAR, Tlp.GREEN}),
}
# A lead received from another party is passed on only where its marking allows any recipient.
ONWARD = frozenset({Tlp.CLEAR, Tlp.GREEN})


def may_release(tlp: str, audience: Audience, *, own: bool = True) -> bool:
    """Whether a lead marked ``tlp`` may reach ``audience``.

    ``own=False`` is for passing on a lead another party recorded: only clear and green go on
    (amber was given to the passer on a need-to-know basis, amber+strict to it alone)."""
    marking = Tlp(tlp)
    if not own and audience is not Audience.OWN:
        return marking in ONWARD
    return marking in ALLOWED[audience]


def parse_tlp(value: str) -> Tlp:
    text = value.strip().lower().removeprefix("tlp:")
    if text == "white":
        return Tlp.CLEAR
    try:
        return Tlp(text)
    except ValueError as exc:
        choices = ", ".join(t.value for t in Tlp)
        raise InvalidInput(f"tlp must be one of: {choices}", {"field": "tlp"}) from exc


# OASIS TLP 2.0 marking definitions (cti-stix-common-objects, extension-definition tlp-2.0).
TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP2_CREATED = "2022-10-01T00:00:00.000Z"
TLP2_IDS: dict[Tlp, str] = {
    Tlp.CLEAR: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    Tlp.GREEN: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    Tlp.AMBER: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    Tlp.AMBER_STRICT: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    Tlp.RED: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
# TLP 1.0 markings as the STIX 2.1 specification defines them, read on import.
TLP1_IDS: dict[str, Tlp] = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": Tlp.CLEAR,
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": Tlp.GREEN,
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": Tlp.AMBER,
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": Tlp.RED,
}
MARKING_TLP: dict[str, Tlp] = {**{v: k for k, v in TLP2_IDS.items()}, **TLP1_IDS}


def marking_definition(tlp: Tlp) -> dict[str, Any]:
    """The published TLP 2.0 marking-definition object for ``tlp``."""
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": TLP2_IDS[tlp],
        "created": TLP2_CREATED,
        "name": f"TLP:{tlp.value.upper()}",
        "extensions": {
            TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": tlp.value}
        },
    }


def tlp_of_markings(refs: Iterable[str]) -> Tlp | None:
    """The strictest TLP among marking references (None when none of them is a TLP marking)."""
    found = [MARKING_TLP[ref] for ref in refs if ref in MARKING_TLP]
    return max(found, key=RANK.__getitem__) if found else None


# --- Indicators -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Indicator:
    """A checked indicator in canonical form (``chain`` only for wallets)."""

    kind: IndicatorKind
    value: str
    chain: Chain | None = None


_HEX = {IndicatorKind.MD5: 32, IndicatorKind.SHA1: 40, IndicatorKind.SHA256: 64}
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
URL_SCHEMES = frozenset({"http", "https", "ftp", "ftps"})


def _ip(kind: IndicatorKind, text: str) -> str:
    version = 4 if kind is IndicatorKind.IPV4 else 6
    try:
        network = ipaddress.ip_network(text, strict=True)
    except ValueError as exc:
        raise InvalidInput(f"'{text}' is not an IPv{version} address", {"field": "value"}) from exc
    if network.version != version:
        raise InvalidInput(f"'{text}' is not an IPv{version} address", {"field": "value"})
    if network.num_addresses == 1:
        return str(network.network_address)
    return str(network)


def clean_domain(text: str) -> str:
    """A host name in lower-case ASCII (IDNA) form, at least two labels, not all-numeric TLD."""
    name = text.strip().rstrip(".").lower()
    try:
        ascii_name = name.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidInput(f"'{text}' is not a domain name", {"field": "value"}) from exc
    labels = ascii_name.split(".")
    valid = (
        len(ascii_name) <= 253
        and len(labels) >= 2
        and all(_LABEL.match(label) for label in labels)
        and not labels[-1].isdigit()
    )
    if not valid:
        raise InvalidInput(f"'{text}' is not a domain name", {"field": "value"})
    return ascii_name


def _host(host: str) -> str:
    if host.startswith("["):
        return "[" + _ip(IndicatorKind.IPV6, host.strip("[]")) + "]"
    try:
        return str(ipaddress.IPv4Address(host))
    except ValueError:
        return clean_domain(host)


def clean_url(text: str) -> str:
    """An absolute http(s)/ftp(s) URL with its scheme and host lower-cased; no whitespace."""
    if any(c.isspace() for c in text) or not text.isprintable():
        raise InvalidInput("a URL has no spaces or control characters", {"field": "value"})
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidInput(f"'{text}' is not a URL", {"field": "value"}) from exc
    host = parts.hostname
    if parts.scheme.lower() not in URL_SCHEMES or not host:
        schemes = ", ".join(sorted(URL_SCHEMES))
        raise InvalidInput(f"a URL needs a host and a scheme of: {schemes}", {"field": "value"})
    netloc = _host(host if ":" not in host else f"[{host}]")
    if parts.username or parts.password:
        raise InvalidInput("a URL with credentials is not accepted", {"field": "value"})
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))


def clean_indicator(kind: str, value: str, chain: str | None = None) -> Indicator:
    """``value`` checked for ``kind`` and brought to its canonical form; InvalidInput otherwise."""
    try:
        chosen = IndicatorKind(kind)
    except ValueError as exc:
        choices = ", ".join(k.value for k in IndicatorKind)
        raise InvalidInput(f"kind must be one of: {choices}", {"field": "kind"}) from exc
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > MAX_VALUE:
        raise InvalidInput(f"a {chosen.value} value of 1..{MAX_VALUE} characters is required")
    if chain is not None and chosen is not IndicatorKind.WALLET:
        raise InvalidInput("only wallet indicators have a chain", {"field": "chain"})
    if chosen in (IndicatorKind.IPV4, IndicatorKind.IPV6):
        return Indicator(chosen, _ip(chosen, text))
    if chosen is IndicatorKind.DOMAIN:
        return Indicator(chosen, clean_domain(text))
    if chosen is IndicatorKind.URL:
        return Indicator(chosen, clean_url(text))
    if chosen is IndicatorKind.WALLET:
        address, found = clean_wallet(text, chain)
        return Indicator(chosen, address, found)
    if not re.fullmatch(f"[0-9a-fA-F]{{{_HEX[chosen]}}}", text):
        raise InvalidInput(f"a {chosen.value} hash is {_HEX[chosen]} hex digits")
    return Indicator(chosen, text.lower())


# --- STIX patterns ----------------------------------------------------------------------------

PATH: dict[IndicatorKind, str] = {
    IndicatorKind.IPV4: "ipv4-addr:value",
    IndicatorKind.IPV6: "ipv6-addr:value",
    IndicatorKind.DOMAIN: "domain-name:value",
    IndicatorKind.URL: "url:value",
    IndicatorKind.MD5: "file:hashes.MD5",
    IndicatorKind.SHA1: "file:hashes.'SHA-1'",
    IndicatorKind.SHA256: "file:hashes.'SHA-256'",
    IndicatorKind.WALLET: "cryptocurrency-wallet:value",
}
_PATH_KIND = {path.lower(): kind for kind, path in PATH.items()} | {
    "file:hashes.'md5'": IndicatorKind.MD5,
    "file:hashes.sha1": IndicatorKind.SHA1,
    "file:hashes.'sha1'": IndicatorKind.SHA1,
    "file:hashes.sha256": IndicatorKind.SHA256,
    "file:hashes.'sha256'": IndicatorKind.SHA256,
}
_SINGLE = re.compile(r"^\[\s*([a-z0-9-]+:[A-Za-z0-9_.'\-]+)\s*=\s*'((?:[^'\\]|\\.)*)'\s*\]$")


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


def stix_pattern(indicator: Indicator) -> str:
    return f"[{PATH[indicator.kind]} = '{_quote(indicator.value)}']"


def parse_pattern(pattern: str) -> Indicator:
    """The indicator of a single-comparison pattern of a supported observable; InvalidInput else."""
    match = _SINGLE.match(pattern.strip())
    if match is None:
        raise InvalidInput("only a single '=' comparison on one observable is supported")
    path, quoted = match.groups()
    kind = _PATH_KIND.get(path.lower())
    if kind is None:
        raise InvalidInput(f"the observable '{path}' is not a supported indicator kind")
    value = re.sub(r"\\(.)", r"\1", quoted)
    return clean_indicator(kind.value, value)


def observable_type(indicator: Indicator) -> str:
    """The STIX cyber-observable type the indicator's pattern is about."""
    return PATH[indicator.kind].split(":", 1)[0]
