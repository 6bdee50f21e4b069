#!/usr/bin/env python3
"""Extracts the kernel objects that mod-gpu-pipeline embeds in gpu.binary ops.

  gpu_objects.py FILE.mlir --list             names of the gpu.binary ops
  gpu_objects.py FILE.mlir --kernel NAME --ptx      prints the PTX (format=isa)
  gpu_objects.py FILE.mlir --kernel NAME --cubin OUT  writes the cubin (format=bin)

MLIR prints the object as an escaped string (`\\0A`, `\\22`, `\\\\`: two hex
digits after a backslash); this undoes that escaping byte for byte.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

BINARY = re.compile(r'gpu\.binary @([A-Za-z0-9_$.]+)\s+\[#gpu\.object<(.*?), (assembly|bin) = "((?:[^"\\]|\\.)*)"')


def unescape(text: str) -> bytes:
    out = bytearray()
    i = 0
    raw = text.encode("latin-1", errors="surrogateescape")
    while i < len(raw):
        c = raw[i]
        if c == 0x5C:  # backslash
            nxt = raw[i + 1:i + 3]
            if nxt[:1] == b"\\":
                out.append(0x5C)
                i += 2
                continue
            out.append(int(nxt.decode(), 16))
            i += 3
            continue
        out.append(c)
        i += 1
    return bytes(out)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file")
    p.add_argument("--list", action="store_true")
    p.add_argument("--kernel")
    p.add_argument("--ptx", action="store_true")
    p.add_argument("--cubin")
    a = p.parse_args()
    text = Path(a.file).read_text(encoding="latin-1")
    objects = {m.group(1): (m.group(2), m.group(3), m.group(4)) for m in BINARY.finditer(text)}
    if a.list:
        for name, (target, kind, _) in objects.items():
            print(f"{name} {kind} {target}")
        return 0
    if a.kernel not in objects:
        print(f"gpu_objects.py: no gpu.binary @{a.kernel} in {a.file} (have: {', '.join(objects) or 'none'})",
              file=sys.stderr)
        return 1
    _, kind, payload = objects[a.kernel]
    data = unescape(payload)
    if a.ptx:
        if kind != "assembly":
            print("gpu_objects.py: the object is a binary; compile with format=isa for PTX", file=sys.stderr)
            return 1
        sys.stdout.write(data.decode())
    if a.cubin:
        Path(a.cubin).write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
