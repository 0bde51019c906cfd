"""The lemma dictionaries as shared tries: built once, never read half-written, same lemmas."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import simplemma

from rightdesk.language.dictionaries import (
    Lemmas,
    MappedTries,
    dictionaries_missing,
    dictionary_build,
    lemma_cache_dir,
)

BUILD = """
import sys
from pathlib import Path
from rightdesk.language.dictionaries import dictionary_build
print(dictionary_build(directory=Path(sys.argv[1]), language="en").stat().st_ino)
"""


def test_parallel_processes_build_a_missing_dictionary_once(tmp_path: Path) -> None:
    # given an empty cache and two processes that both need English at once
    directory = lemma_cache_dir(tmp_path)
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", BUILD, str(directory)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    # when both are done
    inodes = {run.communicate(timeout=120)[0].strip() for run in runs}
    # then one of them built the file and the other used it (a second build would
    # have renamed a new file into place), and nothing half-made is left behind
    assert all(run.returncode == 0 for run in runs)
    assert len(inodes) == 1
    assert inodes == {str((directory / "en.dic").stat().st_ino)}
    assert sorted(p.name for p in directory.iterdir()) == [".build.lock", "en.dic"]
    assert directory.name == f"simplemma-{simplemma.__version__}"
    assert "en" not in dictionaries_missing(directory=directory)


def test_mapped_tries_give_the_lemmas_of_the_default_dictionaries(tmp_path: Path) -> None:
    # given the trie of one language, built lazily on the first word
    mapped = Lemmas(MappedTries(lemma_cache_dir(tmp_path)))
    words = ["machines", "invoices", "delivered", "children", "went", "need", "better", "xyzzy"]
    # when / then: each word has the lemma simplemma's default dictionaries give it
    for word in words:
        assert mapped.lemma(word, "en") == simplemma.lemmatize(word, lang="en"), word
    assert mapped.known("machines", "en")
    assert not mapped.known("xyzzy", "en")


def test_no_dictionary_for_another_language(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no lemma dictionary"):
        dictionary_build(directory=tmp_path, language="../etc")


def test_an_unknown_lemma_backend_stops_start_up() -> None:
    env = {**os.environ, "RIGHTDESK_LEMMA_BACKEND": "pickle"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    rightdesk = Path(sys.executable).with_name("rightdesk")
    done = subprocess.run(
        [str(rightdesk), "migrate"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    assert "RIGHTDESK_LEMMA_BACKEND='pickle' is not readable; use trie or pickled" in done.stderr
