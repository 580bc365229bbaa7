"""Sentences cut off mid-word: "Up to $20 billion to suppl".

Copies of articles are often cut at a length limit. A sentence is cut off when it ends its line
without closing punctuation and its last word is a fragment: not an English word, but the start
of one ("suppl" of "supply", "infrastructur" of "infrastructure"). A sentence that ends in "..."
or "…" is cut off too. The word list is pyspellchecker's English frequency list, loaded on first
use; British spellings and technical words are not fragments because nothing in the list starts
with them.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

_CLOSED = re.compile(r"[.!?:;)\]\"'\u201d\u2019]\s*$")
_ELLIPSIS = re.compile(r"(?:\.\.\.|\u2026)\s*$")
_LAST_WORD = re.compile(r"(?<![\w'-])([a-z]{2,})$")


@cache
def _words() -> tuple[frozenset[str], list[str]]:
    from spellchecker import SpellChecker

    known = frozenset(SpellChecker(distance=1).word_frequency.keys())
    return known, sorted(known)


def is_fragment(word: str) -> bool:
    """Is ``word`` the start of an English word but not a word itself?

    >>> is_fragment("suppl"), is_fragment("supply"), is_fragment("centres")
    (True, False, False)
    """
    word = word.lower()
    known, ordered = _words()
    if word in known or len(word) < 2:
        return False
    i = bisect.bisect_left(ordered, word)
    return i < len(ordered) and ordered[i].startswith(word)


def cut_off(sentence: str, line_end: bool) -> int | None:
    """Where the cut-off part of ``sentence`` starts (the fragment, or the ellipsis), or None
    when the sentence is complete. Only a sentence that ends its line can be cut off."""
    if not line_end:
        return None
    if (ellipsis := _ELLIPSIS.search(sentence)) is not None:
        last = _LAST_WORD.search(sentence[: ellipsis.start()])
        return last.start() if last and is_fragment(last.group(1)) else ellipsis.start()
    if _CLOSED.search(sentence):
        return None
    last = _LAST_WORD.search(sentence.rstrip())
    if last is not None and is_fragment(last.group(1)):
        return last.start()
    return None
