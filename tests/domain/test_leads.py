"""Indicators, wallet formats, STIX patterns and the TLP release rule (pure)."""

from __future__ import annotations

import ipaddress

import pytest
import stix2
from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.domain.leads import (
    TLP1_IDS,
    TLP2_IDS,
    Audience,
    Indicator,
    IndicatorKind,
    Tlp,
    clean_indicator,
    marking_definition,
    may_release,
    parse_pattern,
    parse_tlp,
    stix_pattern,
    tlp_of_markings,
)
from lawbridge.domain.wallets import Chain, clean_wallet, eip55, keccak256, segwit_decode
from lawbridge.errors import InvalidInput

# Public test vectors: BIP 173/350 (segwit), the Bitcoin wiki's Base58 examples, EIP-55.
BECH32_V0 = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
BECH32M_V1 = "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"
EIP55 = [
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
]


def test_keccak256_is_not_sha3() -> None:
    assert keccak256(b"").hex().startswith("c5d2460186f7233c927e7db2dcc703c0")
    assert keccak256(b"a" * 200).hex() != keccak256(b"a" * 201).hex()  # multi-block input


@pytest.mark.parametrize("address", EIP55)
def test_eip55_vectors(address: str) -> None:
    assert eip55(address.lower()) == address
    assert clean_wallet(address.lower(), "ethereum") == (address, Chain.ETHEREUM)


@pytest.mark.parametrize(
    ("address", "chain", "canonical"),
    [
        ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", Chain.BITCOIN, None),
        ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", Chain.BITCOIN, None),
        (BECH32_V0.upper(), Chain.BITCOIN, BECH32_V0),
        (BECH32M_V1, Chain.BITCOIN, None),
        ("TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7", Chain.TRON, None),
        ("0x" + "ab" * 20, Chain.ETHEREUM, eip55("0x" + "ab" * 20)),
    ],
)
def test_valid_wallets(address: str, chain: Chain, canonical: str | None) -> None:
    assert clean_wallet(address, None) == (canonical or address, chain)


@pytest.mark.parametrize(
    ("address", "chain"),
    [
        ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3", None),  # checksum
        ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "tron"),  # a bitcoin address is no tron one
        ("TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7", "bitcoin"),
        ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3T4", None),  # mixed case
        ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", None),  # checksum
        (BECH32M_V1[:-1] + "q", None),
        ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", None),  # EIP-55 case wrong
        ("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae", None),  # 39 digits
        ("0I" + "0" * 32, None),
        ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "dogecoin"),
    ],
)
def test_invalid_wallets(address: str, chain: str | None) -> None:
    with pytest.raises(InvalidInput):
        clean_wallet(address, chain)


def test_segwit_v0_needs_bech32_not_bech32m() -> None:
    version, program = segwit_decode("bc", BECH32_V0) or (None, b"")
    assert (version, program.hex()) == (0, "751e76e8199196d454941c45d1b3a323f1433bd6")
    assert segwit_decode("tb", BECH32_V0) is None


@pytest.mark.parametrize(
    ("kind", "value", "canonical"),
    [
        ("ipv4", " 198.51.100.7 ", "198.51.100.7"),
        ("ipv4", "198.51.100.0/24", "198.51.100.0/24"),
        ("ipv6", "2001:DB8:0:0::1", "2001:db8::1"),
        ("domain", "Example.COM.", "example.com"),
        ("domain", "例子.中国", "xn--fsqu00a.xn--fiqs8s"),
        ("url", "HTTP://Example.com:8080/a?b=C#d", "http://example.com:8080/a?b=C#d"),
        ("url", "https://[2001:DB8::1]/x", "https://[2001:db8::1]/x"),
        ("md5", "D41D8CD98F00B204E9800998ECF8427E", "d41d8cd98f00b204e9800998ecf8427e"),
        ("sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709", None),
        ("sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", None),
    ],
)
def test_indicators_are_canonical(kind: str, value: str, canonical: str | None) -> None:
    assert clean_indicator(kind, value).value == (canonical or value)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("ipv4", "256.1.1.1"),
        ("ipv4", "2001:db8::1"),
        ("ipv4", "198.51.100.1/24"),  # host bits set
        ("ipv6", "198.51.100.7"),
        ("domain", "localhost"),
        ("domain", "-bad.example"),
        ("domain", "example.123"),
        ("domain", "a" * 64 + ".com"),
        ("url", "javascript:alert(1)"),
        ("url", "https://user:pw@example.com/"),
        ("url", "https://exa mple.com/"),
        ("url", "/relative/path"),
        ("md5", "d41d8cd98f00b204e9800998ecf8427"),
        ("sha256", "z" * 64),
        ("email", "x@example.com"),
        ("ipv4", ""),
    ],
)
def test_bad_indicators_are_refused(kind: str, value: str) -> None:
    with pytest.raises(InvalidInput):
        clean_indicator(kind, value)


def test_only_wallets_take_a_chain() -> None:
    with pytest.raises(InvalidInput, match="only wallet"):
        clean_indicator("ipv4", "198.51.100.7", "bitcoin")


EXAMPLES = [
    clean_indicator("ipv4", "198.51.100.7"),
    clean_indicator("ipv6", "2001:db8::1"),
    clean_indicator("domain", "pay-refund.example.com"),
    clean_indicator("url", "https://example.com/a'b\\c"),
    clean_indicator("md5", "d41d8cd98f00b204e9800998ecf8427e"),
    clean_indicator("sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
    clean_indicator("sha256", "ab" * 32),
    clean_indicator("wallet", EIP55[0]),
]


@pytest.mark.parametrize("indicator", EXAMPLES, ids=lambda i: i.kind.value)
def test_patterns_round_trip_and_satisfy_the_stix_grammar(indicator: Indicator) -> None:
    pattern = stix_pattern(indicator)
    assert parse_pattern(pattern) == indicator
    stix2.Indicator(pattern=pattern, pattern_type="stix", valid_from="2026-01-01T00:00:00Z")


@settings(derandomize=True, deadline=None, max_examples=200)
@given(st.ip_addresses(v=4) | st.ip_addresses(v=6))
def test_every_ip_round_trips(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    kind = "ipv4" if address.version == 4 else "ipv6"
    indicator = clean_indicator(kind, str(address))
    assert parse_pattern(stix_pattern(indicator)) == indicator


@settings(derandomize=True, deadline=None, max_examples=200)
@given(st.text(alphabet=st.characters(codec="ascii", categories=["L", "N", "P", "S"]), max_size=60))
def test_any_url_path_round_trips(path: str) -> None:
    indicator = Indicator(
        IndicatorKind.URL, clean_indicator("url", "https://example.com/").value + path
    )
    try:
        indicator = clean_indicator("url", indicator.value)
    except InvalidInput:
        return
    assert parse_pattern(stix_pattern(indicator)) == indicator


@pytest.mark.parametrize(
    "pattern",
    [
        "[ipv4-addr:value = '1.2.3.4' OR ipv4-addr:value = '1.2.3.5']",
        "[email-addr:value = 'x@example.com']",
        "[ipv4-addr:value MATCHES '1.2.*']",
        "[file:name = 'a.exe']",
    ],
)
def test_unsupported_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(InvalidInput):
        parse_pattern(pattern)


def test_hash_paths_are_read_in_their_usual_spellings() -> None:
    assert parse_pattern("[file:hashes.'SHA-256' = '" + "AB" * 32 + "']").value == "ab" * 32
    assert parse_pattern("[file:hashes.MD5 = '" + "0" * 32 + "']").kind is IndicatorKind.MD5
    assert parse_pattern("[ ipv4-addr:value = '10.0.0.0' ]").value == "10.0.0.0"


RELEASE = {
    Audience.OWN: {"clear", "green", "amber", "amber+strict", "red"},
    Audience.COUNTERPART: {"clear", "green", "amber", "amber+strict"},
    Audience.PARTICIPANT: {"clear", "green", "amber"},
    Audience.COMMUNITY: {"clear", "green"},
}


@pytest.mark.parametrize("audience", list(Audience))
def test_release_table(audience: Audience) -> None:
    assert {t.value for t in Tlp if may_release(t, audience)} == RELEASE[audience]
    onward = {t.value for t in Tlp if may_release(t, audience, own=False)}
    assert onward == (RELEASE[audience] if audience is Audience.OWN else {"clear", "green"})


def test_red_reaches_no_other_party() -> None:
    assert not any(may_release(Tlp.RED, a) for a in Audience if a is not Audience.OWN)


def test_markings() -> None:
    assert parse_tlp("TLP:AMBER+STRICT") is Tlp.AMBER_STRICT and parse_tlp("white") is Tlp.CLEAR
    strictest = tlp_of_markings([TLP2_IDS[Tlp.GREEN], TLP2_IDS[Tlp.AMBER_STRICT], "x"])
    assert strictest is Tlp.AMBER_STRICT
    assert tlp_of_markings(list(TLP1_IDS)[:1]) is Tlp.CLEAR
    assert tlp_of_markings(["marking-definition--00000000-0000-4000-8000-000000000000"]) is None
    for tlp in Tlp:
        definition = stix2.parse(marking_definition(tlp), allow_custom=True)
        assert definition.name == f"TLP:{tlp.value.upper()}"
