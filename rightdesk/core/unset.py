"""A marker for "leave this alone" in change sets, where None means "clear it"."""

from __future__ import annotations

import enum
from typing import Final


class Unset(enum.Enum):
    """The type of UNSET: an argument the caller did not give."""

    UNSET = "unset"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET
