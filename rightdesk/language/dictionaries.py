"""The lemma dictionaries, as tries on disk that every process maps instead of loading.

simplemma's default dictionaries are unpickled into each process: about 400 MB
and seconds on the first word, in every web and task worker. Its trie back-end
stores each language as a MARISA trie (26 MB for the four languages); mapped
with mmap, the pages are the operating system's file cache, shared by every
process of the machine, and the first lookup takes a millisecond.

The tries are built once per simplemma version (the dictionaries ship with it)
under the lemma cache directory: by `rightdesk migrate`, or by the first
process that needs a language and finds it missing. A file lock keeps parallel
workers from building the same trie twice, and a trie is written beside its
final name and renamed into place, so no process ever maps a half-written file.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import IO

import simplemma
from marisa_trie import BytesTrie
from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries import DictionaryFactory, TrieDictionaryFactory
from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieWrapDict
from simplemma.strategies.dictionary_lookup import DictionaryLookupStrategy

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the atomic rename alone keeps readers safe
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

LANGUAGES = ("en", "et", "ru", "uk")
BACKENDS = ("trie", "pickled")


def lemma_cache_dir(root: Path) -> Path:
    """Where the tries of the installed simplemma live under a cache root."""
    return root / f"simplemma-{simplemma.__version__}"


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    directory.mkdir(parents=True, exist_ok=True)
    handle: IO[bytes] = (directory / ".build.lock").open("ab")
    try:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield
    finally:
        handle.close()  # closing releases the lock


def dictionary_build(*, directory: Path, language: str) -> Path:
    """The trie file of one language, built first if it is missing."""
    if language not in LANGUAGES:
        raise ValueError(f"no lemma dictionary for {language!r}")
    target = directory / f"{language}.dic"
    if target.exists():
        return target
    with _locked(directory):
        if target.exists():  # built by another process while this one waited
            return target
        logger.info("building the %s lemma dictionary in %s", language, directory)
        with tempfile.TemporaryDirectory(dir=directory, prefix=".build-") as scratch:
            # simplemma's own builder writes scratch/<language>.dic; the rename is atomic.
            TrieDictionaryFactory(disk_cache_dir=scratch).get_dictionary(language)
            os.replace(Path(scratch) / f"{language}.dic", target)
    return target


def dictionaries_missing(*, directory: Path) -> list[str]:
    """The languages whose trie is not built yet."""
    return [lang for lang in LANGUAGES if not (directory / f"{lang}.dic").exists()]


def dictionaries_build(*, directory: Path) -> list[str]:
    """Build every missing trie; the languages that had to be built."""
    missing = dictionaries_missing(directory=directory)
    for language in missing:
        dictionary_build(directory=directory, language=language)
    return missing


class MappedTries(DictionaryFactory):
    """simplemma dictionaries read from memory-mapped tries (built on first use if missing)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._get = lru_cache(maxsize=None)(self._map)

    def _map(self, lang: str) -> Mapping[str, str]:
        path = dictionary_build(directory=self.directory, language=lang)
        return TrieWrapDict(BytesTrie().mmap(str(path)))

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        return self._get(lang)


def cache_root() -> Path:
    """The lemma cache root: RIGHTDESK_LEMMA_CACHE, else `lemmas` in the data dir."""
    from django.conf import settings

    return Path(settings.LEMMA_CACHE_DIR)


def _factory(backend: str) -> DictionaryFactory | None:
    if backend == "pickled":
        return None  # simplemma's default: every process loads its own copy
    return MappedTries(lemma_cache_dir(cache_root()))


class Lemmas:
    """One lemmatiser and a dictionary lookup over the same dictionaries."""

    def __init__(self, factory: DictionaryFactory | None) -> None:
        strategy = DefaultStrategy(dictionary_factory=factory)
        self.lemmatizer = Lemmatizer(lemmatization_strategy=strategy)
        self.lookup = DictionaryLookupStrategy(factory) if factory else DictionaryLookupStrategy()

    def lemma(self, word: str, language: str) -> str:
        return self.lemmatizer.lemmatize(word, lang=language)

    def known(self, word: str, language: str) -> bool:
        """Whether the dictionary itself has the word (not a guess from rules or parts)."""
        return self.lookup.get_lemma(word, language) is not None


@lru_cache(maxsize=1)
def lemmatiser() -> Lemmas:
    """The process's lemmatiser, made on first use (mapping the tries costs milliseconds)."""
    from django.conf import settings

    return Lemmas(_factory(settings.LEMMA_BACKEND))
