"""The pii engine: detect personal information in Chinese, English and mixed text (pure; no I/O
but its word tables).

Public API::

    from lawbridge.engines.pii import Analyzer, AnalyzerConfig, Finding, Recognizer, RECOGNIZERS

``RECOGNIZERS`` lists the built-in recogniser classes for ``lawbridge.registry.Registry``
(entry-point group ``lawbridge.recognizers``); :data:`ENTITIES` the entity types they report.
"""

from __future__ import annotations

from lawbridge.engines.pii.analyzer import Analyzer, AnalyzerConfig, resolve
from lawbridge.engines.pii.base import Finding, Pattern, Recognizer, Scan, bounded
from lawbridge.engines.pii.recognizers.address import UsAddressRecognizer, ZhAddressRecognizer
from lawbridge.engines.pii.recognizers.contact import (
    CnLicensePlateRecognizer,
    EmailRecognizer,
    IpAddressRecognizer,
    PhoneRecognizer,
)
from lawbridge.engines.pii.recognizers.dates import DateOfBirthRecognizer
from lawbridge.engines.pii.recognizers.numbers import (
    BankAccountRecognizer,
    CnResidentIdRecognizer,
    CreditCardRecognizer,
    IbanRecognizer,
    PassportRecognizer,
    UsSsnRecognizer,
)
from lawbridge.engines.pii.recognizers.person import ZhPersonRecognizer
from lawbridge.engines.pii.recognizers.person_en import EnPersonRecognizer

RECOGNIZERS: tuple[type[Recognizer], ...] = (
    ZhPersonRecognizer,
    EnPersonRecognizer,
    EmailRecognizer,
    PhoneRecognizer,
    CnResidentIdRecognizer,
    CreditCardRecognizer,
    UsSsnRecognizer,
    IpAddressRecognizer,
    IbanRecognizer,
    PassportRecognizer,
    BankAccountRecognizer,
    CnLicensePlateRecognizer,
    DateOfBirthRecognizer,
    ZhAddressRecognizer,
    UsAddressRecognizer,
)
ENTRY_POINT_GROUP = "lawbridge.recognizers"
ENTITIES: tuple[str, ...] = tuple(sorted({cls.ENTITY for cls in RECOGNIZERS}))


def default_recognizers() -> list[Recognizer]:
    """One instance of each built-in recogniser, with its default configuration."""
    return [cls() for cls in RECOGNIZERS]


__all__ = [
    "ENTITIES",
    "ENTRY_POINT_GROUP",
    "RECOGNIZERS",
    "Analyzer",
    "AnalyzerConfig",
    "BankAccountRecognizer",
    "CnLicensePlateRecognizer",
    "CnResidentIdRecognizer",
    "CreditCardRecognizer",
    "DateOfBirthRecognizer",
    "EmailRecognizer",
    "EnPersonRecognizer",
    "Finding",
    "IbanRecognizer",
    "IpAddressRecognizer",
    "PassportRecognizer",
    "Pattern",
    "PhoneRecognizer",
    "Recognizer",
    "Scan",
    "UsAddressRecognizer",
    "UsSsnRecognizer",
    "ZhAddressRecognizer",
    "ZhPersonRecognizer",
    "bounded",
    "default_recognizers",
    "resolve",
]
