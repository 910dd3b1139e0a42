"""Names as the matcher compares them.

`normalize_name("Huawei Technologies Co., Ltd.")` -> `"huawei technologies"`:

1. Unicode NFKC (full-width letters and compatibility forms become plain ones: `ＨＵＡＷＥＩ` -> `HUAWEI`),
   case-folded, diacritics stripped (`Altán` -> `altan`, `İletişim` -> `iletisim`), recomposed with NFC
   so Hangul and kana stay whole; CJK characters are kept as they are (`华为` stays `华为`);
2. `&` reads `and`; apostrophes vanish (`Xi’an` = `Xi'an` = `Xian`); every other non-letter, non-digit
   is a space;
3. legal forms are dropped at the end of the name (`Co., Ltd.`, `Inc.`, `Corporation`, `Company
   Limited`, `PLC`, `GmbH`, `PJSC`, `有限公司`, `股份有限公司`, `株式会社` …), and at its start (`AO`,
   `PJSC`, `OOO`, `株式会社`), repeatedly, but never the whole name (`Corporation` alone stays).

`tokens(name)` splits a normalised name into words; a run of CJK characters is one token.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# legal forms, as normalised word sequences
_LEGAL_SUFFIXES: frozenset[tuple[str, ...]] = frozenset(
    tuple(s.split())
    for s in (
        "co ltd", "co limited", "company ltd", "company limited", "corp ltd", "corp limited",
        "corporation ltd", "corporation limited", "co inc", "company inc", "co llc", "ltd", "limited",
        "inc", "incorporated", "corp", "corporation", "co", "company", "llc", "l l c", "plc", "lp",
        "llp", "pty ltd", "pty", "gmbh", "ag", "se", "sa", "s a", "s l u", "slu", "sl", "nv", "n v",
        "bv", "b v", "oyj", "oy", "ab", "asa", "as", "a s", "spa", "s p a", "srl", "sas", "kk",
        "k k", "pjsc", "ojsc", "cjsc", "jsc", "psc", "qpsc", "q p s c", "pte ltd", "pte", "sdn bhd",
        "bhd", "tbk", "pt", "ltda", "cv", "sarl", "ooo", "oao", "zao", "pao", "ao", "fze", "fzco", "fzc",
        "limited liability company", "joint stock company", "sa de cv", "s a de c v",
    )
)
_LEGAL_PREFIXES: frozenset[tuple[str, ...]] = frozenset(
    tuple(s.split())
    for s in (
        "pjsc", "ojsc", "cjsc", "jsc", "ooo", "oao", "zao", "pao", "ao", "pt",
        "limited liability company", "joint stock company", "closed joint stock company",
        "open joint stock company", "public joint stock company",
        "obshchestvo s ogranichennoi otvetstvennostyu", "aktsionernoe obshchestvo",
        "zakrytoe aktsionernoe obshchestvo", "otkrytoe aktsionernoe obshchestvo",
        "publichnoe aktsionernoe obshchestvo",
    )
)
_LONGEST = max(len(s) for s in _LEGAL_SUFFIXES | _LEGAL_PREFIXES)
# Chinese, Japanese and Korean legal forms, matched on the characters (they are not space-separated)
_CJK_SUFFIXES = ("股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "株式会社", "주식회사", "公司")
_CJK_PREFIXES = ("株式会社", "주식회사")

_CJK_RANGE = (r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
              r"\U00020000-\U0002fa1f")
_CJK = re.compile(f"[{_CJK_RANGE}]")
_CJK_RUN = re.compile(f"[{_CJK_RANGE}]+")
_KANA_MARKS = "\u3099\u309a"  # (han)dakuten: part of the kana, not a diacritic
_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
_NON_WORD = re.compile(r"[^\w]+|_")


def fold(text: str) -> str:
    """NFKC, case-fold, strip diacritics (keeping CJK, Hangul and kana whole), collapse white space."""
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c) or c in _KANA_MARKS)
    return " ".join(unicodedata.normalize("NFC", stripped).split())


def _strip_cjk_forms(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for suffix in _CJK_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, changed = text[: -len(suffix)].rstrip(), True
        for prefix in _CJK_PREFIXES:
            if text.startswith(prefix) and len(text) > len(prefix):
                text, changed = text[len(prefix):].lstrip(), True
    return text


def _strip_legal_forms(words: list[str]) -> list[str]:
    changed = True
    while changed and len(words) > 1:
        changed = False
        for n in range(min(_LONGEST, len(words) - 1), 0, -1):
            if tuple(words[-n:]) in _LEGAL_SUFFIXES:
                words, changed = words[:-n], True
                break
        for n in range(min(_LONGEST, len(words) - 1), 0, -1):
            if tuple(words[:n]) in _LEGAL_PREFIXES:
                words, changed = words[n:], True
                break
    return words


@lru_cache(maxsize=200_000)
def simplify(name: str) -> str:
    """Steps 1 and 2 of the module doc: folded, `&` as `and`, apostrophes dropped, punctuation as
    spaces — legal forms kept."""
    text = fold(name).replace("&", " and ")
    text = _APOSTROPHES.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


@lru_cache(maxsize=200_000)
def normalize_name(name: str) -> str:
    """The comparable form of a name (see the module doc). Empty for a name of punctuation only."""
    text = _strip_cjk_forms(simplify(name))
    return " ".join(_strip_legal_forms(text.split()))


def tokens(normalised: str) -> list[str]:
    """Words of a normalised name; each run of CJK characters is one token."""
    return normalised.split()


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def weight(normalised: str) -> int:
    """How much a name says: its Latin letters and digits, with each CJK character counting 2 (a
    Chinese character carries about as much as two Latin letters in a company name)."""
    cjk = sum(len(run) for run in _CJK_RUN.findall(normalised))
    other = sum(1 for c in normalised if c.isalnum()) - cjk
    return other + 2 * cjk


def is_acronym(original: str, normalised: str) -> bool:
    """A short name that is probably an acronym or a bare brand: one token of at most 4 Latin letters or
    digits (`ZTE`, `SMIC`, `BT`, `du`), or at most one CJK character."""
    if " " in normalised:
        return False
    return weight(normalised) <= 4 if not has_cjk(normalised) else len(normalised) <= 1
