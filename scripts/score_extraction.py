"""Score ``extract`` on every text of a folder that has a gold file: each text, then pooled.

python3 scripts/score_extraction.py tests/fixtures/ingest [--quiet]

For each ``NAME.txt`` beside a ``NAME.gold.yaml`` it extracts (with the gold's ``published``
date) and prints the scores of docs/ingest.md ("Scores"); then the pooled (micro-averaged)
scores of the whole folder. Nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pledgegraph.ingest.article import read_article  # noqa: E402
from pledgegraph.ingest.extract import extract  # noqa: E402
from pledgegraph.ingest.gold import check, describe, pool, published_of  # noqa: E402
from pledgegraph.ingest.reconcile import Reconciler  # noqa: E402
from pledgegraph.load import load  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--quiet", action="store_true", help="pooled scores only")
    args = parser.parse_args()
    dataset = load(root=ROOT)
    runs = []
    for gold in sorted(args.folder.glob("*.gold.yaml")):
        name = gold.name.removesuffix(".gold.yaml")
        text = args.folder / f"{name}.txt"
        if not text.is_file():
            continue
        rec = Reconciler(dataset)
        scores = check(extract(read_article(text), rec, published_of(gold)), gold, rec)
        runs.append((name, scores))
        if not args.quiet:
            print(f"== {name}")
            for score in scores:
                print(score.line())
                for key in score.missing:
                    print(f"  missing:    {describe(key)}")
                for key in score.unexpected:
                    print(f"  unexpected: {describe(key)}")
    print(f"== pooled over {len(runs)} texts")
    for score in pool(runs):
        print(score.line())


if __name__ == "__main__":
    main()
