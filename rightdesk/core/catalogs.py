"""Translation catalogs: compiled with pure Python so no gettext install is needed to run."""

from __future__ import annotations

from pathlib import Path

import polib  # type: ignore[import-untyped]


def package_dir() -> Path:
    return Path(__file__).resolve().parent.parent


def catalog_files() -> list[Path]:
    return sorted((package_dir() / "locale").glob("*/LC_MESSAGES/*.po"))


LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "uk": "Ukrainian", "et": "Estonian"}


def headers_tidy() -> None:
    """Give each catalog a proper header after makemessages (a fuzzy header is ignored)."""
    for po_path in catalog_files():
        language = po_path.parent.parent.name
        po = polib.pofile(str(po_path), wrapwidth=0)
        po.header = f"Rightdesk interface: {LANGUAGE_NAMES.get(language, language)}."
        po.metadata.update(
            {
                "Project-Id-Version": "rightdesk",
                "Language": language,
                "Language-Team": LANGUAGE_NAMES.get(language, language),
                "Last-Translator": "Rightdesk",
                "Report-Msgid-Bugs-To": "",
            }
        )
        po.metadata.pop("POT-Creation-Date", None)
        po.metadata.pop("PO-Revision-Date", None)
        po.metadata_is_fuzzy = False
        po.save()


def compile_all() -> None:
    """Write a .mo beside each .po whose .mo is missing or older."""
    for po_path in catalog_files():
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
