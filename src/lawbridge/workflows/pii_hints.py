"""Column headers and JSON keys that name a kind of personal information (姓名, 身份证号, phone …).

One vocabulary for the structured scans (``datascan``: a header *suggests* a type, confirmed by what
the detector finds in the column) and the transfer guard (``privacy_payload``: a key's value is taken
whole as its type when the detector finds nothing in it). Keys are compared casefolded, without
spaces, ``_``, ``-``, ``.`` or brackets.
"""

from __future__ import annotations

import re

HINTS: dict[str, tuple[str, ...]] = {
    "PERSON": (
        "name", "fullname", "firstname", "lastname", "surname", "givenname", "姓名", "名字",
        "联系人", "收件人", "持卡人", "contactname", "customername",
    ),
    "EMAIL": ("email", "email_address", "mail", "邮箱", "电子邮件", "电子邮箱"),
    "PHONE": (
        "phone", "mobile", "tel", "telephone", "phonenumber", "cell", "手机", "电话", "手机号",
        "联系电话",
    ),
    "CN_RESIDENT_ID": (
        "idcard", "idnumber", "residentid", "身份证", "身份证号", "身份证号码", "公民身份号码",
    ),
    "CREDIT_CARD": ("cardnumber", "creditcard", "cardno", "信用卡", "卡号", "信用卡号"),
    "US_SSN": ("ssn", "socialsecuritynumber", "socialsecurity"),
    "IP_ADDRESS": ("ip", "ipaddress", "clientip", "ip地址"),
    "IBAN": ("iban",),
    "PASSPORT": ("passport", "passportnumber", "passportno", "护照", "护照号"),
    "BANK_ACCOUNT": (
        "bankaccount", "accountnumber", "acctno", "银行账号", "银行卡", "银行卡号", "开户账号",
        "账号",
    ),
    "CN_LICENSE_PLATE": ("plate", "licenseplate", "licenceplate", "车牌", "车牌号"),
    "DATE_OF_BIRTH": (
        "dob", "birthdate", "birthday", "dateofbirth", "出生日期", "生日", "出生",
    ),
    "ADDRESS": (
        "address", "addr", "homeaddress", "street", "住址", "地址", "家庭住址", "收货地址",
    ),
}  # fmt: skip
_NOISE = re.compile(r"[\s_\-.\[\]]+")
_OF_KEY = {_NOISE.sub("", key.casefold()): kind for kind, keys in HINTS.items() for key in keys}
_BY_LENGTH = sorted(_OF_KEY, key=len, reverse=True)


def normal_key(key: str) -> str:
    return _NOISE.sub("", key.casefold())


def exact_hint(key: str) -> str | None:
    """The type a key names exactly ("Phone Number", "身份证号")."""
    return _OF_KEY.get(normal_key(key))


def header_hint(column: str) -> str | None:
    """The type a column header names, exactly or as a part ("客户手机号" → PHONE, "user_email" →
    EMAIL; the longest known key inside the header wins, so "email_address" is EMAIL)."""
    key = normal_key(column)
    if key in _OF_KEY:
        return _OF_KEY[key]
    for known in _BY_LENGTH:
        if len(known) >= 3 and known in key:
            return _OF_KEY[known]
    return None
