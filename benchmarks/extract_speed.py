"""Time ``pledgegraph extract`` on invented articles up to 1 MB and print a table.

python3 benchmarks/extract_speed.py [--sizes 125000,250000,500000,1000000] [--repeat 3]

Each size is an invented fact sheet (``pledgegraph.ingest.synthetic.article``) read twice per
repeat: ``extract`` alone (the rules) and the whole draft (``build_draft``: rules, agreement and
Turtle). Times are CPU seconds of this process, the best of the repeats; the last column is the
time per megabyte, which stays flat when extraction is linear in the length of the text.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pledgegraph.ingest.article import build_draft  # noqa: E402
from pledgegraph.ingest.extract import extract  # noqa: E402
from pledgegraph.ingest.reconcile import Reconciler  # noqa: E402
from pledgegraph.ingest.synthetic import article  # noqa: E402
from pledgegraph.load import load  # noqa: E402


def best(repeat: int, run: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()  # type: ignore[operator]
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="125000,250000,500000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    dataset = load(root=ROOT)
    print("| characters | amounts found | extract (s) | draft with Turtle (s) | extract s/MB |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(float(s)) for s in args.sizes.split(",")):
            text = article(size)
            path = Path(tmp) / f"article-{size}.txt"
            path.write_text(text, encoding="utf-8")
            found = len(extract(text, Reconciler(dataset)).monetary)
            rules = best(args.repeat, lambda t=text: extract(t, Reconciler(dataset)))
            draft = best(
                args.repeat,
                lambda t=text, p=path: build_draft(
                    t, p, Reconciler(dataset), published="2026-05-12"
                ),
            )
            per_mb = rules / (len(text) / 1_000_000)
            print(f"| {len(text):,} | {found:,} | {rules:.2f} | {draft:.2f} | {per_mb:.2f} |")


if __name__ == "__main__":
    main()
