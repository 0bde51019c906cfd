"""The en, ru, uk and et catalogs cover every user-facing string, with nothing fuzzy."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from django.utils import translation

from rightdesk.core.catalogs import catalog_files, package_dir

LANGUAGES = ["en", "ru", "uk", "et"]
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\w*\}")
TRANSLATE_TAG = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.+?)\1""")
BLOCK_TAG = re.compile(
    r"{%\s*blocktrans(?:late)?\b[^%]*%}(.*?){%\s*endblocktrans(?:late)?\s*%}", re.S
)
BLOCK_VAR = re.compile(r"{{\s*(\w+)\s*}}")


def _python_msgids(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in GETTEXT_NAMES:
            continue
        arg = node.args[-1] if name and name.startswith("pgettext") else node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found.add(arg.value)
    return found


def _template_msgids(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    found = {m.group(2) for m in TRANSLATE_TAG.finditer(text)}
    for block in BLOCK_TAG.finditer(text):
        body = block.group(1).split("{% plural %}")[0]
        found.add(BLOCK_VAR.sub(r"%(\1)s", body))
    return found


def code_msgids() -> set[str]:
    root = package_dir()
    ids: set[str] = set()
    for path in root.rglob("*.py"):
        if "migrations" not in path.parts:
            ids |= _python_msgids(path)
    for path in root.rglob("templates/**/*.html"):
        ids |= _template_msgids(path)
    # Whitespace is compared loosely: `blocktranslate trimmed` folds it.
    return {" ".join(i.split()) for i in ids if i.strip()}


def _catalog(language: str) -> polib.POFile:
    matches = [p for p in catalog_files() if p.parent.parent.name == language]
    assert matches, f"no catalog for {language}"
    return polib.pofile(str(matches[0]))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_knows_every_string_in_the_code(language: str) -> None:
    known = {" ".join(e.msgid.split()) for e in _catalog(language) if not e.obsolete}
    missing = sorted(code_msgids() - known)
    assert not missing, f"run `make messages`; missing in {language}: {missing[:10]}"


@pytest.mark.parametrize("language", ["ru", "uk", "et"])
def test_catalog_is_translated_and_not_fuzzy(language: str) -> None:
    catalog = _catalog(language)
    untranslated = [e.msgid for e in catalog.untranslated_entries()]
    fuzzy = [e.msgid for e in catalog.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated in {language}: {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:5]}"


@pytest.mark.parametrize("language", ["ru", "uk", "et"])
def test_translations_keep_their_placeholders(language: str) -> None:
    for entry in _catalog(language).translated_entries():
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            assert sorted(PLACEHOLDER.findall(text)) == wanted, (language, entry.msgid, text)


@pytest.mark.parametrize("language", ["ru", "uk", "et"])
def test_compiled_catalog_is_used(language: str) -> None:
    sample = next(e for e in _catalog(language).translated_entries() if not e.msgid_plural)
    with translation.override(language):
        assert translation.gettext(sample.msgid) == sample.msgstr
