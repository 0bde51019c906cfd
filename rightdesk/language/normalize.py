"""Search terms from text in English, Russian, Ukrainian and Estonian (pure code, no DB).

A word is reduced to its dictionary form so that "квартирах" finds "квартира",
"arvet" finds "arve", "machines" finds "machine". Case, ё/е and the apostrophe
variants of Ukrainian (’ ' ʼ) are folded so that people find what they mean
however they type it.

Two languages share each script (Estonian and English, Russian and Ukrainian),
and a word read in the wrong one is lost ("machines" is no Estonian word, so
Estonian leaves it as it is). So a word is read in every language of its script
whose dictionary has it; where several have it ("need": English "need",
Estonian "these"), the language the rest of the text is clearly written in
decides, and without such a text (a query, a name) every reading counts. An
Estonian compound that no dictionary has (kliendikaart) also gets the lemma of
its last part (kaart), so that the part finds the whole.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from rightdesk.language.dictionaries import lemmatiser

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'", "ʹ": "'"})
# A word: letters and digits, with apostrophes inside (Ukrainian "м'ясо", English "don't").
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
MAX_WORD = 40
# Compound parts: Estonian heads and tails shorter than these are too often chance words.
_MIN_HEAD, _MIN_TAIL, _MIN_COMPOUND = 3, 4, 8


def _fold(word: str) -> str:
    return word.replace("ё", "е").replace("'", "")


def _script(word: str) -> tuple[str, str]:
    return ("ru", "uk") if _CYRILLIC.search(word) else ("et", "en")


@lru_cache(maxsize=50_000)
def _readings(word: str) -> tuple[tuple[str, str, bool], ...]:
    """(language, folded lemma, whether that language's dictionary has the word) per language."""
    if len(word) > MAX_WORD or word.isdigit():
        return ()
    lexicon = lemmatiser()
    out = []
    for lang in _script(word):
        try:
            base = lexicon.lemma(word, lang)
        except ValueError:
            base = word
        out.append((lang, _fold(base.lower()), lexicon.known(word, lang)))
    return tuple(out)


def lemmas(word: str, language: str | None = None) -> tuple[str, ...]:
    """The folded dictionary forms of one lowercased word, most likely first.

    Only the readings of languages that know the word, or all of them when none
    does; `language`, the language of the text around the word, settles a word
    that several languages know.
    """
    readings = _readings(word)
    if not readings:
        return (_fold(word),)
    known = [r for r in readings if r[2]] or list(readings)
    chosen = [r for r in known if r[0] == language] or known
    return tuple(dict.fromkeys(lemma for _, lemma, _ in chosen if lemma))


def _compound_tail(word: str) -> str | None:
    """The lemma of an unknown Estonian compound's last part (kliendikaardiga → kaart)."""
    readings = _readings(word)
    if len(word) < _MIN_COMPOUND or not readings or readings[0][0] != "et":
        return None
    if any(known for _, _, known in readings):
        return None
    whole = readings[0][1]
    lexicon = lemmatiser()
    for cut in range(_MIN_HEAD, len(whole) - _MIN_TAIL + 1):
        head, tail = whole[:cut], whole[cut:]
        if (
            lexicon.known(tail, "et")
            and lexicon.lemma(tail, "et") == tail
            and lexicon.known(head, "et")
        ):
            return tail
    return None


def text_language(text_words: list[str]) -> dict[str, str]:
    """The language each script of a text is clearly written in: {"et": "et", "ru": "uk", ...}.

    Keyed by the first language of the script; a script whose words do not
    clearly lean one way is absent. Counted on words only one language knows.
    """
    only: dict[str, Counter[str]] = {}
    for word in set(text_words):
        known = [lang for lang, _, k in _readings(word) if k]
        if len(known) == 1:
            only.setdefault(_script(word)[0], Counter())[known[0]] += 1
    out = {}
    for script, counts in only.items():
        ranked = counts.most_common()
        first = ranked[0][1]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if first >= 2 and first > 2 * second:
            out[script] = ranked[0][0]
    return out


def words(text: str) -> list[str]:
    """Lowercased words with apostrophes unified."""
    text = unicodedata.normalize("NFC", text or "").translate(_APOSTROPHES).lower()
    return [w[: MAX_WORD * 2] for w in _WORD.findall(text)]


def terms(text: str) -> list[str]:
    """Index terms for a text: each word's lemmas, compound tail and folded form."""
    found = words(text)
    languages = text_language(found)
    out: dict[str, None] = {}
    for word in found:
        language = languages.get(_script(word)[0])
        tail = _compound_tail(word)
        for term in (*lemmas(word, language), *([tail] if tail else []), _fold(word)):
            if term:
                out[term] = None
    return list(out)


def query_terms(text: str) -> list[tuple[str, ...]]:
    """For each query word, its alternatives (lemmas, then the folded surface form).

    A document matches a word when it holds one of that word's alternatives.
    """
    seen: set[tuple[str, ...]] = set()
    out = []
    for word in words(text)[:20]:
        group = tuple(t for t in dict.fromkeys((*lemmas(word), _fold(word))) if t)
        if group and group not in seen:
            seen.add(group)
            out.append(group)
    return out
