"""Promise 6 of docs/trust.md: the names, pii and signals engines survive any input.

Arbitrary Unicode (every code point but surrogates, control characters, bidi overrides, zero
widths, combining runs), inputs of a few megabytes and malformed media (random bytes, real images
with flipped or cut bytes, forged headers claiming huge sizes, mutated index dumps) either work or
raise the documented :class:`~lawbridge.errors.InvalidInput`; nothing else escapes. What each engine
returns stays well-formed (offsets inside the text, scores in [0, 1], a signal the engine produced
validates as itself). Examples are bounded and derandomised; no deadline (the machine is shared),
so a hang shows as a test that does not finish, never as a timing assertion. Python-side memory
is bounded with tracemalloc where that is cheap (the C decoders' allocations are not traced).
"""

from __future__ import annotations

import io
import itertools
import json
import random
import struct
import tracemalloc
import zlib
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from lawbridge.engines.names import Matcher, NameIndex, PersonRecord
from lawbridge.engines.pii import ENTITIES, Analyzer
from lawbridge.engines.pii.operators import MaskOperator, ReplaceOperator, redact
from lawbridge.engines.signals import (
    ExactIndex,
    ExactSignal,
    LinkIndex,
    LinkSignal,
    MultiCropIndex,
    MultiCropSignal,
    PdqIndex,
    PdqSignal,
    PolicyRuleSignal,
    RuleIndex,
    TextIndex,
    TextNearDupSignal,
    decode_image,
    normalize_text,
)
from lawbridge.errors import InvalidInput

T = TypeVar("T")
FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
MB = 1_000_000

NASTY = [
    "\x00", "\x01", "\x1b[2J", "\x7f", "\x85", "\t", "\r\n", "\u2028", "\u2029",  # controls
    "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u00ad",  # bidi, zero width, BOM, soft hyphen
    "e\u0301\u0301\u0301\u0301", "\u0e47" * 8, "ﷺ", "\ufdfd", "\uffff", "\U0010ffff", "\U0001f600",
    "𝔍𝔬𝔥𝔫", "Ｊｏｈｎ", "ⅰⅱⅲ", "İı", "ß", "ǅ", "\u3000", "〇", "㐀", "\U00020000",  # ext. B Han
]  # fmt: skip
LOOKALIKE_PII = [
    "13800138000", "+86 138 0013 8000", "110101199003074514", "alice.sample@example.com",
    "张三", "欧阳娜娜", "John Smith", "Dr. Jane O'Neil", "192.168.0.1", "2001:db8::1",
    "DE89370400440532013000", "4111 1111 1111 1111", "123-45-6789", "E12345678", "京A12345",
    "1990-03-07", "北京市朝阳区建国路88号", "1600 Pennsylvania Ave NW, Washington, DC 20500",
]  # fmt: skip
pieces = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=30),  # any code point but surrogates
    st.text(st.characters(categories=["Cc", "Cf", "Zs", "Mn"]), max_size=10),
    st.sampled_from(NASTY),
    st.sampled_from(LOOKALIKE_PII),
)
texts = st.lists(pieces, max_size=25).map("".join)
names = st.one_of(
    st.lists(pieces, min_size=1, max_size=4).map(" ".join),
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=80),
)


def allowed(call: Callable[[], T]) -> T | None:
    """The call's result, or None if it raised InvalidInput; any other exception fails the test."""
    try:
        return call()
    except InvalidInput as exc:
        assert str(exc), "InvalidInput without a message"
        return None


def peak_mb(call: Callable[[], Any]) -> float:
    """Megabytes of Python (and numpy) memory at the call's peak."""
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


# --- names ----------------------------------------------------------------------------------------

MATCHER = Matcher()
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)
FIELDS = ["name", "aliases", "birth_date", "nationality", "gender", "id_number"]
records = st.dictionaries(st.sampled_from(FIELDS) | texts, json_values | names, max_size=7)


@FUZZ
@given(records)
def test_a_record_from_any_json_is_built_or_refused(data: dict[str, Any]) -> None:
    record = allowed(lambda: PersonRecord.from_dict(data))
    if record is not None:
        assert PersonRecord.from_dict(record.to_dict()) == record


@FUZZ
@given(names, names)
def test_any_two_names_compare_within_bounds(a: str, b: str) -> None:
    first, second = allowed(lambda: PersonRecord(a)), allowed(lambda: PersonRecord(b))
    if first is None or second is None:
        return
    score = allowed(lambda: MATCHER.compare(first, second).score)
    if score is not None:
        assert 0.0 <= score <= 1.0


INDEX = NameIndex()
for n, listed in enumerate(
    ["郭声琨", "Kuo Sheng-kun", "Zhang Wei", "欧阳娜娜", "محمد علي", "김정은"]
):
    INDEX.add(f"e{n}", PersonRecord(listed))


@FUZZ
@given(names, st.integers(1, 20), st.floats(0.0, 1.0))
def test_an_index_search_for_any_name_is_well_formed(name: str, limit: int, floor: float) -> None:
    query = allowed(lambda: PersonRecord(name))
    if query is None:
        return
    found = allowed(lambda: INDEX.search(query, limit=limit, floor=floor))
    if found is not None:
        assert len(found) <= limit
        assert all(floor <= c.score <= 1.0 for c in found)


def test_huge_names_records_and_alias_lists_are_refused() -> None:
    huge = "张" * (3 * MB)
    many = ["".join(letters) for letters in itertools.product("abcdefghij", repeat=5)]
    for call in (
        lambda: PersonRecord(huge),
        lambda: PersonRecord.from_dict({"name": "Zhang Wei", "aliases": many}),
        lambda: PersonRecord.from_dict({"name": "Zhang Wei", "birth_date": huge}),
        lambda: PersonRecord.from_dict({"name": "Zhang Wei", "nationality": huge}),
    ):
        assert allowed(call) is None
    # An id number has no length limit of its own (the API's body limit bounds it): it works.
    record = PersonRecord.from_dict({"name": "Zhang Wei", "id_number": "G" + "1" * MB})
    assert MATCHER.compare(record, record).score == 1.0


# --- pii ------------------------------------------------------------------------------------------

ANALYZER = Analyzer()


def assert_well_formed(text: str, findings: list[Any]) -> None:
    previous_end = 0
    for finding in findings:
        assert previous_end <= finding.start < finding.end <= len(text)
        assert finding.type in ENTITIES
        assert 0.0 <= finding.score <= 1.0
        previous_end = finding.end


@FUZZ
@given(texts)
def test_any_text_is_analysed_and_redacted_without_leaving_the_text(text: str) -> None:
    findings = ANALYZER.analyze(text)
    assert_well_formed(text, findings)
    assert ANALYZER.analyze(text) == findings  # deterministic
    redacted, applied = redact(text, findings, {}, default=ReplaceOperator())
    assert len(applied) <= len(findings)
    masked, _ = redact(text, findings, {"PHONE": MaskOperator()})
    assert isinstance(redacted, str) and isinstance(masked, str)


@pytest.mark.parametrize("value", [b"13800138000", None, 13800138000, ["13800138000"]])
def test_anything_but_text_is_invalid_input(value: Any) -> None:
    with pytest.raises(InvalidInput):
        ANALYZER.analyze(value)


HUGE_TEXTS = {
    # Megabytes that the engines get through quickly: the shapes a careless upload has.
    "letters-3MB": lambda: "a" * (3 * MB),
    "controls-2MB": lambda: "\x00\x01\x1b\u202e\u200b\ufeff" * (MB // 3),
    "digits-1MB": lambda: "1" * MB,
    "dots-and-digits-1MB": lambda: "1." * (MB // 2),
    "one-line-json-1MB": lambda: json.dumps({"k": ["x" * 50] * (MB // 60)}),
    # Dense personal information across chunk boundaries (64 Ki characters a chunk).
    "dense-150KB": lambda: " ".join(LOOKALIKE_PII) * (150_000 // len(" ".join(LOOKALIKE_PII))),
}


@pytest.mark.parametrize("kind", HUGE_TEXTS)
def test_huge_texts_are_analysed_within_bounded_memory(kind: str) -> None:
    text = HUGE_TEXTS[kind]()
    findings: list[Any] = []
    peak = peak_mb(lambda: findings.extend(ANALYZER.analyze(text)))
    assert_well_formed(text, findings)
    # Findings cost memory in proportion to their number; the rest must not grow with the text.
    assert peak < 20 + 0.002 * len(findings), (kind, peak, len(findings))
    if kind.startswith("dense"):
        assert {"PHONE", "EMAIL", "CN_RESIDENT_ID"} <= {f.type for f in findings}


# --- signals: text, links, rules, exact -----------------------------------------------------------

TEXT_SIGNALS = [ExactSignal(), TextNearDupSignal(), PolicyRuleSignal()]


@FUZZ
@given(texts)
def test_text_signals_of_any_text_validate_as_themselves(text: str) -> None:
    assert isinstance(normalize_text(text), str)
    for signal_type in TEXT_SIGNALS:
        signal = allowed(lambda s=signal_type: s.hash(text))  # type: ignore[misc]
        if signal is not None and not isinstance(signal_type, PolicyRuleSignal):
            assert signal_type.validate(signal) == signal, signal_type.NAME


@FUZZ
@given(texts)
def test_any_string_is_a_canonical_url_or_invalid_input(text: str) -> None:
    link = LinkSignal()
    for candidate in (text, f"https://{text}", f"http://example.com/{text}?q={text}#{text}"):
        canonical = allowed(lambda c=candidate: link.hash(c))  # type: ignore[misc]
        if canonical is not None:
            assert link.validate(canonical) == canonical
            assert link.hash(canonical) == canonical


RULES = RuleIndex()
for number, rule in enumerate(
    ["keyword:加微信", "keyword:scam", "keyword:double your money", r"regex:\d{3}-\d{4}"]
):
    RULES.add(rule, f"rule-{number}")


@FUZZ
@given(texts, texts)
def test_rules_scan_any_text_and_refuse_bad_rules(text: str, rule_body: str) -> None:
    form = allowed(lambda: PolicyRuleSignal().hash(text))
    if form is not None:
        for hit in RULES.scan(form):
            assert 0 <= hit.start < hit.end <= len(form)
    for kind in ("keyword:", "regex:", ""):
        allowed(lambda k=kind: PolicyRuleSignal().validate(k + rule_body))  # type: ignore[misc]


def test_huge_texts_are_refused_or_hashed_by_every_text_signal() -> None:
    huge = "加微信 scam " * (3 * MB // 12)
    assert allowed(lambda: TextNearDupSignal().hash(huge)) is None  # over max_chars
    assert allowed(lambda: PolicyRuleSignal().hash(huge)) is None
    assert allowed(lambda: LinkSignal().hash("http://x/" + huge)) is None
    exact = ExactSignal()
    assert exact.validate(exact.hash(huge.encode())) == exact.hash(huge.encode())


# --- signals: images ------------------------------------------------------------------------------

IMAGE_SIGNALS = [PdqSignal(), MultiCropSignal()]
# Pillow warns (UserWarning) about damaged metadata and goes on; outside the tests' warnings-as-
# errors setting that is what production does, so the image tests let them pass.
pillow_warnings = pytest.mark.filterwarnings("ignore::UserWarning:PIL")


def encoded(fmt: str, size: tuple[int, int] = (96, 64), mode: str = "RGB") -> bytes:
    """A small gradient with some structure, saved as ``fmt``."""
    width, height = size
    y, x = np.mgrid[0:height, 0:width]
    rgb = np.stack([x * 255 // width, y * 255 // height, (x * y) % 256], axis=-1).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(rgb).convert(mode).save(buffer, fmt)
    return buffer.getvalue()


FORMATS = ["PNG", "JPEG", "GIF", "BMP", "WEBP", "TIFF", "ICO", "PPM"]
IMAGES = {fmt: encoded(fmt) for fmt in FORMATS}


def hash_or_refuse(data: bytes) -> None:
    for signal_type in IMAGE_SIGNALS:
        signal = allowed(lambda s=signal_type: s.hash(data))  # type: ignore[misc]
        if signal is not None:
            assert signal_type.validate(signal) == signal, signal_type.NAME


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_test_image_decodes(fmt: str) -> None:
    image = decode_image(IMAGES[fmt])
    if fmt != "ICO":  # Pillow's ICO writer scales to its own sizes
        assert image.original_size == (96, 64)
    hash_or_refuse(IMAGES[fmt])


@pytest.mark.parametrize("size", [(1, 1), (2, 2), (400, 4), (1000, 10), (3, 500), (7, 7)])
def test_thin_and_tiny_pictures_have_every_image_signal(size: tuple[int, int]) -> None:
    # The multi-crop signal asked for regions of at least 8 pixels a side even where the picture
    # had fewer, and Pillow refused the negative box with a ValueError (an upload answered 500).
    data = encoded("PNG", size)
    for signal_type in IMAGE_SIGNALS:
        signal, reference = signal_type.hash(data), signal_type.hash_reference(data)
        assert signal_type.validate(signal) == signal
        assert signal_type.compare(signal, reference).matched, (signal_type.NAME, size)


@pillow_warnings
@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_are_an_image_or_invalid_input(data: bytes) -> None:
    hash_or_refuse(data)


@pillow_warnings
@settings(FUZZ, max_examples=120)
@given(st.sampled_from(FORMATS), st.randoms(use_true_random=False), st.integers(1, 24))
def test_damaged_images_are_hashed_or_refused(fmt: str, rng: random.Random, flips: int) -> None:
    data = bytearray(IMAGES[fmt])
    for _ in range(flips):
        data[rng.randrange(len(data))] = rng.randrange(256)
    cut = rng.choice([len(data), len(data) // 2, rng.randrange(1, len(data))])
    hash_or_refuse(bytes(data[:cut]))
    hash_or_refuse(bytes(data[:cut]) + bytes(data[:cut]))  # spliced twice


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header (with a correct CRC) claims ``width`` x ``height`` pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    header = struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    data = zlib.compress(b"\x00" * 1024)
    idat = b"IDAT" + data
    body = struct.pack(">I", len(data)) + idat + struct.pack(">I", zlib.crc32(idat))
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + header + body + end


def _gif_claiming(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00" + b";"


BOMBS = {
    "png-100k-square": lambda: _png_claiming(100_000, 100_000),
    "png-2G-wide": lambda: _png_claiming(2**31 - 1, 1),
    "png-zero": lambda: _png_claiming(0, 0),
    "gif-65k-square": lambda: _gif_claiming(65535, 65535),
    "over-the-byte-limit": lambda: IMAGES["PNG"] + b"\x00" * 20_000_000,
    "png-header-only": lambda: IMAGES["PNG"][:33],
}


@pytest.mark.parametrize("kind", BOMBS)
def test_bombs_and_husks_are_refused_without_decoding(kind: str) -> None:
    data = BOMBS[kind]()
    peak = peak_mb(lambda: pytest.raises(InvalidInput, decode_image, data))
    assert peak < 5 + len(data) / MB * 2  # at most a copy or two of the input itself


# --- index dumps ----------------------------------------------------------------------------------

INDEXES: list[tuple[Any, Any, list[str]]] = [
    (ExactIndex, ExactSignal(), [ExactSignal().hash("banned text")]),
    (
        TextIndex,
        TextNearDupSignal(),
        [TextNearDupSignal().hash("快来加微信领取大奖 win a prize now")],
    ),
    (LinkIndex, LinkSignal(), [LinkSignal().hash("http://scam.example/path?a=1")]),
    (RuleIndex, PolicyRuleSignal(), ["keyword:加微信", r"regex:\d{3}"]),
    (PdqIndex, PdqSignal(), [PdqSignal().hash_reference(IMAGES["PNG"])]),
    (MultiCropIndex, MultiCropSignal(), [MultiCropSignal().hash_reference(IMAGES["PNG"])]),
]


def _dump(number: int) -> bytes:
    cls, signal_type, signals = INDEXES[number]
    index = signal_type.new_index()
    for n, signal in enumerate(signals):
        index.add(signal, f"ref-{n}")
    return bytes(index.serialize())


DUMPS = [_dump(n) for n in range(len(INDEXES))]


def _mutate_json(value: Any, rng: random.Random) -> Any:
    """Replace one node of a JSON document with a value of another shape."""
    replacements = [None, 0, -1, 2**70, 1.5, "", "x", [], {}, [[1, 2]], {"a": []}, "\x00" * 3]
    if isinstance(value, dict) and value and rng.random() < 0.8:
        key = rng.choice(sorted(value))
        return {**value, key: _mutate_json(value[key], rng)}
    if isinstance(value, list) and value and rng.random() < 0.8:
        i = rng.randrange(len(value))
        return [*value[:i], _mutate_json(value[i], rng), *value[i + 1 :]]
    return rng.choice(replacements)


def load_or_refuse(number: int, data: bytes) -> None:
    cls, signal_type, signals = INDEXES[number]
    index = allowed(lambda: cls.deserialize(data, signal_type))
    if index is not None:
        allowed(lambda: index.query(signals[0]))


JSON_DUMPS = [n for n, dump in enumerate(DUMPS) if dump.startswith(b"{")]


def _damaged(dump: bytes, rng: random.Random, noise: bytes) -> list[bytes]:
    """Noise alone, the dump cut short, the dump with noise after it, the dump with bytes flipped."""
    flipped = bytearray(dump)
    for _ in range(rng.randint(1, 8)):
        flipped[rng.randrange(len(flipped))] = rng.randrange(256)
    return [noise, dump[: rng.randrange(len(dump))], dump + noise, bytes(flipped)]


@settings(FUZZ, max_examples=150)
@given(st.sampled_from(JSON_DUMPS), st.randoms(use_true_random=False), st.binary(max_size=64))
def test_damaged_json_index_dumps_load_or_are_invalid_input(
    number: int, rng: random.Random, noise: bytes
) -> None:
    for data in _damaged(DUMPS[number], rng, noise):
        load_or_refuse(number, data)


NPZ_DUMPS = [n for n in range(len(DUMPS)) if n not in JSON_DUMPS]


@settings(FUZZ, max_examples=60)
@given(st.sampled_from(NPZ_DUMPS), st.randoms(use_true_random=False), st.binary(max_size=64))
def test_damaged_npz_index_dumps_load_or_are_invalid_input(
    number: int, rng: random.Random, noise: bytes
) -> None:
    for data in _damaged(DUMPS[number], rng, noise):
        load_or_refuse(number, data)


WRONG_SHAPES = {
    "exact-entries-null": (0, b'{"kind": "lawbridge.exact", "signal_type": "exact_sha256", "entries": null}'),
    "rules-entry-too-short": (3, b'{"kind": "lawbridge.policy_rules", "rules": [["ref-0"]]}'),
    "pdq-npz-cut-in-half": (4, DUMPS[4][: len(DUMPS[4]) // 2]),
    "multicrop-npz-cut-in-half": (5, DUMPS[5][: len(DUMPS[5]) // 2]),
}  # fmt: skip


@pytest.mark.parametrize("case", WRONG_SHAPES)
def test_index_dumps_of_the_wrong_shape_are_invalid_input(case: str) -> None:
    number, data = WRONG_SHAPES[case]
    cls, signal_type, _ = INDEXES[number]
    with pytest.raises(InvalidInput, match="index dump"):
        cls.deserialize(data, signal_type)
