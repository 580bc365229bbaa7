"""Drafts never reach users: the commands that publish data stop while drafts are in it."""

from __future__ import annotations

from pledgegraph.errors import PledgeGraphError
from pledgegraph.reconcile import count_drafts


class DraftsInData(PledgeGraphError):
    """The data holds nodes still marked draft; ``counts`` is file -> number of draft nodes."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        lines = [f"  {file}: {n} draft node(s)" for file, n in counts.items()]
        super().__init__(
            "the data holds drafts nobody has reviewed; they never reach users:\n"
            + "\n".join(lines)
            + "\nreview them (`pledgegraph review FILE`), or pass --drafts to count them, "
            "marked as drafts"
        )


def refuse_drafts(store: object, drafts: bool) -> dict[str, int]:
    """Raise ``DraftsInData`` if ``store`` holds draft nodes, unless ``drafts``; returns the
    counts (file -> draft nodes)."""
    counts = count_drafts(store)
    if counts and not drafts:
        raise DraftsInData(counts)
    return counts
