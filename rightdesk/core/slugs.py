"""Readable ASCII slugs from names in any of the desk's languages."""

from __future__ import annotations

from django.utils.text import slugify

_CYRILLIC = dict(
    zip(
        "абвгґдеёєжзиіїйклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "g",
            "d",
            "e",
            "e",
            "ie",
            "zh",
            "z",
            "i",
            "i",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "y",
            "_",
            "e",
            "iu",
            "ia",
        ],
        strict=True,
    )
)
_CYRILLIC["ъ"] = _CYRILLIC["ь"] = ""


def ascii_slug(name: str, *, fallback: str = "workspace", max_length: int = 50) -> str:
    translit = "".join(_CYRILLIC.get(ch, ch) for ch in name.lower())
    return slugify(translit)[:max_length].strip("-") or fallback
