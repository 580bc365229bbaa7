"""Many known names found in a text in one pass, without one regular expression per name.

``NameIndex`` replaces an alternation of every name (``re.compile("A|B|...")``), which had to be
rebuilt whenever a name was added and made extraction quadratic. Names are grouped by their first
word; a text is scanned word by word and only the names that start with that word are tried,
longest first. Matching is exact and case-sensitive, at word boundaries, like
``(?<!\\w)NAME(?!\\w)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_WORD = re.compile(r"\w+")


def _head(name: str) -> str:
    match = _WORD.match(name)
    return match.group(0) if match else name[:1]


class NameIndex:
    """A growing set of names, matched leftmost and longest first.

    >>> index = NameIndex(["GE", "GE Vernova", "bp"])
    >>> list(index.finditer("GE Vernova and bp, not GEX."))
    [('GE Vernova', 0, 10), ('bp', 15, 17)]
    >>> index.match("with GE Vernova", 5)
    ('GE Vernova', 5, 15)
    """

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._by_head: dict[str, list[str]] = {}
        self._names: set[str] = set()
        for name in names:
            self.add(name)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def add(self, name: str) -> None:
        name = name.strip()
        if not name or name in self._names:
            return
        self._names.add(name)
        bucket = self._by_head.setdefault(_head(name), [])
        bucket.append(name)
        bucket.sort(key=lambda n: (-len(n), n))

    def match(self, text: str, pos: int) -> tuple[str, int, int] | None:
        """The longest known name that starts at ``pos`` and ends at a word boundary."""
        if pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] == "_"):
            return None
        word = _WORD.match(text, pos)
        head = word.group(0) if word else text[pos : pos + 1]
        for name in self._by_head.get(head, ()):
            end = pos + len(name)
            if text.startswith(name, pos) and not (
                end < len(text) and (text[end].isalnum() or text[end] == "_")
            ):
                return name, pos, end
        return None

    def finditer(self, text: str) -> Iterator[tuple[str, int, int]]:
        """Every known name in ``text``, left to right, not overlapping."""
        if not self._names:
            return
        pos = 0
        for word in _WORD.finditer(text):
            if word.start() < pos:
                continue
            found = self.match(text, word.start())
            if found is not None:
                yield found
                pos = found[2]
