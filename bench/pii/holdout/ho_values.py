"""Value generators for the held-out PII test set (documents are written with ``ho_doc.Doc``).

Check digits are computed with
python-stdnum's helpers and phone numbers are confirmed with phonenumbers, so every positive is valid and
every negative with a check digit is made invalid on purpose.
"""

from __future__ import annotations

import datetime as dt
import random
import re

import ho_words as W
import phonenumbers
from stdnum import iban, luhn
from stdnum.cn import ric
from stdnum.us import rtn, ssn


def valid_phone(number: str) -> bool:
    for region in ("CN", "US"):
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(number, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


def group(s: str, sizes: list[int], sep: str) -> str:
    out, i = [], 0
    for n in sizes:
        if i >= len(s):
            break
        out.append(s[i : i + n])
        i += n
    if i < len(s):
        out.append(s[i:])
    return sep.join(out)


def by4(s: str, sep: str = " ") -> str:
    return sep.join(s[i : i + 4] for i in range(0, len(s), 4))


EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip
RIC_AREAS = ["110105", "110108", "310115", "310104", "440305", "440304", "440106", "330106",
             "330108", "320106", "320506", "510107", "420106", "610113", "430104", "370102",
             "370202", "350203", "410105", "210102", "530102", "450103", "230103", "340104",
             "120103", "500103", "330212", "130602", "360781", "520328"]  # fmt: skip
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I/O, as on plates and passports
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"


class ValueGen:
    """Generators of labelled values; all draw from one seeded ``random.Random``."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def digits(self, n: int, first: str = "123456789") -> str:
        return self.r.choice(first) + "".join(self.r.choice("0123456789") for _ in range(n - 1))

    # ---- persons --------------------------------------------------------------------------
    def zh_parts(self) -> tuple[str, str, str, list[str]]:
        while True:
            if self.r.random() < 0.07:
                sur, sur_py = self.r.choice(list(W.ZH_COMPOUND.items()))
            else:
                sur, sur_py = self.r.choice(list(W.ZH_SURNAMES.items()))
            given = self.r.sample(list(W.ZH_GIVEN), self.r.choice([1, 2, 2, 2]))
            g = "".join(given)
            if g not in W.ZH_BAD_GIVEN and sur + g not in W.ZH_BAD_FULL:
                return sur, sur_py, g, [W.ZH_GIVEN[c] for c in given]

    def zh_name(self) -> str:
        sur, _, g, _ = self.zh_parts()
        return sur + g

    def zh_pair(self) -> tuple[str, str]:
        """The same person in hanzi and in pinyin."""
        parts = self.zh_parts()
        return parts[0] + parts[2], self.pinyin_name(parts)

    def pinyin_name(self, parts: tuple[str, str, str, list[str]] | None = None) -> str:
        _, sp, _, gp = parts or self.zh_parts()
        if len(gp) == 1:
            given = gp[0]
        else:
            given = self.r.choice(
                [gp[0] + gp[1].lower(), gp[0] + "-" + gp[1], gp[0] + "-" + gp[1].lower()]
            )
        style = self.r.randrange(4)
        if style == 0:
            return f"{sp} {given}"
        if style == 1:
            return f"{given} {sp}"
        if style == 2:
            return f"{sp.upper()} {given}"
        return f"{sp.upper()} {given.upper()}"

    def en_name(self) -> str:
        f, last = self.r.choice(W.EN_FIRST), self.r.choice(W.EN_LAST)
        k = self.r.random()
        if k < 0.55:
            return f"{f} {last}"
        if k < 0.75:
            return f"{f} {self.r.choice(LETTERS)}. {last}"
        if k < 0.85:
            return f"{f} {self.r.choice(LETTERS)} {last}"
        return f"{f} {self.r.choice(W.EN_MIDDLE)} {last}"

    def cn_en_name(self) -> str:
        return f"{self.r.choice(W.EN_FIRST_CN)} {self.r.choice(list(W.ZH_SURNAMES.values()))}"

    def en_surname(self) -> str:
        return self.r.choice(W.EN_LAST)

    # ---- contact --------------------------------------------------------------------------
    def _cn_mobile_digits(self) -> str:
        pre = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
               "155", "157", "158", "159", "166", "173", "176", "177", "180", "181", "185", "186",
               "187", "188", "189", "191", "193", "195", "198", "199"]  # fmt: skip
        while True:
            n = self.r.choice(pre) + self.digits(8, "0123456789")
            if valid_phone(n):
                return n

    def cn_mobile(self, style: int | None = None) -> str:
        n = self._cn_mobile_digits()
        sp = group(n, [3, 4, 4], " ")
        forms = [n, n, sp, group(n, [3, 4, 4], "-"), "+86 " + sp, "+86 " + n, "+86-" + n,
                 "+86-" + group(n, [3, 4, 4], "-"), "0086 " + n, "0086-" + sp.replace(" ", "-"),
                 "+8613" + n[2:]]  # fmt: skip
        out = forms[self.r.randrange(len(forms)) if style is None else style]
        assert valid_phone(out), out
        return out

    def cn_landline(self) -> str:
        codes = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029", "0571",
                 "0755", "0512", "0532", "0731", "0871", "0591", "0351", "0574", "0592"]  # fmt: skip
        while True:
            c = self.r.choice(codes)
            local = self.digits(
                8 if len(c) == 3 or c in {"0755", "0512", "0571", "0731"} else 7, "2345678"
            )
            sl = local[:4] + " " + local[4:]
            forms = [f"{c}-{local}", f"{c}-{sl}", f"({c}) {sl}", f"({c}){local}", f"{c} {sl}",
                     f"+86 {c[1:]} {sl}", f"+86-{c[1:]}-{local}"]  # fmt: skip
            out = self.r.choice(forms)
            if valid_phone(out):
                return out

    def us_phone(self) -> str:
        while True:
            a = self.digits(3, "23456789")
            if a[1:] == "00" or a in {
                "800",
                "888",
                "877",
                "866",
                "855",
                "844",
                "833",
                "900",
                "555",
            }:
                continue
            e, ln = self.digits(3, "23456789"), self.digits(4, "0123456789")
            forms = [f"({a}) {e}-{ln}", f"{a}-{e}-{ln}", f"{a}.{e}.{ln}", f"+1 {a} {e} {ln}",
                     f"+1-{a}-{e}-{ln}", f"1-{a}-{e}-{ln}", f"+1 ({a}) {e}-{ln}", f"{a} {e} {ln}",
                     f"+1{a}{e}{ln}"]  # fmt: skip
            out = self.r.choice(forms)
            try:
                ok = phonenumbers.is_valid_number(phonenumbers.parse(out, "US"))
            except phonenumbers.NumberParseException:
                ok = False
            if ok:
                return out

    def email(self, hint: str = "") -> str:
        base = re.sub(r"[^a-z]", "", hint.lower()) or self.r.choice(
            ["sunny", "blue", "kiwi", "lake"]
        )
        k = self.r.randrange(6)
        user = [
            base,
            f"{base}{self.r.randint(1, 99)}",
            f"{base}.{self.r.choice('abcdefghkmnprstwy')}",
            f"{base}_{self.r.randint(1970, 2005)}",
            f"{base}+orders",
            f"{base}{self.r.randint(1990, 2005) % 100:02d}",
        ][k]
        out = f"{user}@{self.r.choice(W.EMAIL_DOMAINS)}"
        return out.capitalize() if self.r.random() < 0.08 else out

    # ---- identity numbers ------------------------------------------------------------------
    def birth(self, lo: int = 1950, hi: int = 2006) -> dt.date:
        return dt.date(lo, 1, 1) + dt.timedelta(
            days=self.r.randrange((dt.date(hi, 12, 31) - dt.date(lo, 1, 1)).days)
        )

    def ric(self, born: dt.date | None = None, lower_x: float = 0.3) -> tuple[str, dt.date]:
        while True:
            d = born or self.birth()
            body = self.r.choice(RIC_AREAS) + d.strftime("%Y%m%d") + self.digits(3, "0123456789")
            num = body + ric.calc_check_digit(body + "0")  # stdnum drops the last character
            if ric.is_valid(num):
                if num.endswith("X") and self.r.random() < lower_x:
                    num = num[:-1] + "x"
                return num, d
            born = None

    def ric15(self) -> str:
        d = self.birth(1950, 1980)
        return self.r.choice(RIC_AREAS) + d.strftime("%y%m%d") + self.digits(3, "0123456789")

    def bad_ric(self) -> str:
        """A resident ID with a wrong check character (and no Luhn-valid card number either)."""
        while True:
            num, _ = self.ric(lower_x=0)
            wrong = self.r.choice([c for c in "0123456789X" if c != num[-1].upper()])
            out = num[:-1] + wrong
            if not ric.is_valid(out) and not (out.isdigit() and luhn.is_valid(out)):
                return out

    def ssn(self, style: int = 0) -> str:
        while True:
            a = f"{self.r.randint(1, 899):03d}"
            n = f"{a}{self.r.randint(1, 99):02d}{self.r.randint(1, 9999):04d}"
            if ssn.is_valid(n):
                return [f"{n[:3]}-{n[3:5]}-{n[5:]}", f"{n[:3]} {n[3:5]} {n[5:]}", n][style]

    def passport_cn(self) -> str:
        k = self.r.random()
        if k < 0.45:
            return "E" + self.digits(8, "0123456789")
        if k < 0.7:
            return "E" + self.r.choice(LETTERS) + self.digits(7, "0123456789")
        return self.r.choice("GGGDSP") + self.digits(8, "0123456789")

    def passport_us(self) -> str:
        if self.r.random() < 0.6:
            return self.digits(9, "123456789")
        return self.r.choice("ACFHJKLMNRTWXZ") + self.digits(8, "0123456789")

    def plate(self) -> str:
        p, city = self.r.choice(PROVINCES), self.r.choice("ABCDEFGHJKLM")
        sep = self.r.choice(["", "", "·", " "])
        k = self.r.random()
        if k < 0.3:  # new-energy plate, 6 characters
            tail = (
                self.r.choice("DF") + self.digits(5, "0123456789")
                if k < 0.2
                else self.digits(5, "0123456789") + self.r.choice("DF")
            )
        else:
            chars = list(self.digits(5, "0123456789"))
            for i in self.r.sample(range(5), self.r.choice([0, 1, 1, 2])):
                chars[i] = self.r.choice(LETTERS)
            tail = "".join(chars)
        return f"{p}{city}{sep}{tail}"

    # ---- cards, accounts ------------------------------------------------------------------
    def card(self, brand: str | None = None, style: int | None = None) -> str:
        brand = brand or self.r.choice(
            ["visa", "visa", "mc", "mc2", "amex", "disc", "jcb", "up", "up19"]
        )
        pre, n = {
            "visa": ("4", 16), "mc": (str(self.r.randint(51, 55)), 16),
            "mc2": (str(self.r.randint(2221, 2720)), 16), "amex": (self.r.choice(["34", "37"]), 15),
            "disc": (self.r.choice(["6011", "65", str(self.r.randint(644, 649))]), 16),
            "jcb": (str(self.r.randint(3528, 3589)), 16), "up": ("62", 16), "up19": ("62", 19),
        }[brand]  # fmt: skip
        body = pre + self.digits(n - 1 - len(pre), "0123456789")
        num = body + luhn.calc_check_digit(body)
        st = self.r.randrange(3) if style is None else style
        if st == 0:
            return num
        sep = " " if st == 1 else "-"
        return group(num, [4, 6, 5], sep) if n == 15 else by4(num, sep)

    def bad_card(self) -> str:
        num = self.card(self.r.choice(["visa", "mc", "disc"]), 0)
        wrong = str((int(num[-1]) + self.r.randint(1, 9)) % 10)
        out = num[:-1] + wrong
        assert not luhn.is_valid(out)
        return by4(out, self.r.choice([" ", "-", ""])) if self.r.random() < 0.6 else out

    def debit_cn(self, spaced: bool | None = None) -> str:
        n = self.r.choice([16, 19, 19])
        body = self.r.choice(["6222", "6217", "6228", "6214", "6225", "6212"]) + self.digits(
            n - 5, "0123456789"
        )
        num = body + luhn.calc_check_digit(body)
        sp = self.r.random() < 0.4 if spaced is None else spaced
        return by4(num) if sp else num

    def account(self) -> str:
        """A bank account number without a check digit: 10, 12, 13, 17 or 19 digits."""
        while True:
            num = self.digits(self.r.choice([10, 12, 13, 17, 19]))
            if not valid_phone(num):
                return by4(num) if len(num) >= 16 and self.r.random() < 0.3 else num

    def routing(self) -> str:
        body = self.r.choice(["0", "1", "2", "3"]) + self.digits(7, "0123456789")
        return body + rtn.calc_check_digit(body)

    def iban(self, cc: str | None = None, grouped: bool | None = None) -> str:
        cc = cc or self.r.choice(["DE", "GB", "FR", "NL", "IT", "ES", "CH", "AT", "BE", "PL", "SE",
                                  "IE", "PT", "NO", "DK", "FI", "LU"])  # fmt: skip
        fmt = {"DE": "n18", "GB": "a4n14", "IE": "a4n14", "FR": "n21n2", "NL": "a4n10",
               "IT": "a1n10n12", "ES": "n20", "CH": "n17", "AT": "n16", "BE": "n12", "PL": "n24",
               "SE": "n20", "PT": "n21", "NO": "n11", "DK": "n14", "FI": "n14", "LU": "n16"}[cc]  # fmt: skip
        while True:
            bban = ""
            for kind, cnt in re.findall(r"([an])(\d+)", fmt):
                alphabet = "ABCDEFGHKLMNPRSTWXYZ" if kind == "a" else "0123456789"
                bban += "".join(self.r.choice(alphabet) for _ in range(int(cnt)))
            num = cc + iban.calc_check_digits(cc + "00" + bban) + bban
            if iban.is_valid(num):
                g = self.r.random() < 0.65 if grouped is None else grouped
                return by4(num) if g else num

    def bad_iban(self) -> str:
        num = self.iban(grouped=False)
        out = num[:2] + f"{(int(num[2:4]) + self.r.randint(1, 90)) % 97 + 2:02d}" + num[4:]
        if iban.is_valid(out):
            return self.bad_iban()
        return by4(out) if self.r.random() < 0.5 else out

    # ---- network ---------------------------------------------------------------------------
    def ipv4(self) -> str:
        k = self.r.random()
        if k < 0.25:
            return f"10.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"
        if k < 0.45:
            return f"192.168.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"
        if k < 0.55:
            return f"172.{self.r.randint(16, 31)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"
        first = self.r.choice(
            [23, 36, 47, 58, 61, 101, 106, 112, 119, 121, 139, 180, 198, 203, 218, 223]
        )
        return f"{first}.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"

    def ipv6(self) -> str:
        import ipaddress

        groups = [self.r.choice(["2001", "2408", "240e", "fe80", "2a02"])]
        groups += [
            f"{self.r.randint(0, 0xFFFF):x}" if self.r.random() < 0.6 else "0" for _ in range(7)
        ]
        if groups[0] == "fe80":
            groups[1:4] = ["0", "0", "0"]
        groups[7] = f"{self.r.randint(1, 0xFFFF):x}"
        a = ipaddress.IPv6Address(":".join(groups))
        k = self.r.random()
        out = a.exploded if k < 0.2 else a.compressed
        return out.upper() if k > 0.9 else out

    # ---- dates -----------------------------------------------------------------------------
    def date_zh(self, d: dt.date) -> str:
        y, m, dd = d.year, d.month, d.day
        return self.r.choice([f"{y}年{m}月{dd}日", f"{y}年{m:02d}月{dd:02d}日", f"{y}-{m:02d}-{dd:02d}",
                              f"{y}/{m}/{dd}", f"{y}.{m:02d}.{dd:02d}", f"{y}{m:02d}{dd:02d}",
                              f"{y}年{m}月{dd}日"])  # fmt: skip

    def date_en(self, d: dt.date) -> str:
        y, m, dd, mon = d.year, d.month, d.day, EN_MONTHS[d.month - 1]
        suf = "th" if 11 <= dd <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(dd % 10, "th")
        return self.r.choice([f"{mon} {dd}, {y}", f"{mon[:3]} {dd}, {y}", f"{mon[:3]}. {dd}, {y}"
                              if mon != "May" else f"May {dd}, {y}", f"{dd} {mon} {y}",
                              f"{m:02d}/{dd:02d}/{y}", f"{m}/{dd}/{y}", f"{y}-{m:02d}-{dd:02d}",
                              f"{dd:02d}-{mon[:3]}-{y}", f"{mon} {dd}{suf}, {y}"])  # fmt: skip

    # ---- addresses -------------------------------------------------------------------------
    def addr_zh(self) -> str:
        if self.r.random() < 0.12:
            prov, city, county, town = self.r.choice(W.ZH_COUNTIES)
            head = self.r.choice([prov + city + county + town, city + county + town])
            return head + self._road()
        prov, city, dists = self.r.choice(W.ZH_CITIES)
        dist = self.r.choice(dists)
        k = self.r.random()
        alone = dist.endswith("区") and dist not in {
            "工业园区",
            "高新区",
        }  # may start at the district
        head = (
            prov + city + dist
            if k < 0.35 and prov
            else (city + dist if k < 0.8 or not alone else dist)
        )
        if city == "上海市" and self.r.random() < 0.5:
            return (
                head
                + self._road(lane=True)
                + f"{self.r.randint(1, 40)}号{self.r.randint(101, 2402)}室"
            )
        return head + self._road() + self._tail()

    def _road(self, lane: bool = False) -> str:
        road = self.r.choice(W.ZH_ROAD_STEMS) + self.r.choice(W.ZH_ROAD_SUFFIX)
        return road + f"{self.r.randint(1, 1999)}" + ("弄" if lane else "号")

    def _tail(self) -> str:
        r, k = self.r, self.r.random()
        room = f"{r.randint(1, 33)}{r.randint(1, 12):02d}室"
        if k < 0.2:
            return ""
        if k < 0.45:
            return (
                r.choice(W.ZH_ESTATES)
                + f"{r.randint(1, 28)}"
                + r.choice(["栋", "幢", "号楼"])
                + (f"{r.randint(1, 6)}单元" if r.random() < 0.6 else "")
                + room
            )
        if k < 0.6:
            return (
                r.choice(W.ZH_TOWERS)
                + r.choice("ABCD")
                + "座"
                + r.choice([f"{r.randint(2, 40)}层", room])
            )
        if k < 0.75:
            return f"{r.randint(1, 20)}号院{r.randint(1, 15)}号楼" + r.choice(
                ["", f"{r.randint(1, 5)}单元", room]
            )
        if k < 0.88:
            return (
                r.choice(W.ZH_ESTATES)
                + f"{r.randint(1, 20)}栋"
                + r.choice(["", f"{r.randint(1, 4)}单元"])
            )
        return r.choice(W.ZH_ESTATES) + f"{r.randint(1, 12)}号院"

    def addr_us(self, sep: str | None = None, zip_code: bool | None = None) -> str:
        r = self.r
        num = str(r.randint(1, 98999) if r.random() < 0.8 else r.randint(1, 99))
        dirn = r.choice(["", "", "", "N ", "S ", "E ", "W ", "NW "])
        street = f"{num} {dirn}{r.choice(W.US_STREETS)} {r.choice(W.US_SUFFIX)}"
        unit = r.choice(["", "", "", f", Apt {r.randint(1, 40)}{r.choice(['', 'B', 'C'])}",
                         f" Apt. {r.randint(1, 20)}", f", Suite {r.randint(100, 2400)}",
                         f", Ste {r.randint(100, 900)}", f" #{r.randint(1, 1800)}",
                         f", Unit {r.randint(1, 60)}"])  # fmt: skip
        city, st, state, zp = r.choice(W.US_CITIES)
        sep = sep if sep is not None else r.choice([", ", ", ", ", ", "\n"])
        with_zip = r.random() < 0.85 if zip_code is None else zip_code
        if with_zip:
            z = (
                zp
                + f"{r.randint(1, 99):02d}"
                + (f"-{r.randint(1, 9999):04d}" if r.random() < 0.2 else "")
            )
            tail = f"{city}, {st} {z}"
        else:
            tail = f"{city}, {r.choice([st, state])}"
        return street + unit + sep + tail
