"""Hard negatives for the held-out PII test set: numbers and strings that look like personal information
but must not be labelled (order and tracking numbers, timestamps, versions, wrong check digits …)."""

from __future__ import annotations

import datetime as dt

import ho_words as W
from ho_values import LETTERS, ValueGen, by4, valid_phone
from stdnum import luhn
from stdnum.cn import ric


class Gen(ValueGen):
    """Value generators plus hard-negative generators (the one class the document modules use)."""

    # ---- hard negatives (unlabelled) --------------------------------------------------------
    def safe_digits(self, n: int, first: str = "123456789") -> str:
        """Digits that are no card (Luhn), no resident id and no phone number."""
        while True:
            s = self.digits(n, first)
            if (
                (13 <= n <= 19 and luhn.is_valid(s))
                or (n == 18 and ric.is_valid(s))
                or valid_phone(s)
            ):
                continue
            return s

    def order_no(self) -> str:
        r = self.r
        return r.choice([
            self.safe_digits(r.choice([12, 16, 18, 19])),
            "{}-{}-{}".format(*(lambda s: (s[:3], s[3:10], s[10:]))(self.safe_digits(17))),
            f"DD{self.safe_digits(14, '2')}", f"PO-{r.randint(2022, 2025)}-{r.randint(1, 99999):05d}",
            f"ORD{r.randint(20230101, 20251231)}{r.randint(1000, 9999)}",
        ])  # fmt: skip

    def tracking(self) -> str:
        r = self.r
        return r.choice([f"SF{self.safe_digits(13)}", f"YT{self.safe_digits(13)}", f"JT{self.safe_digits(13, '0')}",
                         f"1Z{r.randint(100, 999)}{r.choice(LETTERS)}{r.choice(LETTERS)}{self.safe_digits(10)}",
                         by4("94" + self.digits(20, "0123456789")), self.safe_digits(14, "7")])  # fmt: skip

    def timestamp(self) -> str:
        r = self.r
        d = dt.datetime(2024, 1, 1) + dt.timedelta(seconds=r.randrange(60 * 60 * 24 * 700))
        while True:
            k = r.randrange(7)
            s = [d.strftime("%Y-%m-%d %H:%M:%S"), d.strftime("%Y-%m-%dT%H:%M:%S+08:00"),
                 d.strftime("%Y/%m/%d %H:%M"), d.strftime("%Y%m%d%H%M%S"), str(int(d.timestamp())),
                 d.strftime("%d/%b/%Y:%H:%M:%S +0800"), d.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"][k]  # fmt: skip
            if not (s.isdigit() and 13 <= len(s) <= 19 and luhn.is_valid(s)):
                return s
            d += dt.timedelta(seconds=1)

    def version(self, zh: bool = True) -> str:
        r = self.r
        v = [f"v{r.randint(1, 12)}.{r.randint(0, 30)}.{r.randint(0, 9)}.{r.randint(1, 250)}",
                         f"version {r.randint(1, 9)}.{r.randint(0, 9)}.{r.randint(0, 40)}.{r.randint(1, 200)}",
                         f"App {r.randint(2, 9)}.{r.randint(0, 30)}.{r.randint(0, 9)}.{r.randint(100, 250)}",
                         f"版本 {r.randint(1, 9)}.{r.randint(0, 9)}.{r.randint(0, 9)}.{r.randint(1, 99)}",
                         f"build {r.randint(1, 20)}.0.{r.randint(19000, 22999)}.{r.randint(100, 4000)}",
                         f"release {r.randint(1, 5)}.{r.randint(0, 9)}.{r.randint(0, 9)}.{r.randint(1, 99)}"]  # fmt: skip
        return r.choice(v if zh else [x for x in v if not x.startswith("版本")])

    def sku(self) -> str:
        r = self.r
        return f"{r.choice(W.SKU_PARTS)}{r.randint(100, 9999)}-{r.choice(['BLK', 'WHT', 'RED', 'G', 'XL'])}-{r.randint(1, 48)}"

    def amount_zh(self) -> str:
        return f"{self.r.randint(1, 99999):,}.{self.r.randint(0, 99):02d}"

    def amount_en(self) -> str:
        return f"${self.r.randint(1, 9999):,}.{self.r.randint(0, 99):02d}"

    def ref9(self) -> str:
        return self.safe_digits(9)

    def qq(self) -> str:
        return self.safe_digits(self.r.choice([8, 9, 10]))

    def masked_phone(self) -> str:
        n = self._cn_mobile_digits()
        return n[:3] + "****" + n[7:]

    def ip_port(self) -> tuple[str, str, str]:
        """(before, address, after): an address with a port outside its span."""
        if self.r.random() < 0.5:
            return "", self.ipv4(), f":{self.r.choice([80, 443, 8080, 3306, 6379, 52144])}"
        return "[", self.ipv6(), f"]:{self.r.choice([443, 8443])}"

    def masked_id(self) -> str:
        n, _ = self.ric(lower_x=0)
        return n[:4] + "*" * 10 + n[14:]
