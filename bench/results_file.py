"""Writes a benchmark's printed table to bench/results/ without replacing an
earlier run of the same day (<date>-<name>.txt, then -run2, -run3, ...)."""

from __future__ import annotations

import sys
from pathlib import Path


def write_results(out: str | Path, stamp: str, name: str, command: str, lines: list[str]) -> Path:
    """bench/results/<stamp>-<name>[-runN].txt with the command line first."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    path, n = out / f"{stamp}-{name}.txt", 1
    while path.exists():  # an earlier run of the same day stays
        n += 1
        path = out / f"{stamp}-{name}-run{n}.txt"
    path.write_text(f"# command: {command} " + " ".join(sys.argv[1:]) + "\n" + "\n".join(lines) + "\n")
    print(f"wrote {path}")
    return path
