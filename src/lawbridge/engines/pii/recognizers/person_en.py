"""English and pinyin personal names: census first names and surnames, capitalisation, middle
initials, titles and cue words before the name, and the structure around it (a chat speaker's
colon, an e-mail address in angle brackets, a ``name`` field); pinyin names in either order."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lawbridge.engines.pii.base import Finding, Pattern, Recognizer, Scan, column_header
from lawbridge.engines.pii.lexicon import Lexicon, is_pinyin, load_lexicon

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LOWER = "a-zß-öø-ÿĀ-ž"
_WORD = rf"(?:Mc|Mac|O['’]|D['’])?[{_UPPER}][{_LOWER}]+(?:[\-'’][{_UPPER}]?[{_LOWER}]+)*"
_TOKEN = rf"(?:{_WORD}|[{_UPPER}]\.?(?![{_LOWER}{_UPPER}]))"


class _EndCue:
    """A cue that must end its text: ``core``, then any run of ``tail`` characters (``None``:
    white space) up to the end. The core's last character is never one of them, so a match
    starts at most ``longest`` characters before the trailing run: searching from there gives
    the answer searching from the start would, without trying every position.

    ``endings``: what the text must end with once the trailing run is stripped when the core
    matches (the core's words with their spellings; ``han``: or any Hanzi). Most texts end
    otherwise, and are answered without running the regex."""

    def __init__(
        self,
        core: str,
        tail: str | None,
        longest: int,
        endings: Iterable[str],
        han: bool = False,
    ) -> None:
        trailing = r"\s" if tail is None else f"[{re.escape(tail)}]"
        self.regex = re.compile(f"{core}{trailing}*$")
        self.strip = None if tail is None else tail + "\n"
        self.longest = longest
        endings = [ending for ending in endings if ending]
        self.last_two = frozenset(ending[-2:] for ending in endings if len(ending) >= 2)
        self.last_one = frozenset(ending for ending in endings if len(ending) == 1)
        self.han = han

    def found(self, before: str) -> bool:
        stripped = before.rstrip(self.strip)
        if (
            stripped[-2:] not in self.last_two
            and stripped[-1:] not in self.last_one
            and not (self.han and "\u4e00" <= stripped[-1:] <= "\u9fff")
        ):
            return False  # the core cannot end where the trailing run starts
        start = len(stripped) - self.longest
        return self.regex.search(before, max(0, start)) is not None


def _spellings(word: str) -> list[str]:
    """Every string a cue word matches: literal characters, ``[..]`` classes of literal
    characters, an escaped ``.``, ``?`` after a character or class (anything else is refused)."""
    out, i = [""], 0
    while i < len(word):
        if word[i] == "[":
            close = word.index("]", i)
            options = list(word[i + 1 : close])
            if not options or any(char in "\\^-[" for char in options):
                raise ValueError(f"cue word {word!r}: only classes of literal characters")
            i = close + 1
        elif word[i] == "\\" and word[i + 1 : i + 2] in tuple(".-&'"):
            options, i = [word[i + 1]], i + 2  # an escaped punctuation mark
        elif word[i] in "\\().*+{}|^$?]":
            raise ValueError(f"cue word {word!r}: only literals, [..] and ?")
        else:
            options, i = [word[i]], i + 1
        if i < len(word) and word[i] == "?":
            options, i = [*options, ""], i + 1
        out = [head + option for head in out for option in options]
    if not all(re.fullmatch(word, spelling) for spelling in out):
        raise ValueError(f"cue word {word!r}: spellings do not match it")
    return out


def _endings(*items: str) -> list[str]:
    return [spelling for item in items for spelling in _spellings(item)]


def _width(word: str) -> int:
    return len(re.sub(r"\[[^\]]*\]", "_", word))  # a character class is one character


_TITLE_WORDS = (
    "Mr Mrs Ms Miss Mx Dr Prof Sir Madam Dame Lord Lady Rev Capt Sgt Officer Judge Professor Doctor"
    " Mister"
).split()
_TITLE = _EndCue(
    rf"(?:\b(?:{'|'.join(_TITLE_WORDS)})\.?|先生|女士)",
    None,
    max(map(_width, _TITLE_WORDS)) + 1,
    _endings(*_TITLE_WORDS, *(rf"{word}\." for word in _TITLE_WORDS), "先生", "女士"),
)
#: A field or cue that names a person; quotes, ``=``, ``|`` and tabs may stand before the value.
_STRONG_WORDS = (
    "Dear", "Hi", "Hello", "Hey", "Sincerely", "Signed", "Signature", "[Nn]ame", "[Nn]ame is",
    "named", "called", "I'm", "I am", "[Tt]his is", "Attn", "[Aa]ttention", "Cardholder",
    "Account holder", "Recipient", "Sender", "Patient", "User", "Customer", "[Cc]olleague",
    "[Ss]pouse of", "[Vv]ictim", "[Dd]efendant", "[Pp]laintiff", "[Ee]mergency contact",
    "[Cc]ontact person", "Payee", "收款人", "客户", "同事", "姓名", "联系人", "名字", "Pinyin",
    "拼音", "user", "收件人", "收货人", "寄件人",
)  # fmt: skip
#: Field labels that name a person only when a colon (or bar) follows them, perhaps after their
#: Chinese translation ("Guest 客人:", "Employee:"); alone they start phrases ("Guest Services").
_LABELS_WITH_COLON = (
    "Employee", "Guest", "Passenger", "Applicant", "Tenant", "Holder", "Client", "Consignee",
    "Ship to", "Bill to", "Traveller", "Traveler", "Insured", "Claimant",
)  # fmt: skip
_STRONG_CUE = _EndCue(  # the optional ":" "," '"' after a word are tail characters too
    rf"(?:\b(?:{'|'.join(_STRONG_WORDS)})[:,]?|[Ff]ull[ _]name|[Nn]ame\"?"
    rf"|\b(?:{'|'.join(_LABELS_WITH_COLON)})[ \t]*(?:[\u4e00-\u9fff]{{1,6}}[ \t]*)?[:：|])",
    " \t\"'=|:：,",
    max(24, *map(_width, (*_STRONG_WORDS, "[Ff]ull[ _]name"))),
    # the word before the optional ":" "," '"' (tail characters), or a label's last letter or
    # the last Hanzi of its translation before its colon
    _endings(*_STRONG_WORDS, "[Ff]ull[ _]name", "[Nn]ame", *_LABELS_WITH_COLON),
    han=True,
)
_CUE_WORDS = (
    "Thanks", "Thank you", "Regards", "From", "To", "Cc", "Contact", "Client", "Employee",
    "Applicant", "Tenant", "Holder", "Author", "Reporter", "Witness", "Suspect", "Passenger",
    "Guest", "Student", "Manager", "by", "with", "met", "call", "am", "is", "was", "and", "&",
    "for", "says?", "said", "told", "asked", "[Ss]pokesperson", "[Ee]xecutive", "[Aa]ssigned to",
)  # fmt: skip
_CUE = _EndCue(
    rf"(?:\b(?:{'|'.join(_CUE_WORDS)})[:,]?|[:：])",
    " \t|",
    max(map(_width, _CUE_WORDS)) + 1,
    _endings(*_CUE_WORDS, ":", ",", "："),
)
#: After the name: a speaker's colon (at a line start or after a time stamp), or an e-mail.
_SPEAKER_LEFT = re.compile(
    r"(?:^|[\n\t\]】>]|\] |(?:^|\n)[ \t]*\d{1,2}:\d{2}(?::\d{2})?[ \t]+)[ \t]*$"
)  # a line start, a bracket, or a bare "16:43 " time stamp at a line start
_AFTER_STRONG = re.compile(
    r"[ \t]*(?:[:：](?!\d)|[<(（][ \t]*[\w.+\-]+@|[(（](?:Email|E-mail|email|Tel|电话|邮箱)"
    r"|,[ \t]*\d{1,3},)"  # "Name, 46, of Springfield": an age in apposition
)
#: The first character after the blanks of anything _AFTER_STRONG matches.
_AFTER_HEADS = frozenset(":：<(（,")
#: Labels of product fields: the capitalised words after them are a product (Item: Hunter boots).
_PRODUCT_LABEL = re.compile(
    r"\b(?:Item|Color|Colour|Product|Model|Brand|Style|Size|Flavou?r|Bank)s?(?:[ \t]*[\u4e00-\u9fff]{1,4})?"
    r"[ \t]*[:：][ \t]*$"
)
#: Words that begin place names: a capitalised word right after one is no person.
_PLACE_WORDS = (
    "San", "Santa", "Los", "Las", "New", "Fort", "Saint", "St.", "Mount", "Mt.", "Port", "Lake",
    "Hong",
)  # fmt: skip
_PLACE_HEAD = re.compile(rf"(?<![A-Za-z])(?:{'|'.join(map(re.escape, _PLACE_WORDS))}) $")
_PLACE_LAST = frozenset(word[-1] for word in _PLACE_WORDS)


def _after_product_label(text: str, start: int) -> bool:
    """``_PRODUCT_LABEL`` ends at ``start`` (its colon is looked for first)."""
    low = max(0, start - 16)
    return (text.find(":", low, start) >= 0 or text.find("：", low, start) >= 0) and bool(
        _PRODUCT_LABEL.search(text, low, start)
    )


def _after_place_word(text: str, start: int) -> bool:
    """``_PLACE_HEAD`` ends at ``start``: a match ends with a place word and a space (before a
    line break that ends the text searched), so the two characters there are looked at first."""
    end = start - 1 if start > 0 and text[start - 1] == "\n" else start
    return (
        end >= 2
        and text[end - 1] == " "
        and text[end - 2] in _PLACE_LAST
        and bool(_PLACE_HEAD.search(text, max(0, start - 8), start))
    )


#: Capitalised words that end a name (or are no name at all) even when the census lists them.
EN_STOP = frozenset(
    """
    The A An And Or Of In On At To For From With By As Is Are Was Were Be I We You He She It They
    My Your His Her Our Their This That These Those Mr Mrs Ms Dr Dear Hi Hello Thanks Regards Inc
    Ltd Llc Corp Co Company Group Bank University College School Hospital Street St Avenue Ave
    Road Rd Drive Dr Lane Ln Boulevard Blvd Court Ct Way Place Suite Apt Unit City County State
    North South East West Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December Please Yes No Ok Okay
    Email Phone Tel Fax Address Card Account Number Id Date Name Street Ave Visa Mastercard Amex
    Apple Google Microsoft Amazon Christmas Easter Congress Senate Court Police Department China
    Chinese English American America Beijing Shanghai Team Customer Service Support Sales Admin
    Dept Office Center Centre Hotel Airport Station Park Square Plaza Mall Church Street Md Phd
    Jr Sr Ii Iii Iv Esq Ceo Cto Cfo Vp Usa Uk Eu Us Pm Am Ip Ssn Dob Iban Dear Sir Madam Mx
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec San Santa Los Las New Fort Saint Mount App
    Guangzhou Shenzhen Tianjin Chongqing Nanjing Hangzhou Wuhan Chengdu Xian Suzhou Qingdao Xiamen
    Dalian Shenyang Harbin Changsha Zhengzhou Jinan Kunming Hefei Fuzhou Ningbo Wuxi
    Macau Taipei Description Notes Note Product Invoice Reference Status Passport Mobile Home
    Mailing Client Caller Agent System User Order Total Amount Payment Refund Wire Transfer
    Item Color Colour Field Stadium Arena Gold Sapphire Retro Done Pinyin
    General Counsel Senior Junior Chief Director Head Officer Engineer Manager Partner Associate
    Vice President Executive Principal Nurse Attorney Detective Coach Editor Analyst Judge
    Professor Prof Legal Payments Finance Engineering Marketing Operations Bitte Sie Chase
    """.split()
)


#: A capitalised word just before an initial: the initial is then that name's middle initial.
_NAME_BEFORE = re.compile(rf"[{_UPPER}][{_LOWER}]+ $")
_LEAD_INITIAL = re.compile(rf"(?<![A-Za-z'’\-.])[{_UPPER}]\. $")
#: Cue words before a name written in lower case (chat, quick e-mails): "cc john smith".
LOWER_CUES = (
    "cc", "ping", "talked to", "ask", "thanks", "thank you", "cheers", "regards", "best",
    "dear", "hi", "hello", "signed", "assigned to", "reviewed by", "owner", "contact", "sincerely",
    "spoke with", "spoke to", "met with", "call",
)  # fmt: skip
_LOWER_NAME = re.compile(
    r"[,:!]?[ \t]*\n?[ \t]*((?:[a-z]\. )?[a-z][a-z'\-]+((?: [a-z]\.?){0,2}) [a-z][a-z'\-]+)"
    r"(?![A-Za-z])([ \t]*(?:[\n,.;!]|$))?"
)
#: Lower-case words that are first names or surnames in the census lists but mostly words.
_LOWER_STOP = frozenset(
    """
    the a an and or of in on at to for from with by as is are was were be i we you he she it they
    my your his her our their this that all team everyone guys folks there again so much too very
    sales legal support finance admin hr it ops dev about tomorrow today tonight soon later please
    pls asap again back up down out over him them us me both each how what who when where why
    which can could would should will shall may might must do does did have has had not no yes
    if then than but just also only even still well now here ok okay thx see get got let make
    take give go come know think say tell ask call send check sure right left new old good great
    """.split()
)


class EnPersonRecognizer(Recognizer):
    """English (and pinyin) personal name: a census first name followed by capitalised name words
    (middle initials with or without a period), a title or cue word (Mr., Dear, name:, signed)
    before capitalised name words, a speaker's colon or an e-mail address after them, or a pinyin
    name in either order (Zhang Wei, Wei Zhang, ZHANG Wei). Titles are not in the span."""

    NAME = "en_person"
    ENTITY = "PERSON"
    LANGUAGES = ("en",)
    PATTERNS = (
        Pattern(
            "capitalised",
            re.compile(rf"(?<![A-Za-z'’\-]){_TOKEN}(?: {_TOKEN}){{0,3}}"),
            rf"(?:^|[^A-Za-z'\-])(?:[{_UPPER}][{_LOWER}]|[OD]['’][{_UPPER}])",
            0.0,
            reach=80,
        ),
        Pattern(
            "caps_pinyin",
            re.compile(r"(?<![A-Za-z'’\-])[A-Z]{1,9} [A-Z]{2,12}(?:-[A-Z]{2,8})?(?![A-Za-z\-])"),
            r"(?:^|[^A-Za-z'\-])[A-Z]{1,9} [A-Z]{2}",
            0.8,
            reach=24,
        ),
        Pattern(
            "caps_surname",
            re.compile(rf"(?<![A-Za-z'’\-])[A-Z]{{1,9}} {_WORD}(?![A-Za-z])"),
            r"(?:^|[^A-Za-z'\-])[A-Z]{1,9} [A-Z][a-z]",
            0.8,
            reach=40,
        ),
    )

    def __init__(self, context_boost: float = 0.3) -> None:
        super().__init__(context_boost)
        self.lexicon = load_lexicon()
        self._lower = _lower_names(self.lexicon)

    def keywords(self) -> tuple[str, ...]:
        return LOWER_CUES

    def on_keyword(self, start: int, end: int, word: str, scan: Scan) -> list[Finding]:
        """A name written all in lower case right after a cue word: a census first name, middle
        initials, a census surname ("cc sarah j. miller", "thanks,\njohn smith")."""
        text = scan.text
        if end >= len(text) or text[end] not in ",:! \t\n":
            return []
        match = _LOWER_NAME.match(text, end)
        if match is None:
            return []
        tokens = [token for token in match.group(1).split(" ") if len(token.rstrip(".")) > 1]
        first, last = tokens[0], tokens[-1]
        firsts, lasts = self._lower
        if first in _LOWER_STOP or last in _LOWER_STOP or first not in firsts:
            return []
        # a census surname, or a middle initial, or the name ends its line or clause
        if last not in lasts and not match.group(2) and match.group(3) is None:
            return []
        return [self.finding(match.start(1), match.end(1), 0.7)]

    def on_pattern(self, pattern: Pattern, match: re.Match[str], scan: Scan) -> list[Finding]:
        if pattern.name == "caps_surname":
            return self._caps_surname(_split(match), pattern, scan)
        if pattern.name == "caps_pinyin":
            return self._caps_pinyin(_split(match), pattern, scan)
        head = match.group().split(" ", 1)[0]
        if head in EN_STOP and head not in self.lexicon.pinyin_surnames:
            return []  # no name starts with a stop word (but for the pinyin surnames He, Long …)
        if match.group(0).startswith("Hong Kong"):
            return []  # the one place name that reads as a pinyin name
        start = match.start()
        raw = _split(match)
        found = self._judge(raw, match, scan)
        if (
            found
            and found[0].start == start
            and start >= 3
            and scan.text[start - 2] == "."
            and _LEAD_INITIAL.search(scan.text, max(0, start - 4), start)
            and not _NAME_BEFORE.search(scan.text, max(0, start - 24), start - 3)
        ):
            # J. Robert Smith: an initial before the first name belongs to the name
            found = [self.finding(start - 3, found[0].end, found[0].score)]
        if found and (
            _after_product_label(scan.text, start) or _after_place_word(scan.text, start)
        ):
            return []  # Item: Hunter boots; San Francisco: the word before makes it no name
        return found

    def _judge(
        self, raw: list[tuple[str, int, int]], match: re.Match[str], scan: Scan
    ) -> list[Finding]:
        """The name the capitalised words make, before the product/place vetoes."""
        pinyin = pinyin_name([token for token, _, _ in raw], self.lexicon) if len(raw) > 1 else 0
        if pinyin:
            titled = self._titled_at(scan.text, match.start(), raw[pinyin - 1][2])
            return [self.finding(raw[0][1], raw[pinyin - 1][2], 0.9 if titled else 0.75)]
        if raw[0][0] in self.lexicon.pinyin_surnames and _TITLE.regex.search(
            scan.text, max(0, match.start() - 8), match.start()
        ):
            return [self.finding(raw[0][1], raw[0][2], 0.85)]  # Ms. He, Mr. Long
        tokens = _name_tokens(raw)
        if not tokens:
            return []
        text, start = scan.text, match.start()
        before = _cue_text(text, start)
        titled = _titled(before, text[tokens[-1][2] : tokens[-1][2] + 24])
        cued = titled
        if not titled and _in_name_column(scan, tokens[0][1], tokens[-1][2]):
            titled = cued = True
        if titled and len(tokens) == 1 and self._label_only(text, start):
            titled = False
        words = [t for t, _, _ in tokens]
        if not cued and _cue_counts(words, self.lexicon):
            cued = _CUE.found(before)  # a weak cue word before: looked for only where it counts
        score, count = judge_tokens(words, self.lexicon, titled, cued)
        if count == 0:
            return []
        return [self.finding(tokens[0][1], tokens[count - 1][2], score)]

    def _caps_surname(
        self, raw: list[tuple[str, int, int]], pattern: Pattern, scan: Scan
    ) -> list[Finding]:
        """ZHANG Wei: an upper-case pinyin surname, then a pinyin given name."""
        surname, given = raw[0][0], raw[1][0]
        if len(surname) < 2 or surname.title() not in self.lexicon.pinyin_surnames:
            return []
        if not pinyin_given(given, self.lexicon):
            return []
        titled = self._titled_at(scan.text, raw[0][1], raw[1][2])
        return [self.finding(raw[0][1], raw[1][2], pattern.score + (0.1 if titled else 0.0))]

    def _caps_pinyin(
        self, raw: list[tuple[str, int, int]], pattern: Pattern, scan: Scan
    ) -> list[Finding]:
        """JIANG YAO-BO, WAN CHEN: an upper-case pinyin surname and given name, reported when a
        name cue or a speaker's colon stands beside it, or the given name has two syllables."""
        surname, given = raw[0][0].title(), raw[1][0]
        if surname not in self.lexicon.pinyin_surnames or (surname, given) == ("Hong", "KONG"):
            return []
        if not pinyin_given(given, self.lexicon):
            return []
        titled = self._titled_at(scan.text, raw[0][1], raw[1][2])
        if not titled and ("-" not in given and _syllables(given, self.lexicon) < 2):
            return []
        if not titled and surname in EN_STOP:
            return []
        return [self.finding(raw[0][1], raw[1][2], pattern.score + (0.1 if titled else -0.2))]

    @staticmethod
    def _label_only(text: str, start: int) -> bool:
        """A single capitalised word at a line start before a colon is a form label (Signed:,
        Notes:), not a chat speaker: speakers need a known name or two words."""
        return bool(_SPEAKER_LEFT.search(text, max(0, start - 24), start))

    @staticmethod
    def _cues(text: str, start: int, end: int) -> tuple[bool, bool]:
        """(titled, cued): a title or strong cue before, or a speaker colon / e-mail after, makes
        the capitalised words a name; a weak cue word before only helps a known name."""
        before = _cue_text(text, start)
        titled = _titled(before, text[end : end + 24])
        return titled, titled or _CUE.found(before)

    @staticmethod
    def _titled_at(text: str, start: int, end: int) -> bool:
        """The first half of :meth:`_cues` (the weak cue words before are not looked for)."""
        return _titled(_cue_text(text, start), text[end : end + 24])

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        return [
            ("Please contact John A. Smith at noon.", ["John A. Smith"]),
            ("Dear Mr. Smith, thank you.", ["Smith"]),
            ("Signed: Zhang Wei", ["Zhang Wei"]),
            ("The Main Street Bank opened.", []),
            ("We met Mary O'Connor-Hughes yesterday.", ["Mary O'Connor-Hughes"]),
            ("[09:12] Tobias K Lindqvist: hello", ["Tobias K Lindqvist"]),
            ('{"name": "Ines Okonkwo", "age": 3}', ["Ines Okonkwo"]),
            ("From: Shaoqing Lu <sq.lu@example.com>", ["Shaoqing Lu"]),
            ('{"name": "ZHANG Xiaoming"}', ["ZHANG Xiaoming"]),
            ("He Lanzhi called.", ["He Lanzhi"]),
            ("Wire the refund to account 1.", []),
            ("He said that IP Address is new.", []),
            ("Signed: 2024-01-02", []),
            ("She moved to San Francisco in May.", []),
            ("Please ask Ms. He about it.", ["He"]),
            ("Dr. O'Connor called.", ["O'Connor"]),
            ("Tobias Brennan, 46, of Springfield was charged.", ["Tobias Brennan"]),
            ("the chief executive, Lyu Jianlan, said", ["Lyu Jianlan"]),
            ("the court heard from witness Tobias Lindqvist", ["Tobias Lindqvist"]),
            ("他在San Francisco办公室", []),
            ("flights to Hong Kong daily", []),
            ("拼音 Pinyin: JIANG YAO-BO", ["JIANG YAO-BO"]),
            ("08:13 HONG XIU-YI: pls ship", ["HONG XIU-YI"]),
            ("20:36 Grace Han: 我的 email", ["Grace Han"]),
            ("Consignee 收件人: Ulrich Lockhart", ["Ulrich Lockhart"]),
            ("Item: Hunter rain boots, green", []),
            ("Color: Rose Gold, 256GB.", []),
            ("HONG KONG OFFICE", []),
            ("Reviewed by R. Grace Novak", ["R. Grace Novak"]),
            ("cc penelope e. wilson about it.", ["penelope e. wilson"]),
            ("Thanks,\nesther j. hill\nNurse | Meridian Health", ["esther j. hill"]),
            ("Best,\nColin C. Wilson\nGeneral Counsel, Meridian Health", ["Colin C. Wilson"]),
            ("thanks all, see you", []),
            ("Bank: Chase\nRouting number: 021000021", []),
            ("PLEASE SHIP TO", []),
            (
                "full_name,ssn\nCormac Tremblay,304 74 6705\nAnn Lee,1",
                ["Cormac Tremblay", "Ann Lee"],
            ),
        ]


def _cue_text(text: str, start: int) -> str:
    """The 24 characters before capitalised words at ``start`` in which their cue may end, less
    a leading initial ("by R. Grace Novak": the cue stands before the initial)."""
    before = text[max(0, start - 27) : start]
    if before[-2:-1] == "." and _LEAD_INITIAL.search(before):
        before = before[:-3]
    return before[-24:]


def _titled(before: str, after: str) -> bool:
    """A title or strong cue ends ``before``, or a speaker's colon or an e-mail address starts
    ``after`` (the 24 characters after the words)."""
    titled = _TITLE.found(before) or _STRONG_CUE.found(before)
    first = after.lstrip(" \t")[:1]  # what _AFTER_STRONG can match starts with one of _AFTER_HEADS
    if first and first in _AFTER_HEADS and _AFTER_STRONG.match(after):
        speaker = first in ":："
        titled = titled or not speaker or bool(_SPEAKER_LEFT.search(before))
    return titled


def _cue_counts(tokens: list[str], lexicon: Lexicon) -> bool:
    """Whether :func:`judge_tokens` of untitled ``tokens`` depends on ``cued``: only for a known
    first name not followed by more name words, or two words or more ending in a known surname
    and not starting with a known first name."""
    known_first = tokens[0] in lexicon.en_first_names
    if len(tokens) >= 2:
        return not known_first and tokens[-1] in lexicon.en_surnames
    return known_first


#: Table headers of a column of personal names.
NAME_HEADERS = frozenset(
    (
        "name", "full name", "fullname", "customer name", "customername", "employee",
        "employee name", "user name", "username", "account holder", "holder", "cardholder",
        "passenger", "guest", "contact", "姓名", "客户姓名", "联系人",
    )
)  # fmt: skip


_LOWER_CACHE: dict[int, tuple[frozenset[str], frozenset[str]]] = {}


def _lower_names(lexicon: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    """The census first names and surnames in lower case (built once per lexicon)."""
    key = id(lexicon)
    if key not in _LOWER_CACHE:
        _LOWER_CACHE[key] = (
            frozenset(name.lower() for name in lexicon.en_first_names),
            frozenset(name.lower() for name in lexicon.en_surnames),
        )
    return _LOWER_CACHE[key]


def _in_name_column(scan: Scan, start: int, end: int) -> bool:
    """Whether ``[start, end)`` fills a table cell under a name header ("full_name,ssn,…")."""
    text = scan.text
    if start > 0 and text[start - 1] not in "\n,\t|":
        return False
    if end < len(text) and text[end] not in "\n,\t|":
        return False
    return column_header(scan, start) in NAME_HEADERS


def _split(match: re.Match[str]) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    pos = match.start()
    for token in match.group(0).split(" "):
        out.append((token, pos, pos + len(token)))
        pos += len(token) + 1
    return out


def _name_tokens(raw: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The leading run of name words: stops at a stop word; a single letter (an initial, with or
    without its period) only between two name words."""
    names: list[tuple[str, int, int]] = []
    for i, item in enumerate(raw):
        bare = item[0].rstrip(".")
        if len(bare) == 1:
            if i == 0 or i == len(raw) - 1 or raw[i + 1][0] in EN_STOP:
                break
        elif item[0] in EN_STOP:
            break
        names.append(item)
    while names and len(names[-1][0].rstrip(".")) == 1:
        names.pop()
    return names


def judge_tokens(
    tokens: list[str], lexicon: Lexicon, titled: bool, cued: bool
) -> tuple[float, int]:
    """(score, how many leading tokens form the name); 0 tokens when it is no name."""
    first, count = tokens[0], len(tokens)
    last = tokens[count - 1]
    known_first = first in lexicon.en_first_names
    known_last = last in lexicon.en_surnames
    if titled:
        return 0.85, count
    if count >= 2 and known_first:
        return (0.8 if known_last else 0.6), count
    if cued and count >= 2 and known_last:
        return 0.7, count
    if cued and known_first:
        return 0.6, 1
    if count >= 2 and known_last and first in lexicon.en_surnames and count <= 3:
        return 0.45, count
    return (0.5 if known_first else 0.0), 1 if known_first else 0


def pinyin_name(tokens: list[str], lexicon: Lexicon) -> int:
    """2 when the first two tokens are a pinyin name, surname first (Zhang Wei, He Lanzhi) or
    given name first (Wei Zhang needs a given name of two syllables: Xiaoming Zhang); else 0.
    A surname that is also an English word (He, Long) needs a two-syllable given name."""
    if len(tokens) < 2 or tokens[1].endswith("."):
        return 0
    first, second = tokens[0], tokens[1]
    if first in lexicon.pinyin_surnames and pinyin_given(second, lexicon):
        if first not in EN_STOP or _syllables(second, lexicon) >= 2:
            return 2
    if second in lexicon.pinyin_surnames and first not in EN_STOP:
        if second in EN_STOP and first in lexicon.en_first_names:
            return 0  # "Angela He said": the pronoun, not the surname He
        if pinyin_given(first, lexicon) and _syllables(first, lexicon) >= 2:
            return 2
    return 0


def pinyin_given(token: str, lexicon: Lexicon) -> bool:
    word = token.replace("-", "").replace("'", "").lower()
    return 0 < len(word) <= 12 and is_pinyin(word, lexicon.pinyin_syllables)


def _syllables(token: str, lexicon: Lexicon) -> int:
    """The fewest pinyin syllables the token splits into (0 when it does not split)."""
    word = token.replace("-", "").replace("'", "").lower()
    best = [0] + [99] * len(word)
    for end in range(1, len(word) + 1):
        for size in range(1, min(6, end) + 1):
            if word[end - size : end] in lexicon.pinyin_syllables:
                best[end] = min(best[end], best[end - size] + 1)
    return best[-1] if best[-1] < 99 else 0
