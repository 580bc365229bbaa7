"""The benchmark's rows, its Markdown table and its report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from benchmarks.targets import judge, targets_for

HEADER = (
    "| command | size | triples | ours | engine | ratio | ours peak RSS MB "
    "| engine peak RSS MB | target | met / missed |"
)


@dataclass
class Row:
    command: str  # as the user types it, after `pledgegraph`
    size: int  # nominal size (synthetic triples asked for)
    unit: str = "s"  # "s" (lower is better) or "q/s" (higher is better)
    triples: int | None = None  # triples loaded (project + synthetic), as the engine counted
    ours: float | None = None
    engine: float | None = None
    ours_rss: float | None = None
    engine_rss: float | None = None
    times: list[float] = field(default_factory=list)  # every run of ours
    note: str = ""  # skipped, killed, failed, different answers

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.engine:
            return None
        return self.ours / self.engine

    def value(self, measure: str) -> float | None:
        return {"seconds": self.ours, "rss_mb": self.ours_rss, "ratio": self.ratio}[measure]

    def target(self) -> str:
        return ", ".join(t.text() for t in targets_for(self.command, self.size)) or "—"

    def verdict(self) -> str:
        found = targets_for(self.command, self.size)
        if not found:
            return "—"
        return "; ".join(judge(t, self.value(t.measure)) for t in found)


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:.3f}" if value < 10 else f"{value:.1f}" if value < 1000 else f"{value:,.0f}"
    return f"{text} {unit}".strip()


def table(rows: list[Row]) -> str:
    lines = [HEADER, "|" + "---|" * (HEADER.count("|") - 1)]
    for r in rows:
        verdict = r.verdict()
        if r.note:
            verdict = r.note if r.ours is None or verdict == "—" else f"{verdict}; {r.note}"
        cells = [
            f"`{r.command}`",
            f"{r.size:,}",
            f"{r.triples:,}" if r.triples else "—",
            _num(r.ours, r.unit),
            _num(r.engine, r.unit),
            f"{r.ratio:.2f}" if r.ratio is not None else "—",
            _num(r.ours_rss),
            _num(r.engine_rss),
            r.target(),
            verdict,
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


ABOUT = """\
Each command runs as a subprocess, as a user runs it (`python -m pledgegraph …`, this checkout's
`src/`), on `pledgegraph synth` data of the size shown plus the project's own ontology and data.
*engine* is a plain pyoxigraph script doing the same work in a subprocess of its own
(`benchmarks/engine.py`: load every file and write every format; the same query on the same
on-disk store; for `validate`, load and the check queries of `queries/checks/`, without the shapes)
and, for `serve`, `oxigraph serve-read-only --union-default-graph` on the same store, loaded by the
same client. *ratio* is ours / engine (for `serve`, queries per second: higher is better). Peak RSS
is that of the command's largest process (`/usr/bin/time`). Times are wall-clock seconds of one run
(the median where `--repeat` > 1)."""


def markdown(machine: dict[str, str], rows: list[Row], notes: list[str], settings: str) -> str:
    parts = ["# PledgeGraph benchmark: whole commands against the engine limit", "", ABOUT, ""]
    parts += ["## Machine", ""] + [f"- {k}: {v}" for k, v in machine.items()] + [""]
    parts += ["## Settings", "", settings, "", "## Results", "", table(rows), ""]
    if notes:
        parts += ["## Notes", ""] + [f"- {n}" for n in notes] + [""]
    return "\n".join(parts)


def as_json(machine: dict[str, str], rows: list[Row], notes: list[str]) -> str:
    data = {
        "machine": machine,
        "rows": [
            dict(asdict(r), ratio=r.ratio, target=r.target(), verdict=r.verdict()) for r in rows
        ],
        "notes": notes,
    }
    return json.dumps(data, indent=2)
