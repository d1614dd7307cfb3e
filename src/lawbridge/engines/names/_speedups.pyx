# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The names engine's hot paths in C (Cython): ``compare.py``'s ``_best_forms`` and what it
calls, and ``NameIndex``'s candidate retrieval and per-name loop; and for preparing names,
``prepared.py``'s ``prepare_form`` and the keys of spellings in other romanisations, and
``normalize.py``'s letter-group pass, repeat collapsing and token keys (each module keeps its
Python as the reference and uses these when built; ``tests/engines/names/
test_prepare_speedups.py`` and ``bench/names/check_prepare.py`` show the same results).

Why by hand: no library does this alignment, and the Python version's time is interpreter work
(tuples to sort, attribute reads, bit tests, sets of candidate numbers). The similarity of two
tokens (``token_similarity``, ``consonant_similarity``) is computed here too, on what each string's
``_Tok`` keeps of the cached Python functions (``phonetic``, ``consonants``, ``is_sinitic``,
nicknames, alternate spellings), with the string metrics written out (calling rapidfuzz from C
costs more than they do on names of a few letters). ``compare.py`` and ``index.py`` are the reference:
this module performs the same floating-point operations in the same order, so the scores are
bit-identical, and retrieves the same candidates (``tests/engines/names/test_speedups.py``, on the
dev set and on random names). What it adds: for the index, a name's forms laid out in C with their
blocking keys packed as (hash, token bits) sorted by hash (``CompiledName``, ``pack_coverage``;
equal hashes are confirmed on the keys), so the gate is a merge of two arrays; and small bounded
caches of values that are pure functions of their keys.

``make venv`` builds it in place (``genscripts/build_speedups.py``; a C compiler is needed);
without it the Python reference runs.
"""

cimport cython
from libc.stdlib cimport calloc, free, malloc, qsort, realloc
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize
from cpython.dict cimport PyDict_SetDefault
from cpython.object cimport PyObject
from libc.stdint cimport uint64_t

from itertools import islice, product

from lawbridge.engines.names import tables
from lawbridge.engines.names.normalize import PATRONYMIC_ENDINGS, consonants, phonetic
from lawbridge.engines.names.syllables import MAX_ALTERNATES as SYLLABLE_ALTERNATES, is_sinitic
from lawbridge.engines.names.translit import HANZI, LATIN, ROMANISED

cdef extern from *:
    int popcount64 "__builtin_popcountll"(unsigned long long) nogil

cdef int C_HANZI = HANZI
cdef int C_LATIN = LATIN
cdef int C_ROMANISED = ROMANISED
cdef tuple PATRONYMICS = PATRONYMIC_ENDINGS

# compare.py's constants and functions, set by ``bind`` when compare.py imports this module at
# its end (this module cannot import compare.py while compare.py imports it).
cdef int HANZI_MODE, LATIN_MODE, STRICT_MODE, ABJAD_MODE, CROSS, TRANSLIT, MAX_PARTITION_TOKENS
cdef double SURPLUS_WEIGHT, MONONYM_FACTOR, JOINED_SCORE, CONFLICT_BELOW, CONFLICT_FACTOR
cdef double EDGE_SURPLUS_FACTOR
cdef object token_similarity, consonant_similarity, py_align, py_passes_gate, rough_vowels
cdef object NameMatch, NO_MATCH
cdef object tok_ocr_fold, tok_skeleton, tok_alternates
cdef double CROSS_SYSTEM_SCORE


def bind(compare):
    """Take compare.py's constants and the cached token functions it defines."""
    global HANZI_MODE, LATIN_MODE, STRICT_MODE, ABJAD_MODE, CROSS, TRANSLIT
    global MAX_PARTITION_TOKENS, SURPLUS_WEIGHT, MONONYM_FACTOR, JOINED_SCORE, CONFLICT_BELOW
    global CONFLICT_FACTOR, EDGE_SURPLUS_FACTOR, token_similarity, consonant_similarity
    global py_align, py_passes_gate, rough_vowels, NameMatch, NO_MATCH
    HANZI_MODE, LATIN_MODE, STRICT_MODE = compare.HANZI_MODE, compare.LATIN_MODE, compare.STRICT_MODE
    ABJAD_MODE, CROSS, TRANSLIT = compare.ABJAD_MODE, compare.CROSS, compare.TRANSLIT
    MAX_PARTITION_TOKENS = compare.MAX_PARTITION_TOKENS
    SURPLUS_WEIGHT, MONONYM_FACTOR = compare.SURPLUS_WEIGHT, compare.MONONYM_FACTOR
    JOINED_SCORE, CONFLICT_BELOW = compare.JOINED_SCORE, compare.CONFLICT_BELOW
    CONFLICT_FACTOR, EDGE_SURPLUS_FACTOR = compare.CONFLICT_FACTOR, compare.EDGE_SURPLUS_FACTOR
    token_similarity, consonant_similarity = compare.token_similarity, compare.consonant_similarity
    py_align, py_passes_gate = compare._align, compare.passes_gate
    rough_vowels = compare._rough_vowels
    NameMatch, NO_MATCH = compare.NameMatch, compare.NO_MATCH
    global tok_ocr_fold, tok_skeleton, tok_alternates, CROSS_SYSTEM_SCORE, NICKNAMES
    tok_ocr_fold, tok_skeleton = compare.ocr_fold, compare.skeleton
    tok_alternates, CROSS_SYSTEM_SCORE = compare.alternates, compare.CROSS_SYSTEM_SCORE
    NICKNAMES = compare.tables.nicknames()
    _merged.clear()
    _toks.clear()


# Bitmasks of tokens are C words here; a form with more tokens takes the Python path.
cdef enum:
    MAX_TOKENS = 62

cdef dict _rough = {}
cdef dict _merged = {}  # (tokens, parts) -> ((merged, phonetic), ...): list forms recur
cdef Py_ssize_t MERGED_CACHE = 65536


cdef tuple _partitions(tuple tokens, Py_ssize_t parts):
    """``compare._partitions`` with each partition's phonetic forms (cached)."""
    key = (tokens, parts)
    found = _merged.get(key)
    if found is not None:
        return <tuple>found
    cdef Py_ssize_t n = len(tokens), mask, i, start, k
    out = []
    if n <= MAX_PARTITION_TOKENS:
        # every choice of parts - 1 cut points among the n - 1 gaps (mask bit i: cut after token i)
        for mask in range(1 << (n - 1)):
            if popcount64(<unsigned long long>mask) != parts - 1:
                continue
            merged = []
            start = 0
            for i in range(n - 1):
                if (mask >> i) & 1:
                    merged.append("".join(tokens[start : i + 1]))
                    start = i + 1
            merged.append("".join(tokens[start:n]))
            out.append(tuple(merged))
        if parts == 1 and n == 2:
            out.append((tokens[1] + tokens[0],))
    result = tuple([(m, tuple([phonetic(t) for t in m])) for m in out])
    if len(_merged) >= MERGED_CACHE:
        _merged.clear()
    _merged[key] = result
    return result


cdef struct Pair:
    int initial
    double neg
    int i
    int j


cdef int _cmp_pair(const void* x, const void* y) noexcept nogil:
    # The order of compare._align's sort key (initial?, -similarity, i, j): a total order.
    cdef const Pair* p = <const Pair*>x
    cdef const Pair* q = <const Pair*>y
    if p.initial != q.initial:
        return p.initial - q.initial
    if p.neg < q.neg:
        return -1
    if p.neg > q.neg:
        return 1
    if p.i != q.i:
        return p.i - q.i
    return p.j - q.j


cdef inline long _weight(str token, int mode):
    cdef Py_ssize_t n = len(token)
    if n > 3:
        return n
    if n <= 1:
        return 1
    return 4 if mode & STRICT_MODE else 3


cdef double _hanzi_similarity(str a, str b):
    if a == b:
        return 1.0
    cdef Py_ssize_t n = len(a)
    if n != len(b):
        return 0.0
    cdef Py_ssize_t k
    cdef long same = 0
    for k in range(n):
        if a[k] == b[k]:
            same += 1
    return 0.5 * same / n


# --- token similarity in C (compare.token_similarity, consonant_similarity) -----------------
# ``compare.token_similarity`` is the reference: the same tests in the same order, on what each
# string's ``_Tok`` holds (its code points, and values of the cached Python functions computed
# once per string: nickname groups, alternate spellings, ``is_sinitic``, ``ocr_fold``,
# ``skeleton``, ``consonants``, ``phonetic``). The three string metrics are written out here
# because calling rapidfuzz from C costs more than computing them on names of a few letters;
# they follow rapidfuzz's own Python fallbacks (``rapidfuzz.distance.*_py``) operation for
# operation, and ``tests/engines/names/test_token_similarity.py`` compares them with rapidfuzz's
# compiled scorers and this function with ``token_similarity`` on random and real tokens.

@cython.no_gc
cdef class _Tok:
    # A string and values computed from it (strings, tuples, frozensets): never in a cycle,
    # so left out of the garbage collector's passes.
    cdef str text
    cdef Py_ssize_t n
    cdef Py_UCS4* buf
    cdef bint lazy_done
    cdef object groups  # nicknames().get(text): a tuple, or None
    cdef object alts  # alternates(text), a frozenset, or None until needed
    cdef int sinitic  # -1 until needed
    cdef object ocr, skel, cons, phon, rest_phon  # None until needed
    cdef bint article  # len >= 6 and it starts with "al" or "el"

    def __cinit__(self, str text):
        self.text = text
        self.n = len(text)
        self.buf = <Py_UCS4*>malloc((self.n if self.n else 1) * sizeof(Py_UCS4))
        if self.buf == NULL:
            raise MemoryError()
        cdef Py_ssize_t k
        for k in range(self.n):
            self.buf[k] = text[k]
        self.sinitic = -1
        self.article = self.n >= 6 and (text.startswith("al") or text.startswith("el"))

    def __dealloc__(self):
        free(self.buf)


cdef dict _toks = {}  # str -> _Tok
cdef Py_ssize_t TOKS_CACHE = 200000
cdef dict NICKNAMES = None


cdef inline _Tok _tok(str text):
    found = _toks.get(text)
    if found is not None:
        return <_Tok>found
    tok = _Tok(text)
    if len(_toks) >= TOKS_CACHE:
        _toks.clear()  # callers hold what they fetched: typed locals are references
    _toks[text] = tok
    return tok


cdef inline bint _is_sinitic(_Tok t) except -1:
    if t.sinitic < 0:
        t.sinitic = 1 if is_sinitic(t.text) else 0
    return t.sinitic == 1


cdef inline int _ucs4_cmp(_Tok a, _Tok b):
    """Python's order of two strings (code points)."""
    cdef Py_ssize_t n = a.n if a.n < b.n else b.n, k
    for k in range(n):
        if a.buf[k] != b.buf[k]:
            return -1 if a.buf[k] < b.buf[k] else 1
    return -1 if a.n < b.n else (1 if a.n > b.n else 0)


cdef inline bint _same(_Tok a, _Tok b):
    if a is b:
        return True
    if a.n != b.n:
        return False
    cdef Py_ssize_t k
    for k in range(a.n):
        if a.buf[k] != b.buf[k]:
            return False
    return True


cdef Py_ssize_t _levenshtein(const Py_UCS4* a, Py_ssize_t na, const Py_UCS4* b, Py_ssize_t nb) except -1:
    """Unit-cost edit distance (rapidfuzz ``Levenshtein.distance``)."""
    cdef Py_ssize_t stack[65]
    cdef Py_ssize_t* row = stack
    cdef Py_ssize_t i, j, diag, up, best
    if nb + 1 > 65:
        row = <Py_ssize_t*>malloc((nb + 1) * sizeof(Py_ssize_t))
        if row == NULL:
            raise MemoryError()
    for j in range(nb + 1):
        row[j] = j
    for i in range(1, na + 1):
        diag = row[0]
        row[0] = i
        for j in range(1, nb + 1):
            up = row[j]
            best = diag + (0 if a[i - 1] == b[j - 1] else 1)
            if up + 1 < best:
                best = up + 1
            if row[j - 1] + 1 < best:
                best = row[j - 1] + 1
            row[j] = best
            diag = up
    best = row[nb]
    if row != stack:
        free(row)
    return best


cdef Py_ssize_t _osa(const Py_UCS4* a, Py_ssize_t na, const Py_UCS4* b, Py_ssize_t nb) except -1:
    """Optimal string alignment distance (rapidfuzz ``OSA.distance``): edits and swaps of two
    neighbouring letters, no substring edited twice."""
    cdef Py_ssize_t width = nb + 1, i, j, best, cost
    cdef Py_ssize_t stack[3 * 65]
    cdef Py_ssize_t* rows = stack
    if 3 * width > 3 * 65:
        rows = <Py_ssize_t*>malloc(3 * width * sizeof(Py_ssize_t))
        if rows == NULL:
            raise MemoryError()
    cdef Py_ssize_t* two = rows  # row i - 2
    cdef Py_ssize_t* one = rows + width  # row i - 1
    cdef Py_ssize_t* cur = rows + 2 * width
    cdef Py_ssize_t* spare
    for j in range(width):
        one[j] = j
        two[j] = 0
    for i in range(1, na + 1):
        cur[0] = i
        for j in range(1, nb + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = one[j - 1] + cost
            if one[j] + 1 < best:
                best = one[j] + 1
            if cur[j - 1] + 1 < best:
                best = cur[j - 1] + 1
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                if two[j - 2] + 1 < best:
                    best = two[j - 2] + 1
            cur[j] = best
        spare = two
        two = one
        one = cur
        cur = spare
    best = one[nb]
    if rows != stack:
        free(rows)
    return best


cdef double _levenshtein_similarity(_Tok a, _Tok b) except? -1.0:
    """rapidfuzz ``Levenshtein.normalized_similarity``: 1 - distance / the longer length."""
    cdef Py_ssize_t longest = a.n if a.n > b.n else b.n
    if longest == 0:
        return 1.0
    cdef double dist = <double>_levenshtein(a.buf, a.n, b.buf, b.n) / <double>longest
    return 1.0 - dist


cdef double _jaro_winkler(_Tok t1, _Tok t2) except? -1.0:
    """rapidfuzz ``JaroWinkler.normalized_similarity`` (prefix weight 0.1): the similarity as its
    Python fallback computes it, then as its compiled scorer returns it."""
    cdef Py_ssize_t pattern_len = t1.n, text_len = t2.n, bound, i, j, k, low, hi
    cdef Py_ssize_t common = 0, trans = 0, prefix = 0, max_prefix, n1, n2
    cdef const Py_UCS4* s1 = t1.buf
    cdef const Py_UCS4* s2 = t2.buf
    max_prefix = pattern_len if pattern_len < text_len else text_len
    if max_prefix > 4:
        max_prefix = 4
    while prefix < max_prefix and s1[prefix] == s2[prefix]:
        prefix += 1
    cdef double sim
    if pattern_len == 0 and text_len == 0:
        sim = 1.0
    elif pattern_len == 0 or text_len == 0:
        sim = 0.0
    elif pattern_len == 1 and text_len == 1:
        sim = 1.0 if s1[0] == s2[0] else 0.0
    else:
        n1, n2 = pattern_len, text_len
        if text_len > pattern_len:
            bound = text_len // 2 - 1
            if text_len > pattern_len + bound:
                n2 = pattern_len + bound
        else:
            bound = pattern_len // 2 - 1
            if pattern_len > text_len + bound:
                n1 = text_len + bound
        if bound < 0:
            bound = 0  # not reached: one of two lengths >= 2 gives bound >= 0
        flags = bytearray(pattern_len + text_len)
        f1 = <unsigned char*>flags
        f2 = f1 + pattern_len
        for i in range(n1):
            low = i - bound if i > bound else 0
            hi = i + bound
            if hi > text_len - 1:
                hi = text_len - 1
            for j in range(low, hi + 1):
                if j < n2 and not f2[j] and s2[j] == s1[i]:
                    f1[i] = 1
                    f2[j] = 1
                    common += 1
                    break
        if common == 0:
            sim = 0.0
        else:
            k = 0
            for i in range(pattern_len):
                if f1[i]:
                    j = k
                    while j < text_len:
                        if f2[j]:
                            k = j + 1
                            break
                        j += 1
                    if s1[i] != s2[j]:
                        trans += 1
            trans //= 2
            sim = 0.0
            sim += <double>common / <double>pattern_len
            sim += <double>common / <double>text_len
            sim += <double>(common - trans) / <double>common
            sim = sim / 3.0
    if sim > 0.7:
        sim += <double>prefix * 0.1 * (1.0 - sim)
        if sim > 1.0:
            sim = 1.0
    # rapidfuzz's compiled normalized_similarity is 1 - normalized_distance, which is 1 - sim:
    # the round trip changes the last bits, so it is made here too.
    return 1.0 - (1.0 - sim)


cdef inline object _groups(_Tok t):
    if not t.lazy_done:
        t.groups = NICKNAMES.get(t.text)
        t.lazy_done = True
    return t.groups


cdef bint _nicknames_meet(_Tok a, _Tok b) except -1:
    """``a in gb or b in ga or not set(ga).isdisjoint(gb)`` with ga = nicknames.get(a, (a,))."""
    ga, gb = _groups(a), _groups(b)
    if ga is None and gb is None:
        return False  # (a,) and (b,): the caller has seen a != b
    if ga is None:
        ga = (a.text,)
    if gb is None:
        gb = (b.text,)
    if a.text in <tuple>gb or b.text in <tuple>ga:
        return True
    for x in <tuple>ga:
        if x in <tuple>gb:
            return True
    return False


cdef inline object _phon(_Tok t):
    if t.phon is None:
        t.phon = phonetic(t.text)
    return t.phon


cdef double _without_article(_Tok a, _Tok b) except? -1.0:
    """``compare._without_article``."""
    if not a.article or b.n < 4:
        return 0.0
    if a.rest_phon is None:
        a.rest_phon = phonetic(a.text[2:])
    rest = a.text[2:]
    pb = _phon(b)
    if rest == b.text or a.rest_phon == pb:
        return 0.9
    cdef _Tok r, p
    if min(len(rest), b.n) >= 4:
        r, p = _tok(a.rest_phon), _tok(pb)
        if _osa(r.buf, r.n, p.buf, p.n) <= 1:
            return 0.85
    return 0.0


cdef inline bint _is_suffixed(_Tok a, _Tok b):
    cdef _Tok short = a, long_ = b
    if a.n > b.n:
        short, long_ = b, a
    if long_.n - short.n > 2:
        return False
    cdef Py_ssize_t k
    for k in range(short.n):
        if short.buf[k] != long_.buf[k]:
            return False
    return True


cdef bint _same_consonants(_Tok a, _Tok b) except -1:
    if a.cons is None:
        a.cons = consonants(a.text)
    if b.cons is None:
        b.cons = consonants(b.text)
    if a.cons != b.cons:
        return False
    cdef Py_ssize_t n = len(<str>a.cons)
    return n >= 4 or (n == 3 and a.buf[0] == b.buf[0])


cdef double _token_similarity(
    _Tok a, _Tok b, _Tok pa, _Tok pb, bint cross, bint chinese, bint translit
) except? -1.0:
    """``compare.token_similarity``: the same tests in the same order."""
    if _same(a, b):
        return 1.0
    if a.n == 1 or b.n == 1:
        if a.n == 0 or b.n == 0:
            return 0.0  # not reached: tokens are never empty (the reference would raise)
        return 0.9 if a.buf[0] == b.buf[0] else 0.0
    if _same(pa, pb):
        return 0.95
    if _nicknames_meet(a, b):
        return 0.9
    if cross:
        if a.alts is None:
            a.alts = tok_alternates(a.text)
        if b.alts is None:
            b.alts = tok_alternates(b.text)
        if b.text in <frozenset>a.alts or a.text in <frozenset>b.alts:
            return CROSS_SYSTEM_SCORE
    cdef double score
    if chinese and _is_sinitic(a) and _is_sinitic(b):
        score = (_levenshtein_similarity(pa, pb) - 0.7) / 0.3 * 0.85
        return score if score > 0.0 else 0.0
    if a.ocr is None:
        a.ocr = tok_ocr_fold(a.text)
    if b.ocr is None:
        b.ocr = tok_ocr_fold(b.text)
    cdef double best = 0.88 if a.ocr == b.ocr else 0.0
    cdef double article = _without_article(a, b)
    if not article:
        article = _without_article(b, a)
    if article:
        return article
    if (
        a.n == 4 and b.n == 4
        and _osa(a.buf, a.n, b.buf, b.n) == 1
        and _levenshtein(a.buf, a.n, b.buf, b.n) == 2
    ):
        return 0.85
    cdef double fuzzy
    if a.n >= 5 and b.n >= 5:
        if _osa(a.buf, a.n, b.buf, b.n) <= 1 or _osa(pa.buf, pa.n, pb.buf, pb.n) <= 1:
            return 0.88
        if _is_suffixed(pa, pb) or _is_suffixed(a, b):
            return 0.85
        if translit:
            if a.skel is None:
                a.skel = tok_skeleton(a.text)
            if b.skel is None:
                b.skel = tok_skeleton(b.text)
        if (translit and a.skel == b.skel) or _same_consonants(a, b):
            if best < 0.85:
                best = 0.85
        fuzzy = (_jaro_winkler(pa, pb) - 0.75) / 0.25 * 0.85
    else:
        fuzzy = (_levenshtein_similarity(pa, pb) - 0.5) / 0.5 * 0.85
    if fuzzy > best:
        best = fuzzy
    return best if best > 0.0 else 0.0


cdef double _consonant_similarity(_Tok a, _Tok b) except? -1.0:
    """``compare.consonant_similarity`` (symmetric)."""
    if _same(a, b):
        return 0.92
    if a.n == 0 or b.n == 0:
        return 0.0
    cdef double score = (_levenshtein_similarity(a, b) - 0.5) / 0.5 * 0.85
    return score if score > 0.0 else 0.0


def token_similarity_c(
    str a, str b, str pa, str pb, bint cross=False, bint chinese=False, bint translit=False
):
    """``compare.token_similarity`` computed here (for the tests)."""
    return _token_similarity(_tok(a), _tok(b), _tok(pa), _tok(pb), cross, chinese, translit)


def consonant_similarity_c(str a, str b):
    return _consonant_similarity(_tok(a), _tok(b))


def string_metrics(str a, str b):
    """(Levenshtein distance, OSA distance, Levenshtein normalized similarity, Jaro-Winkler
    normalized similarity) as computed here (for the tests against rapidfuzz)."""
    ta, tb = _tok(a), _tok(b)
    return (
        _levenshtein(ta.buf, ta.n, tb.buf, tb.n),
        _osa(ta.buf, ta.n, tb.buf, tb.n),
        _levenshtein_similarity(ta, tb),
        _jaro_winkler(ta, tb),
    )


cdef double _similarity(int mode, str ta, str tb, str pa, str pb) except? -1.0:
    if mode == HANZI_MODE:
        return _hanzi_similarity(ta, tb)
    if mode == ABJAD_MODE:
        return _consonant_similarity(_tok(ta), _tok(tb))
    return _pair_similarity(mode, _tok(ta), _tok(tb), _tok(pa), _tok(pb))


cdef inline double _pair_similarity(int mode, _Tok ta, _Tok tb, _Tok pa, _Tok pb) except? -1.0:
    """``compare._similarity`` of a Latin or romanised pair: ``token_similarity`` with the
    tokens in Python's order."""
    if _ucs4_cmp(ta, tb) > 0:
        ta, tb, pa, pb = tb, ta, pb, pa
    return _token_similarity(
        ta, tb, pa, pb, (mode & CROSS) != 0, (mode & STRICT_MODE) != 0, (mode & TRANSLIT) != 0
    )


cdef double _align(tuple a, tuple b, tuple pa, tuple pb, int mode) except? -1.0:
    """``compare._align`` of token strings: each string's ``_Tok`` fetched once."""
    cdef Py_ssize_t na = len(a), nb = len(b)
    if na == 1 and nb == 1:
        return _similarity(mode, a[0], b[0], pa[0], pb[0])
    if na > MAX_TOKENS or nb > MAX_TOKENS:
        return py_align(a, b, pa, pb, mode)
    toks_a = [_tok(t) for t in a]
    toks_b = [_tok(t) for t in b]
    if mode == HANZI_MODE or mode == ABJAD_MODE:
        return _align_toks(toks_a, toks_b, toks_a, toks_b, mode)
    return _align_toks(toks_a, toks_b, [_tok(t) for t in pa], [_tok(t) for t in pb], mode)


cdef inline double _tok_similarity(int mode, _Tok ta, _Tok tb, _Tok pa, _Tok pb) except? -1.0:
    if mode == HANZI_MODE:
        return _hanzi_similarity(ta.text, tb.text)
    if mode == ABJAD_MODE:
        return _consonant_similarity(ta, tb)
    return _pair_similarity(mode, ta, tb, pa, pb)


cdef double _surplus_tok(_Tok token, int mode, bint edge) except? -1.0:
    """``compare._surplus_weight`` of a ``_Tok`` (its ``is_sinitic`` kept with it)."""
    if mode & STRICT_MODE and _is_sinitic(token):
        return <double>(2 * _weight(token.text, mode))
    if (
        edge
        and mode & (LATIN_MODE | ABJAD_MODE)
        and token.n > 1
        and not token.text.endswith(PATRONYMICS)
    ):
        return EDGE_SURPLUS_FACTOR * _weight(token.text, mode)
    return SURPLUS_WEIGHT * (token.n if token.n > 1 else 1)


cdef double _align_toks(list a, list b, list pa, list pb, int mode) except? -1.0:
    """``compare._align`` on lists of ``_Tok`` (token and phonetic strings; for Hanzi and abjad
    modes ``pa``/``pb`` are ``a``/``b``): the same float operations in the same order."""
    cdef Py_ssize_t na = len(a), nb = len(b)
    if na == 1 and nb == 1:
        return _tok_similarity(mode, <_Tok>a[0], <_Tok>b[0], <_Tok>pa[0], <_Tok>pb[0])
    if na > MAX_TOKENS or nb > MAX_TOKENS:
        return py_align(
            tuple([(<_Tok>t).text for t in a]),
            tuple([(<_Tok>t).text for t in b]),
            tuple([(<_Tok>t).text for t in pa]),
            tuple([(<_Tok>t).text for t in pb]),
            mode,
        )
    cdef bint initials = (mode & (LATIN_MODE | STRICT_MODE)) != 0
    cdef Py_ssize_t n = na * nb, i, j, k
    cdef Pair stack[64]
    cdef Pair* pairs = stack
    if n > 64:
        pairs = <Pair*>malloc(n * sizeof(Pair))
        if pairs == NULL:
            raise MemoryError()
    cdef _Tok ta, tb, pta
    cdef unsigned long long used_a = 0, used_b = 0
    cdef double total = 0.0, weight = 0.0, best_pair = 0.0, neg, s1 = 0.0, s2 = 0.0
    cdef long w
    cdef Py_ssize_t last_a, last_b
    try:
        k = 0
        for i in range(na):
            ta = <_Tok>a[i]
            pta = <_Tok>pa[i]
            for j in range(nb):
                tb = <_Tok>b[j]
                pairs[k].initial = 1 if initials and (ta.n == 1 or tb.n == 1) else 0
                pairs[k].neg = -_tok_similarity(mode, ta, tb, pta, <_Tok>pb[j])
                pairs[k].i = <int>i
                pairs[k].j = <int>j
                k += 1
        qsort(pairs, n, sizeof(Pair), _cmp_pair)
        for k in range(n):
            i = pairs[k].i
            j = pairs[k].j
            if (used_a >> i) & 1 or (used_b >> j) & 1:
                continue
            used_a |= 1ULL << i
            used_b |= 1ULL << j
            w = _weight((<_Tok>a[i]).text, mode) + _weight((<_Tok>b[j]).text, mode)
            neg = pairs[k].neg
            total -= neg * w
            if -neg >= CONFLICT_BELOW:
                weight += w
            else:
                weight += CONFLICT_FACTOR * w
            if -neg > best_pair:
                best_pair = -neg
    finally:
        if pairs != stack:
            free(pairs)
    if na == 1 or nb == 1:
        return best_pair * MONONYM_FACTOR
    if na != nb:
        last_a, last_b = na - 1, nb - 1
        for i in range(na):
            if (used_a >> i) & 1 and not _is_sinitic(<_Tok>a[i]):
                break
        else:
            last_a = last_b = -1  # no edge: the paired tokens are a Chinese name
        if mode & ABJAD_MODE:
            last_a = last_b = 0
        for i in range(na):
            if not (used_a >> i) & 1:
                s1 += _surplus_tok(<_Tok>a[i], mode, last_a >= 0 and (i == 0 or i == last_a))
        for j in range(nb):
            if not (used_b >> j) & 1:
                s2 += _surplus_tok(<_Tok>b[j], mode, last_b >= 0 and (j == 0 or j == last_b))
    if weight:
        return total / (weight + (s1 + s2))
    return 0.0


cdef bint _is_rough(str via) except -1:
    found = _rough.get(via)
    if found is None:
        found = bool(rough_vowels(via))
        _rough[via] = found
    return found


cdef double _abjad_similarity(object a, object b) except? -1.0:
    cdef tuple sa = tuple([consonants(t) for t in a.tokens])
    cdef tuple sb = tuple([consonants(t) for t in b.tokens])
    cdef double best = _align(sa, sb, sa, sb, ABJAD_MODE), score
    cdef tuple long_, short, skel
    if len(sa) != len(sb) and best < 0.92:
        if len(sa) > len(sb):
            long_, short = a.tokens, sb
        else:
            long_, short = b.tokens, sa
        for merged, _ in _partitions(long_, len(short)):
            skel = tuple([consonants(t) for t in merged])
            score = _align(skel, short, skel, short, ABJAD_MODE)
            if score > best:
                best = score
    return best


cpdef double form_similarity(object a, object b) except? -1.0:
    cdef tuple ta = a.tokens, tb = b.tokens
    cdef int ka = a.kind, kb = b.kind
    cdef bint swap
    if ta != tb:
        swap = ta > tb
    else:
        swap = ka > kb
    if swap:
        a, b = b, a
        ta, tb = tb, ta
        ka, kb = kb, ka
    if ka == C_HANZI:
        return _align(ta, tb, ta, tb, HANZI_MODE)
    if ta == tb:
        return 1.0
    if a.abjad or b.abjad:
        return _abjad_similarity(a, b)
    if not (<frozenset>a.joined).isdisjoint(<frozenset>b.joined):
        return JOINED_SCORE
    cdef bint strict = ka == C_ROMANISED or kb == C_ROMANISED or (a.sinitic and b.sinitic)
    cdef int mode = STRICT_MODE if strict else LATIN_MODE
    if ka == C_LATIN and kb == C_LATIN:
        mode |= CROSS
    if _is_rough(a.via) or _is_rough(b.via):
        mode |= TRANSLIT
    cdef tuple phon_short
    cdef double best = _align(ta, tb, a.phonetic, b.phonetic, mode), score
    if len(ta) != len(tb) and best < 1.0:
        if len(ta) > len(tb):
            long_, short = a, b
        else:
            long_, short = b, a
        phon_short = short.phonetic
        for merged, phon in _partitions(long_.tokens, len(short.tokens)):
            score = _align(merged, short.tokens, phon, phon_short, mode)
            if score > best:
                best = score
    return best


@cython.no_gc
cdef class _Form:
    """A prepared form laid out for ``_form_similarity``: what ``form_similarity`` reads of it,
    its tokens' and phonetic forms' ``_Tok``, and its partitions' (made when first needed).
    Holds strings, tuples and ``_Tok`` only, so it cannot be part of a reference cycle."""

    cdef object form
    cdef tuple tokens, phonetic
    cdef list toks, phons
    cdef int kind
    cdef bint abjad, sinitic, rough
    cdef frozenset joined
    cdef dict parts  # number of parts -> ((toks, phons), ...) of each partition

    def __cinit__(self, object form):
        self.form = form
        self.tokens = form.tokens
        self.phonetic = form.phonetic
        self.kind = form.kind
        self.abjad = form.abjad
        self.sinitic = form.sinitic
        self.joined = form.joined
        self.rough = _is_rough(form.via)
        self.toks = [_tok(t) for t in self.tokens]
        self.phons = [_tok(t) for t in self.phonetic]

    cdef tuple partitions(self, Py_ssize_t parts):
        if self.parts is None:
            self.parts = {}
        found = self.parts.get(parts)
        if found is None:
            found = tuple([
                ([_tok(t) for t in merged], [_tok(t) for t in phon])
                for merged, phon in _partitions(self.tokens, parts)
            ])
            self.parts[parts] = found
        return <tuple>found


cdef double _form_similarity(_Form a, _Form b) except? -1.0:
    """``form_similarity`` of two laid-out forms (the index's loop)."""
    cdef tuple ta = a.tokens, tb = b.tokens
    cdef int ka = a.kind, kb = b.kind
    cdef bint swap
    if ta != tb:
        swap = ta > tb
    else:
        swap = ka > kb
    if swap:
        a, b = b, a
        ta, tb = tb, ta
        ka, kb = kb, ka
    if ka == C_HANZI:
        return _align_toks(a.toks, b.toks, a.toks, b.toks, HANZI_MODE)
    if ta == tb:
        return 1.0
    if a.abjad or b.abjad:
        return _abjad_similarity(a.form, b.form)
    if not a.joined.isdisjoint(b.joined):
        return JOINED_SCORE
    cdef bint strict = ka == C_ROMANISED or kb == C_ROMANISED or (a.sinitic and b.sinitic)
    cdef int mode = STRICT_MODE if strict else LATIN_MODE
    if ka == C_LATIN and kb == C_LATIN:
        mode |= CROSS
    if a.rough or b.rough:
        mode |= TRANSLIT
    cdef double best = _align_toks(a.toks, b.toks, a.phons, b.phons, mode), score
    cdef _Form long_, short
    if len(ta) != len(tb) and best < 1.0:
        if len(ta) > len(tb):
            long_, short = a, b
        else:
            long_, short = b, a
        for merged in long_.partitions(len(short.tokens)):
            score = _align_toks(
                <list>(<tuple>merged)[0], short.toks, <list>(<tuple>merged)[1], short.phons, mode
            )
            if score > best:
                best = score
    return best


# --- packed coverage: a form's blocking keys as (hash, token bits) sorted by hash ------------

cdef struct Entry:
    uint64_t hash
    uint64_t bits


cdef struct Keyed:
    uint64_t hash
    uint64_t bits
    Py_ssize_t index


cdef int _cmp_keyed(const void* x, const void* y) noexcept nogil:
    cdef const Keyed* p = <const Keyed*>x
    cdef const Keyed* q = <const Keyed*>y
    if p.hash != q.hash:
        return -1 if p.hash < q.hash else 1
    return -1 if p.index < q.index else (1 if p.index > q.index else 0)


def pack_coverage(dict coverage):
    """(entries, keys): ``coverage`` as ``Entry`` records sorted by the key's hash, and the keys
    in the same order (equal hashes are confirmed on the keys: the gate stays exact). None when
    a bitmask does not fit a C word (forms of more than MAX_TOKENS tokens)."""
    cdef Py_ssize_t n = len(coverage), k = 0
    cdef Keyed* work = <Keyed*>malloc((n if n else 1) * sizeof(Keyed))
    if work == NULL:
        raise MemoryError()
    keys = list(coverage)
    try:
        for key in keys:
            bits = coverage[key]
            if bits >> MAX_TOKENS:
                return None
            work[k].hash = <uint64_t><Py_hash_t>hash(key)
            work[k].bits = <uint64_t>bits
            work[k].index = k
            k += 1
        qsort(work, n, sizeof(Keyed), _cmp_keyed)
        packed = PyBytes_FromStringAndSize(NULL, n * sizeof(Entry))
        entries = <Entry*>PyBytes_AS_STRING(packed)
        ordered = []
        for k in range(n):
            entries[k].hash = work[k].hash
            entries[k].bits = work[k].bits
            ordered.append(keys[work[k].index])
        return packed, tuple(ordered)
    finally:
        free(work)


cdef int _merge_gate(
    const Entry* a, Py_ssize_t na, tuple keys_a,
    const Entry* b, Py_ssize_t nb, tuple keys_b,
    bint short_form,
) except -1:
    """``_gate`` on packed coverages: a merge of two arrays sorted by hash."""
    cdef Py_ssize_t i = 0, j = 0, jj
    cdef uint64_t h, bits_a = 0, bits_b = 0
    cdef bint shared = False
    while i < na and j < nb:
        h = a[i].hash
        if h < b[j].hash:
            i += 1
        elif h > b[j].hash:
            j += 1
        else:
            jj = j
            while jj < nb and b[jj].hash == h:
                key_a, key_b = keys_a[i], keys_b[jj]
                if key_a is key_b or key_a == key_b:
                    if short_form:
                        return 2
                    shared = True
                    bits_a |= a[i].bits
                    bits_b |= b[jj].bits
                jj += 1
            i += 1
    if not shared:
        return 0
    return 2 if popcount64(bits_a) >= 2 and popcount64(bits_b) >= 2 else 1


cdef int _gate(object fa, object fb) except -1:
    """0: the forms share no key; 1: they share keys but fail the gate; 2: they pass it
    (``compare.passes_gate`` after its ``isdisjoint`` test)."""
    cdef bint short_form = fa.full <= 1 or fb.full <= 1
    cdef dict ca = fa.coverage, cb = fb.coverage
    cdef dict small, large
    if len(ca) <= len(cb):
        small, large, a_small = ca, cb, True
    else:
        small, large, a_small = cb, ca, False
    cdef unsigned long long bits_a = 0, bits_b = 0
    cdef bint shared = False
    if short_form:
        for key in small:
            if key in large:
                return 2
        return 0
    if len(fa.tokens) > MAX_TOKENS or len(fb.tokens) > MAX_TOKENS:
        if ca.keys().isdisjoint(cb):
            return 0
        return 2 if py_passes_gate(fa, fb) else 1
    for key, bits in small.items():
        other = large.get(key)
        if other is None:
            continue
        shared = True
        if a_small:
            bits_a |= <unsigned long long>bits
            bits_b |= <unsigned long long>other
        else:
            bits_a |= <unsigned long long>other
            bits_b |= <unsigned long long>bits
    if not shared:
        return 0
    return 2 if popcount64(bits_a) >= 2 and popcount64(bits_b) >= 2 else 1


cdef inline bint _kinds_meet(int ka, int kb):
    """``(ka, kb) in compare._COMPATIBLE``: Hanzi meets Hanzi only, and two romanisations of
    Hanzi never meet (each side's Hanzi form does)."""
    if ka == C_HANZI:
        return kb == C_HANZI
    return kb != C_HANZI and not (ka == C_ROMANISED and kb == C_ROMANISED)


cpdef object best_forms(object name_a, object name_b):
    """``compare._best_forms``."""
    cdef bint both_han = name_a.han and name_b.han
    cdef double best = 0.0, score
    cdef int ka
    best_fa = best_fb = None
    for fa in name_a.forms:
        ka = fa.kind
        if both_han and ka != C_HANZI:
            continue
        for fb in name_b.forms:
            if not _kinds_meet(ka, fb.kind):
                continue
            if _gate(fa, fb) != 2:
                continue
            score = form_similarity(fa, fb)
            if score > best:
                best, best_fa, best_fb = score, fa, fb
                if score >= 1.0:
                    return NameMatch(score, name_a, name_b, fa, fb)
    if best_fa is None:
        return NO_MATCH
    return NameMatch(best, name_a, name_b, best_fa, best_fb)


cpdef object best_query_match(object a, object name_b, bint han_only=False):
    """``compare.best_query_match``."""
    cdef frozenset keys_b = name_b.keys
    if (<frozenset>a.keys).isdisjoint(keys_b) or (han_only and not name_b.han):
        return NO_MATCH
    best = NO_MATCH
    cdef double best_score = 0.0
    for name_a in a.names:
        if han_only and not name_a.han:
            continue
        if (<frozenset>name_a.keys).isdisjoint(keys_b):
            continue
        found = best_forms(name_a, name_b)
        if found.score > best_score:
            best, best_score = found, found.score
    return best


cpdef object best_name_match(object a, object b):
    """``compare.best_name_match``."""
    if (<frozenset>a.keys).isdisjoint(<frozenset>b.keys):
        return NO_MATCH
    cdef bint han_only = False
    for name in a.names:
        if name.han:
            for other in b.names:
                if other.han:
                    han_only = True
                    break
            break
    best = NO_MATCH
    cdef double best_score = 0.0
    for name_a in a.names:
        for name_b in b.names:
            if han_only and not (name_a.han and name_b.han):
                continue
            if (<frozenset>name_a.keys).isdisjoint(<frozenset>name_b.keys):
                continue
            found = best_forms(name_a, name_b)
            if found.score > best_score:
                best, best_score = found, found.score
    return best



cdef int _push(unsigned int** items, Py_ssize_t* count, Py_ssize_t* size, unsigned int n) except -1:
    cdef unsigned int* grown
    if count[0] == size[0]:
        size[0] = size[0] * 2 if size[0] else 1024
        grown = <unsigned int*>realloc(items[0], size[0] * sizeof(unsigned int))
        if grown == NULL:
            raise MemoryError()
        items[0] = grown
    items[0][count[0]] = n
    count[0] += 1
    return 0


cdef int _cmp_uint(const void* x, const void* y) noexcept nogil:
    cdef unsigned int p = (<const unsigned int*>x)[0], q = (<const unsigned int*>y)[0]
    return -1 if p < q else (1 if p > q else 0)


def candidate_names(object forms, dict postings, dict short, Py_ssize_t n_names):
    """``NameIndex.candidate_names`` for these query forms, ascending: the names sharing keys
    on two distinct tokens of a form (any key, for a form of at most one full token), and the
    names with a form of at most one full token sharing any key. None when a form has more
    tokens than a C word holds (the caller then asks the Python version)."""
    cdef unsigned long long* masks = <unsigned long long*>calloc(n_names + 1, sizeof(unsigned long long))
    cdef unsigned char* chosen = <unsigned char*>calloc(n_names + 1, 1)
    cdef unsigned int* out = NULL
    cdef unsigned int* touched = NULL
    cdef Py_ssize_t n_out = 0, size_out = 0, n_touched = 0, size_touched = 0, k, t
    cdef unsigned int n
    cdef unsigned long long b
    cdef const unsigned int[:] view
    try:
        if masks == NULL or chosen == NULL:
            raise MemoryError()
        for form in forms:
            coverage = <dict>form.coverage
            if form.full <= 1:
                for key in coverage:
                    hits = postings.get(key)
                    if hits is None:
                        continue
                    view = hits
                    for k in range(view.shape[0]):
                        n = view[k]
                        if not chosen[n]:
                            chosen[n] = 1
                            _push(&out, &n_out, &size_out, n)
                continue
            if len(form.tokens) > MAX_TOKENS:
                return None
            n_touched = 0
            for key, bits in coverage.items():
                hits = postings.get(key)
                if hits is None:
                    continue
                b = <unsigned long long>bits
                view = hits
                for k in range(view.shape[0]):
                    n = view[k]
                    if masks[n] == 0:
                        _push(&touched, &n_touched, &size_touched, n)
                    masks[n] |= b
            for t in range(n_touched):
                n = touched[t]
                if popcount64(masks[n]) >= 2 and not chosen[n]:
                    chosen[n] = 1
                    _push(&out, &n_out, &size_out, n)
                masks[n] = 0
            for key in coverage:
                hits = short.get(key)
                if hits is None:
                    continue
                view = hits
                for k in range(view.shape[0]):
                    n = view[k]
                    if not chosen[n]:
                        chosen[n] = 1
                        _push(&out, &n_out, &size_out, n)
        if n_out:
            qsort(out, n_out, sizeof(unsigned int), _cmp_uint)
        return [out[k] for k in range(n_out)]
    finally:
        free(masks)
        free(chosen)
        free(out)
        free(touched)


# --- the index's loop -----------------------------------------------------------------------

@cython.no_gc
cdef class CompiledName:
    """A prepared name laid out for the compiled gate: its forms' kinds, full-token counts and
    packed coverages in C arrays (``best_forms`` reads each as a Python attribute). Worth its
    cost (~2 µs a form) where a name meets many: an index's entries and its queries. Like the
    prepared name it holds, it holds only strings, tuples and values made of them (no cycle
    can pass through it), so the garbage collector's passes leave it out."""

    cdef readonly object name
    cdef readonly bint han
    cdef tuple forms
    cdef tuple cforms  # each form as a _Form
    cdef tuple keys
    cdef tuple raw
    cdef Py_ssize_t n
    cdef int* kinds
    cdef Py_ssize_t* fulls
    cdef const Entry** entries
    cdef Py_ssize_t* counts

    def __cinit__(self, object name):
        self.name = name
        self.han = name.han
        self.forms = tuple(name.forms)
        self.cforms = tuple([_Form(form) for form in self.forms])
        self.n = len(self.forms)
        cdef Py_ssize_t size = self.n if self.n else 1
        self.kinds = <int*>malloc(size * sizeof(int))
        self.fulls = <Py_ssize_t*>malloc(size * sizeof(Py_ssize_t))
        self.entries = <const Entry**>malloc(size * sizeof(Entry*))
        self.counts = <Py_ssize_t*>malloc(size * sizeof(Py_ssize_t))
        if not (self.kinds and self.fulls and self.entries and self.counts):
            raise MemoryError()
        keys, raw = [], []
        cdef Py_ssize_t k
        cdef bytes packed_raw
        for k in range(self.n):
            form = self.forms[k]
            self.kinds[k] = form.kind
            self.fulls[k] = form.full
            packed = pack_coverage(form.coverage)
            if packed is None:  # too many tokens for a C word: the dict gate
                keys.append(None)
                raw.append(None)
                self.entries[k] = NULL
                self.counts[k] = 0
            else:
                packed_raw = packed[0]
                keys.append(packed[1])
                raw.append(packed_raw)
                self.entries[k] = <const Entry*>PyBytes_AS_STRING(packed_raw)
                self.counts[k] = len(packed[1])
        self.keys = tuple(keys)
        self.raw = tuple(raw)

    def __dealloc__(self):
        free(self.kinds)
        free(self.fulls)
        free(<void*>self.entries)
        free(self.counts)


cdef bint _best_form_pair(
    CompiledName a, CompiledName b, double* best_out, Py_ssize_t* i_out, Py_ssize_t* j_out
) except -1:
    """``best_forms`` on compiled names (the gate on packed coverages), without building the
    ``NameMatch``: False where it is ``NO_MATCH``, else the score and the two forms' numbers."""
    cdef bint both_han = a.han and b.han, short_form
    cdef double best = 0.0, score
    cdef int ka, gate
    cdef Py_ssize_t i, j, best_i = -1, best_j = -1
    for i in range(a.n):
        ka = a.kinds[i]
        if both_han and ka != C_HANZI:
            continue
        for j in range(b.n):
            if not _kinds_meet(ka, b.kinds[j]):
                continue
            if a.entries[i] != NULL and b.entries[j] != NULL:
                short_form = a.fulls[i] <= 1 or b.fulls[j] <= 1
                gate = _merge_gate(
                    a.entries[i], a.counts[i], <tuple>a.keys[i],
                    b.entries[j], b.counts[j], <tuple>b.keys[j],
                    short_form,
                )
            else:
                gate = _gate(a.forms[i], b.forms[j])
            if gate != 2:
                continue
            score = _form_similarity(<_Form>a.cforms[i], <_Form>b.cforms[j])
            if score > best:
                best, best_i, best_j = score, i, j
                if score >= 1.0:
                    break
        if best >= 1.0:
            break
    if best_i < 0:
        return False
    best_out[0], i_out[0], j_out[0] = best, best_i, best_j
    return True


cdef object _name_match(double score, object query, object match, object qf, object mf):
    """``NameMatch(score, query, match, qf, mf)`` without the frozen dataclass's ``__init__``
    (five ``object.__setattr__`` calls): the same fields set on a new instance."""
    found = new_object(NameMatch)
    PyObject_GenericSetAttr(found, "score", score)
    PyObject_GenericSetAttr(found, "query", query)
    PyObject_GenericSetAttr(found, "match", match)
    PyObject_GenericSetAttr(found, "query_form", qf)
    PyObject_GenericSetAttr(found, "match_form", mf)
    return found


cpdef object compiled_forms(CompiledName a, CompiledName b):
    """``best_forms`` on compiled names (the gate on packed coverages)."""
    cdef double best = 0.0
    cdef Py_ssize_t i = -1, j = -1
    if not _best_form_pair(a, b, &best, &i, &j):
        return NO_MATCH
    return _name_match(best, a.name, b.name, a.forms[i], b.forms[j])


def meet_names(
    object query,
    object numbers,
    object compiled,
    object names,
    const unsigned char[:] name_han,
    object carriers,
    const unsigned char[:] slot_han,
    bint han_query,
    object prepare,
    double least=-1.0,
):
    """``NameIndex._meet`` over every number of ``numbers``, in its order: for each entry slot,
    the best ``NameMatch`` of the names it carries (the first of equal scores). ``compiled``:
    the index's ``CompiledName`` per name number, or None (a compact index: each name is
    prepared and laid out when met). The name- and record-level key tests of
    ``best_query_match`` are left out: names sharing no key share none on any form either, so
    every gate fails and the result is the same ``NO_MATCH``. ``prepare``: a compact index's
    cache of ``CompiledName`` by name text. ``least``: names scoring below it are left out
    (the caller knows no entry can reach its floor through them)."""
    cdef dict best = {}
    cdef Py_ssize_t number, slot
    cdef bint han_only, skip_han
    cdef double score, best_score
    cdef list query_names = [CompiledName(name) for name in query.names]
    cdef CompiledName entry_name, query_name, best_query
    cdef Py_ssize_t fi = -1, fj = -1, best_i = -1, best_j = -1
    cdef list compiled_list = compiled, names_list = names, carriers_list = carriers
    for number in numbers:
        if compiled_list is not None:
            entry_name = compiled_list[number]
        else:
            entry_name = prepare(names_list[number])
        han_only = han_query and name_han[number]
        if han_only and not entry_name.han:
            continue
        best_query = None
        best_score = 0.0
        for query_name in query_names:
            if han_only and not query_name.han:
                continue
            if _best_form_pair(query_name, entry_name, &score, &fi, &fj) and score > best_score:
                best_query, best_score, best_i, best_j = query_name, score, fi, fj
        if best_query is None or best_score < least:
            continue
        found = _name_match(
            best_score,
            best_query.name,
            entry_name.name,
            best_query.forms[best_i],
            entry_name.forms[best_j],
        )
        score = best_score
        skip_han = han_query and not han_only
        for slot in carriers_list[number]:
            if skip_han and slot_han[slot]:
                continue
            seen = best.get(slot)
            if seen is None or score > seen.score:
                best[slot] = found
    return best


# --- preparing a form (prepared.py) ---------------------------------------------------------
# ``prepare_form`` and the run keys it makes, with prepared.py's Python as the reference: the
# same cached token functions are called in the same order and the coverage dict gets the same
# keys, inserted in the same order, with the same bitmasks (``tests/engines/names/
# test_prepare_speedups.py``, ``bench/names/check_prepare.py``). What it saves is the
# interpreter's work on the dict of keys and the tuples of token parts.

cdef extern from "Python.h":
    void PyObject_GC_UnTrack(void* op)
    int PyObject_GenericSetAttr(object o, object name, object value) except -1


def untrack(object value):
    """``value`` left out of the cyclic garbage collector's passes, and returned. For the
    immutable values a prepared name is made of, which hold only strings, numbers and other
    such values and so cannot be part of a reference cycle: CPython does the same by itself for
    tuples and dicts that hold only atomic values, never for sets or other objects. A prepared
    name is kept as long as it is cached or indexed, and traversing names, their forms and
    their frozensets of keys was most of each full collection while names were prepared.
    Reference counting frees them as before."""
    PyObject_GC_UnTrack(<void*>value)
    return value


cdef object PreparedForm, PreparedName, py_prepare_form, py_token_parts, py_intern, forms_of
cdef object token_keys_cached, pinyin_syllables, syllable_count
cdef object reads_sinitic, spell_phonetic, run_spelling_keys, abjad_keys, is_abjad
cdef dict TOKEN_PARTS = {}
cdef object new_object = object.__new__
cdef tuple FORM_FIELDS = (
    "tokens", "phonetic", "via", "kind", "full", "abjad", "sinitic", "joined", "coverage"
)
cdef tuple NAME_FIELDS = ("text", "forms", "keys", "han")
cdef Py_ssize_t MAX_SYLLABLES = 0, MAX_MERGED_TOKENS = 0, MAX_RUN = 0


def bind_prepared(prepared):
    """Take prepared.py's constants, its Python ``prepare_form`` and the cached token functions
    it uses (set when prepared.py imports this module at its end)."""
    global PreparedForm, PreparedName, py_prepare_form, py_token_parts, py_intern, reads_sinitic
    global forms_of, token_keys_cached, pinyin_syllables, syllable_count
    global spell_phonetic, run_spelling_keys, abjad_keys, is_abjad, TOKEN_PARTS
    global MAX_SYLLABLES, MAX_MERGED_TOKENS, MAX_RUN
    PreparedForm, py_prepare_form = prepared.PreparedForm, prepared.py_prepare_form
    PreparedName, forms_of = prepared.PreparedName, prepared.forms_of
    py_token_parts, py_intern = prepared.py_token_parts, prepared.intern
    token_keys_cached, pinyin_syllables = prepared.token_keys, prepared.pinyin_syllables
    syllable_count = prepared.syllable_count
    reads_sinitic, spell_phonetic = prepared.reads_sinitic, prepared.spell_phonetic
    run_spelling_keys = prepared._run_spelling_keys
    abjad_keys, is_abjad = prepared._abjad_keys, prepared._is_abjad
    TOKEN_PARTS = dict(prepared._TOKEN_PARTS)
    for cls, fields in ((PreparedForm, FORM_FIELDS), (PreparedName, NAME_FIELDS)):
        if cls.__slots__ != fields or hasattr(cls, "__post_init__"):
            raise TypeError(f"{cls.__name__} changed: update _speedups")
    MAX_SYLLABLES = prepared.MAX_SYLLABLES
    MAX_MERGED_TOKENS, MAX_RUN = prepared.MAX_MERGED_TOKENS, prepared.MAX_RUN


cdef inline int _cover(dict coverage, object key, unsigned long long bits) except -1:
    """``coverage[key] = coverage.get(key, 0) | bits``: a new key is added at the end, a key
    already there keeps its place (one lookup for a new key, as setdefault)."""
    cdef object value = bits
    cdef PyObject* seen = PyDict_SetDefault(coverage, key, value)
    if seen != <PyObject*>value:
        coverage[key] = <unsigned long long><object>seen | bits
    return 0


cdef object _phonetic_joined(list parts, Py_ssize_t start, Py_ssize_t end, Py_ssize_t which):
    """``normalize.phonetic_joined`` of the pieces ``parts[start:end][which]``."""
    cdef tuple previous = <tuple>(<tuple>parts[start])[which], piece
    cdef str out, part
    cdef Py_ssize_t index
    if previous[4] or end - start < 2:
        return None
    out = <str>previous[2]
    for index in range(start + 1, end):
        piece = <tuple>(<tuple>parts[index])[which]
        after = previous[1]
        if after and (piece[5] or (<str>piece[0]).startswith(after)):
            return None  # a group may straddle the pieces, or run through this one
        part = <str>(piece[3] if index == end - 1 else piece[2])
        if not part:
            return None
        if not out:
            raise IndexError("string index out of range")  # as out[-1] would
        if out[len(out) - 1] == part[0]:
            out = out + part[1:]
        else:
            out = out + part
        previous = piece
    return out


cdef int _cover_run(
    dict coverage, str joined, list parts, Py_ssize_t start, Py_ssize_t end, int kind,
    unsigned long long bits,
) except -1:
    """Add prepared.py's ``_run_keys(joined, parts[start:end], kind)`` with ``bits``."""
    cdef Py_ssize_t syllables = 0, i
    for i in range(start, end):
        count = (<tuple>parts[i])[4]
        if not count:
            syllables = MAX_SYLLABLES + 1
            break
        syllables += <Py_ssize_t>count
    if syllables <= MAX_SYLLABLES or reads_sinitic(joined):
        phon = _phonetic_joined(parts, start, end, 5)
        _cover(coverage, py_intern("v" + (spell_phonetic(joined, True) if phon is None else phon)), bits)
        if kind == C_LATIN:
            for key in run_spelling_keys(joined):
                _cover(coverage, key, bits)
        return 0
    phon = _phonetic_joined(parts, start, end, 6)
    _cover(coverage, py_intern(_run_key(joined, phon)), bits)
    return 0


cdef str _collapse(str text):
    """``normalize._collapse``: each run of one letter written once (``(.)\\1+``: not of line
    breaks, which ``.`` does not match)."""
    cdef Py_ssize_t n = len(text), i
    cdef Py_UCS4 previous, ch
    for i in range(1, n):
        if text[i] == text[i - 1] and text[i] != u"\n":
            break
    else:
        return text
    out = [text[0]]
    previous = text[0]
    for i in range(1, n):
        ch = text[i]
        if ch != previous or ch == u"\n":
            out.append(ch)
        previous = ch
    return "".join(out)


cdef str _run_key(str joined, object phon):
    """``normalize.run_key``."""
    if phon is None:
        phon = spell_phonetic(joined, False)
    cdef str skel = _collapse(phon.translate(CLASSES))
    if is_syllable(joined) or not (len(skel) >= 2 or (skel and len(joined) >= 4)):
        return "v" + phon
    return skel


cpdef object prepare_form(object form):
    """prepared.py's ``prepare_form``: the same ``PreparedForm``, its coverage dict built in the
    same order. A form of more tokens than a C word has bits takes the Python path."""
    cdef tuple tokens = form.tokens
    cdef int kind = form.kind
    cdef Py_ssize_t count = len(tokens), i, start, end, full
    cdef unsigned long long bit, bits
    cdef dict coverage = {}
    cdef list parts
    cdef tuple part
    cdef bint abjad, sinitic
    if count > MAX_TOKENS:
        return py_prepare_form(form)
    cached = TOKEN_PARTS.get(kind)
    if cached is not None:
        parts = [cached(t) for t in tokens]
    else:
        parts = [token_parts(t, kind) for t in tokens]
    bit = 1
    for part in parts:
        for key in <tuple>part[0]:
            _cover(coverage, key, bit)
        bit <<= 1
    joined = None
    if kind != C_HANZI and 1 < count <= MAX_MERGED_TOKENS:
        if count == 2:
            first, second = parts[0], parts[1]
            forward, backward = tokens[0] + tokens[1], tokens[1] + tokens[0]
            _cover_run(coverage, forward, [first, second], 0, 2, kind, 3)
            _cover_run(coverage, backward, [second, first], 0, 2, kind, 3)
            joined = frozenset((forward, backward))
        else:
            for start in range(count):
                for end in range(start + 2, min(start + MAX_RUN, count) + 1):
                    bits = ((1ULL << end) - 1) ^ ((1ULL << start) - 1)
                    _cover_run(coverage, "".join(tokens[start:end]), parts, start, end, kind, bits)
    if kind == C_LATIN:
        bit = 1
        for part in parts:
            for key in <tuple>part[1]:
                _cover(coverage, key, bit)
            bit <<= 1
    via = form.via
    abjad = is_abjad(via)
    if abjad:
        bit = 1
        for t in tokens:
            for key in abjad_keys(t):
                _cover(coverage, key, bit)
            bit <<= 1
    if kind == C_HANZI:
        full = count
        phon = tokens
        sinitic = False
    else:
        full = 0
        for t in tokens:
            if len(<str>t) > 1:
                full += 1
        phon = tuple([(<tuple>part)[2] for part in parts])
        sinitic = True
        for part in parts:
            if not part[3]:
                sinitic = False
                break
    if not full:
        coverage[py_intern("i" + "".join(tokens))] = (1ULL << count) - 1
    if joined is None:
        if count == 1:
            joined = frozenset(tokens)
        else:
            joined = frozenset(["".join(tokens[i:] + tokens[:i]) for i in range(count)])
    PyObject_GC_UnTrack(<void*>joined)
    # The dataclass's __init__ sets each field with object.__setattr__ (it is frozen), a Python
    # call each: this sets the same slots from C. (It has no __post_init__ to run.)
    prepared = new_object(PreparedForm)
    PyObject_GenericSetAttr(prepared, "tokens", tokens)
    PyObject_GenericSetAttr(prepared, "phonetic", phon)
    PyObject_GenericSetAttr(prepared, "via", via)
    PyObject_GenericSetAttr(prepared, "kind", form.kind)
    PyObject_GenericSetAttr(prepared, "full", full)
    PyObject_GenericSetAttr(prepared, "abjad", abjad)
    PyObject_GenericSetAttr(prepared, "sinitic", sinitic)
    PyObject_GenericSetAttr(prepared, "joined", joined)
    PyObject_GenericSetAttr(prepared, "coverage", coverage)
    PyObject_GC_UnTrack(<void*>prepared)  # see ``untrack``
    return prepared


cpdef object prepare_name(str text):
    """prepared.py's ``prepare_name`` uncached (its ``py_prepare_name``)."""
    cdef tuple forms = tuple([prepare_form(form) for form in forms_of(text)])
    cdef bint han = False
    PyObject_GC_UnTrack(<void*>forms)  # see ``untrack``
    # built as the Python builds it (from the forms' key views, in order): iterated the same
    keys = frozenset().union(*[(<dict>form.coverage).keys() for form in forms])
    PyObject_GC_UnTrack(<void*>keys)
    for form in forms:
        if form.kind == C_HANZI:
            han = True
            break
    name = new_object(PreparedName)
    PyObject_GenericSetAttr(name, "text", text)
    PyObject_GenericSetAttr(name, "forms", forms)
    PyObject_GenericSetAttr(name, "keys", keys)
    PyObject_GenericSetAttr(name, "han", han)
    PyObject_GC_UnTrack(<void*>name)
    return name


# --- letter groups and repeats (normalize.py) -----------------------------------------------
# ``normalize._scan`` and ``normalize._collapse`` are regular expressions run on every token,
# every run of tokens and every spelling of a run in other romanisations; here they are C loops
# over the characters, which ``normalize`` uses when this module is built (its Python stays the
# reference: ``tests/engines/names/test_prepare_speedups.py`` compares them on random text).

cdef enum:
    MAX_GROUPS = 64
    MAX_GROUP_LENGTH = 8

cdef Py_UCS4 group_chars[MAX_GROUPS][MAX_GROUP_LENGTH]
cdef Py_ssize_t group_lengths[MAX_GROUPS]
cdef Py_ssize_t group_order[MAX_GROUPS]  # the groups, by first letter, in their listed order
cdef Py_ssize_t first_start[128]
cdef Py_ssize_t first_count[128]
cdef tuple group_replacements = ()
cdef bint groups_bound = False
cdef object skeleton, primary_key, exact_key, ocr_fold, nicknames, nicknames_canonical
cdef object is_syllable, CLASSES
cdef Py_ssize_t MIN_DELETION_SKELETON = 0, PREFIX_KEY_LENGTH = 0, LONGEST_OPEN = 0
cdef dict CONTINUATIONS = {}
cdef frozenset PART_CONTINUATIONS = frozenset()


def bind_normalize(normalize):
    """Take normalize's letter groups (in the order its alternation lists them: the first that
    matches at a place wins, as in the regex) and what ``token_keys`` calls."""
    global group_replacements, groups_bound, skeleton, primary_key, exact_key, ocr_fold
    global is_syllable, CLASSES, nicknames, nicknames_canonical
    global MIN_DELETION_SKELETON, PREFIX_KEY_LENGTH
    groups = [(group, normalize._PHONETIC_MAP[group]) for group in normalize._SCAN_GROUPS]
    cdef Py_ssize_t n = len(groups), g, k, c, placed = 0
    if n > MAX_GROUPS:
        raise ValueError("too many letter groups")
    for g in range(n):
        group = groups[g][0]
        if not 0 < len(group) <= MAX_GROUP_LENGTH or not group.isascii():
            raise ValueError(f"letter group {group!r}")
        group_lengths[g] = len(group)
        for k in range(len(group)):
            group_chars[g][k] = group[k]
    for c in range(128):
        first_start[c] = placed
        first_count[c] = 0
        for g in range(n):
            if group_chars[g][0] == c:
                group_order[placed] = g
                placed += 1
                first_count[c] += 1
    group_replacements = tuple([replacement for _, replacement in groups])
    groups_bound = True
    skeleton, primary_key, exact_key = normalize.skeleton, normalize.primary_key, normalize.exact_key
    ocr_fold, is_syllable, CLASSES = normalize.ocr_fold, normalize.is_syllable, normalize._CLASSES
    nicknames = normalize.tables.nicknames
    nicknames_canonical = normalize.tables.nicknames_canonical
    MIN_DELETION_SKELETON = normalize.MIN_DELETION_SKELETON
    PREFIX_KEY_LENGTH = normalize.PREFIX_KEY_LENGTH
    global CONTINUATIONS, LONGEST_OPEN, PART_CONTINUATIONS
    CONTINUATIONS, LONGEST_OPEN = normalize._CONTINUATIONS, normalize._LONGEST_OPEN
    PART_CONTINUATIONS = normalize._PART_CONTINUATIONS


cpdef str scan(str text):
    """``normalize._scan``: the letter groups replaced, in one left-to-right pass."""
    if not groups_bound:
        raise RuntimeError("bind_groups first")
    cdef Py_ssize_t n = len(text), i = 0, start = 0, k, j, g, length
    cdef Py_UCS4 ch
    cdef list parts = None
    cdef bint found
    while i < n:
        ch = text[i]
        found = False
        if ch < 128:
            for k in range(first_start[ch], first_start[ch] + first_count[ch]):
                g = group_order[k]
                length = group_lengths[g]
                if i + length > n:
                    continue
                for j in range(1, length):
                    if text[i + j] != group_chars[g][j]:
                        break
                else:
                    found = True
                    break
        if found:
            if parts is None:
                parts = []
            if start < i:
                parts.append(text[start:i])
            parts.append(group_replacements[g])
            i += length
            start = i
        else:
            i += 1
    if parts is None:
        return text
    if start < n:
        parts.append(text[start:n])
    return "".join(parts)


def collapse(str text):
    """``normalize._collapse``."""
    return _collapse(text)


cpdef tuple token_keys(str token):
    """``normalize.token_keys`` uncached (its ``py_token_keys``): the same keys, sorted."""
    cdef str skel = skeleton(token)
    cdef set keys = {primary_key(token)}
    cdef Py_ssize_t n = len(token), i, length
    sinitic = is_sinitic(token)
    if sinitic:
        keys.add(exact_key(token))
    if n > PREFIX_KEY_LENGTH:
        keys.add("p" + token[:PREFIX_KEY_LENGTH])
    if not sinitic:
        if n > PREFIX_KEY_LENGTH and not token.endswith(PATRONYMICS):
            keys.add("s" + token[n - PREFIX_KEY_LENGTH:])
        written = consonants(token)
        if len(written) >= 2:
            keys.add("c" + written)
    length = len(skel)
    if length >= MIN_DELETION_SKELETON and not is_syllable(token):
        for i in range(length):
            keys.add(_collapse(skel[:i] + skel[i + 1:]))
    ocr = ocr_fold(token)
    if ocr != token:
        keys.add(skeleton(ocr))
    for canonical in nicknames().get(token, ()):
        keys.add("n" + canonical)
    if token in nicknames_canonical():
        keys.add("n" + token)
    return tuple(sorted(keys))


# --- spellings in other romanisations (prepared.py's _spelling_keys) --------------------------

cdef Py_ssize_t MAX_ALTERNATES = SYLLABLE_ALTERNATES


cdef str _drop_final_h(str text):
    """``normalize._FINAL_H.sub("", text)``: an h ending a line (or the text) after a vowel that
    follows another character of the line."""
    cdef Py_ssize_t n = len(text), i
    cdef list kept = None
    cdef Py_ssize_t start = 0
    for i in range(2, n):
        if (
            text[i] == u"h"
            and (i + 1 == n or text[i + 1] == u"\n")
            and text[i - 1] in u"aeiou"
            and text[i - 2] != u"\n"
        ):
            if kept is None:
                kept = []
            kept.append(text[start:i])
            start = i + 1
    if kept is None:
        return text
    kept.append(text[start:n])
    return "".join(kept)


def drop_final_h(str text):
    """``_drop_final_h`` (for the tests)."""
    return _drop_final_h(text)


cpdef tuple spelling_keys(str text, object syllables):
    """prepared.py's ``_spelling_keys``: ``syllables.spell_alternates`` (its set built by the
    same operations in the same order, so iterated in the same order) and ``normalize.
    spell_phonetics(..., True)`` of them, with the compiled letter-group pass."""
    if syllables is None:
        return ()
    cdef tuple parts = syllables
    wade = tables.wade_giles()
    cdef set out = {"".join([wade.get(s, s) for s in parts]), "".join(parts)}
    hong_kong = tables.syllables()["pinyin_to_hong_kong"]
    options = [hong_kong.get(s, ()) for s in parts]
    if all(options):
        for combo in islice(product(*options), MAX_ALTERNATES):
            out.add("".join(combo))
    out.discard(text)
    if not out:
        return ()
    cdef list spellings = list(frozenset(out))
    batch = "\n".join(spellings)
    scanned = scan(batch)
    if batch.count("\n") != len(spellings) - 1 or scanned.startswith("abd") or "\nabd" in scanned:
        phonetics = [spell_phonetic(spelling, True) for spelling in spellings]
    else:
        phonetics = _collapse(_drop_final_h(scanned)).split("\n")
    return tuple([py_intern("v" + p) for p in phonetics])



# --- the parts of one token (prepared.py's _token_parts) --------------------------------------

cdef tuple _piece(str token, str text, bint sinitic):
    """``normalize.phonetic_piece(token, sinitic)``, ``text`` being the text it reads (the token,
    or for ``sinitic`` false the token's glides rewritten)."""
    cdef Py_ssize_t n = len(text), size, m
    continuations = ()
    for size in range(1, LONGEST_OPEN + 1):
        if n >= size:
            continuations += CONTINUATIONS.get(text[n - size:], ())
    if not sinitic and len(token) and token[len(token) - 1] in u"jyi":
        continuations += ("o",)
    cdef str scanned = scan(text), tail = ""
    m = len(scanned)
    if m >= 2:
        if scanned[m - 1] == u"h" and scanned[m - 2] in u"aeiou":
            tail = scanned[:m - 1]
        else:
            tail = scanned
    abd = scanned.startswith("abd") or "abd".startswith(scanned)
    through = not text or text in PART_CONTINUATIONS
    return (text, continuations, _collapse(scanned), _collapse(tail), abd, through)


cpdef tuple token_parts(str token, int kind):
    """prepared.py's ``_token_parts`` (its ``py_token_parts``); a token's two phonetic pieces
    share their letter-group pass when it has no glide to rewrite."""
    if kind == C_HANZI:
        return py_token_parts(token, kind)
    keys = () if len(token) == 1 else tuple([py_intern(key) for key in token_keys_cached(token)])
    spellings = ()
    if kind == C_LATIN:
        spellings = spelling_keys(token, pinyin_syllables(token))
    cdef tuple chinese = _piece(token, token, True), other
    glided = token.replace("j", "y").replace("yo", "e").replace("io", "e")  # normalize._glides
    if glided == token:
        other = chinese
        if len(token) and token[len(token) - 1] in u"jyi":
            other = (chinese[0], chinese[1] + ("o",), *chinese[2:])
    else:
        other = _piece(token, glided, False)
    return (
        keys, spellings, phonetic(token), is_sinitic(token), syllable_count(token), chinese, other
    )
