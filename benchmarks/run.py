"""Run the PledgeGraph benchmark: the same as ``pledgegraph bench`` (see ``--help``).

python3 benchmarks/run.py --sizes 1e4,1e5,1e6 --stores memory,oxigraph --repeat 5
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


if __name__ == "__main__":
    sys.argv[1:1] = ["bench"]
    from pledgegraph.cli import main

    main()
