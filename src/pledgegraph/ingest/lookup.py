"""Many known names found in a text in one pass, without one regular expression per name.

``NameIndex`` replaces an alternation of every name (``re.compile("A|B|...")``), which had to be
rebuilt whenever a name was added and made extraction quadratic. Names are kept in a trie of
their tokens; a text is scanned word by word and only names that start with that word are
followed, token by token. Matching is exact and case-sensitive, at word boundaries, like
``(?<!\\w)NAME(?!\\w)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_END = ""  # the key under which a trie node keeps the names that end there


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


class NameIndex:
    """A growing set of names, matched leftmost and longest first.

    Names are kept in a trie of their tokens (words and punctuation), so matching at a position
    costs at most the length of the longest name, however many names share a first word.

    >>> index = NameIndex(["GE", "GE Vernova", "bp"])
    >>> list(index.finditer("GE Vernova and bp, not GEX."))
    [('GE Vernova', 0, 10), ('bp', 15, 17)]
    >>> index.match("with GE Vernova", 5)
    ('GE Vernova', 5, 15)
    """

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._trie: dict[str, Any] = {}
        self._names: set[str] = set()
        self._depth = 0
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
        tokens = _TOKEN.findall(name)
        node = self._trie
        for token in tokens:
            node = node.setdefault(token, {})
        node.setdefault(_END, []).append(name)
        self._depth = max(self._depth, len(tokens))

    def match(self, text: str, pos: int) -> tuple[str, int, int] | None:
        """The longest known name that starts at ``pos`` and ends at a word boundary."""
        if pos > 0 and _is_word_char(text[pos - 1]):
            return None
        node, best = self._trie, None
        for depth, token in enumerate(_TOKEN.finditer(text, pos)):
            if depth >= self._depth or (depth == 0 and token.start() != pos):
                break
            child = node.get(token.group(0))
            if child is None:
                break
            node = child
            for name in node.get(_END, ()):
                end = pos + len(name)
                if text.startswith(name, pos) and not (
                    end < len(text) and _is_word_char(text[end])
                ):
                    best = (name, pos, end)
        return best

    def finditer(self, text: str) -> Iterator[tuple[str, int, int]]:
        """Every known name in ``text``, left to right, not overlapping."""
        if not self._names:
            return
        pos = 0
        for word in _WORD.finditer(text):
            if word.start() < pos or word.group(0) not in self._trie:
                continue
            found = self.match(text, word.start())
            if found is not None:
                yield found
                pos = found[2]
