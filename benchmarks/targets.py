"""The targets of issue 13, in one table, and how a measured row meets or misses them."""

from __future__ import annotations

import operator
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    command: str  # the first word of the row's command: build, validate, query, export, serve
    size: int | None  # the nominal size it applies to; None: every size
    measure: str  # "seconds", "rss_mb", "ratio" (ours / engine)
    op: str  # "<=" or ">="
    limit: float

    def text(self) -> str:
        unit = {"seconds": " s", "rss_mb": " MB", "ratio": "x engine"}[self.measure]
        sign = "≤" if self.op == "<=" else "≥"
        return f"{sign} {self.limit:g}{unit}"


# On this 2-core machine (issue 13, "Targets"). The page's: from navigation to its first drawing.
TARGETS = (
    Target("build", 10**5, "seconds", "<=", 3.0),
    Target("build", 10**6, "seconds", "<=", 30.0),
    Target("build", 10**6, "rss_mb", "<=", 2048.0),
    Target("validate", 10**6, "seconds", "<=", 10.0),
    Target("query", None, "ratio", "<=", 1.2),
    Target("serve", None, "ratio", ">=", 0.8),
    Target("page", 10**5, "seconds", "<=", 3.0),
)
OPS = {"<=": operator.le, ">=": operator.ge}


def targets_for(command: str, size: int) -> list[Target]:
    word = command.split()[0].rstrip(":")
    return [t for t in TARGETS if t.command == word and t.size in (None, size)]


def judge(target: Target, value: float | None) -> str:
    """``met`` or ``missed by …`` (how far, and as a factor), or ``not measured``."""
    if value is None:
        return "not measured"
    unit = {"seconds": " s", "rss_mb": " MB", "ratio": "x"}[target.measure]
    if OPS[target.op](value, target.limit):
        return f"met ({value:.3g}{unit})"
    gap = abs(value - target.limit)
    factor = value / target.limit if target.op == "<=" else target.limit / max(value, 1e-9)
    return f"missed by {gap:.3g}{unit} ({factor:.2g}x off)"
