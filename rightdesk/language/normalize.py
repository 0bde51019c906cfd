"""Search terms from text in English, Russian, Ukrainian and Estonian (pure code, no DB).

A word is reduced to its dictionary form so that "квартирах" finds "квартира",
"arvet" finds "arve". Case, ё/е and the apostrophe variants of Ukrainian
(’ ' ʼ) are folded so that people find what they mean however they type it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import simplemma

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'", "ʹ": "'"})
# A word: letters and digits, with apostrophes inside (Ukrainian "м'ясо", English "don't").
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
MAX_WORD = 40


def _fold(word: str) -> str:
    return word.replace("ё", "е").replace("'", "")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The folded dictionary form of one lowercased word."""
    if len(word) > MAX_WORD or word.isdigit():
        return _fold(word)
    langs = ("ru", "uk") if _CYRILLIC.search(word) else ("et", "en")
    try:
        base = simplemma.lemmatize(word, lang=langs)
    except ValueError:
        base = word
    return _fold(base.lower())


def words(text: str) -> list[str]:
    """Lowercased words with apostrophes unified."""
    text = unicodedata.normalize("NFC", text or "").translate(_APOSTROPHES).lower()
    return [w[: MAX_WORD * 2] for w in _WORD.findall(text)]


def terms(text: str) -> list[str]:
    """Index terms for a text: each word's lemma and, where it differs, its folded form."""
    out: list[str] = []
    seen: set[str] = set()
    for word in words(text):
        for term in (lemma(word), _fold(word)):
            if term and term not in seen:
                seen.add(term)
                out.append(term)
    return out


def query_terms(text: str) -> list[tuple[str, str]]:
    """For each query word: (lemma, folded surface form); a document must match one of them."""
    seen: set[tuple[str, str]] = set()
    out = []
    for word in words(text)[:20]:
        pair = (lemma(word), _fold(word))
        if pair[0] and pair not in seen:
            seen.add(pair)
            out.append(pair)
    return out
