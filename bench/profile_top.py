"""The top frames of a py-spy raw profile (`py-spy record -f raw`, as `bench.reads --profile`
writes them): where a process spent its samples, by function, inclusive and self.

    .venv/bin/python -m bench.profile_top /tmp/mtf-reads-*/profile-customer.txt --top 30
    .venv/bin/python -m bench.profile_top profile-gateway.txt --match mtf/   # our frames only

Inclusive: the share of samples with the function anywhere on the stack (counted once per
sample); self: the share where it is the innermost frame."""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>.*?)(?::(?P<line>\d+))?\)$")


def _name(frame: str) -> str:
    m = _FRAME.match(frame.strip())
    if not m:
        return frame.strip()
    path = m.group("file")
    for marker in ("site-packages/", "/src/", "/lib/python3.11/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{m.group('func')} ({path})"


def read(path: Path) -> list[tuple[list[str], int]]:
    stacks: list[tuple[list[str], int]] = []
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [_name(f) for f in stack.split(";") if f and not f.startswith("process ")]
        frames = [f for f in frames if not f.startswith("thread (")]
        stacks.append((frames, int(count)))
    return stacks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("profiles", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--match", default="", help="only frames whose name contains this")
    args = parser.parse_args()
    for path in args.profiles:
        stacks = read(path)
        total = sum(c for _, c in stacks) or 1
        inclusive: Counter[str] = Counter()
        own: Counter[str] = Counter()
        for frames, count in stacks:
            for f in set(frames):
                if args.match in f:
                    inclusive[f] += count
            if frames and args.match in frames[-1]:
                own[frames[-1]] += count
        print(f"== {path.name}: {total} samples")
        print("  inclusive:")
        for f, c in inclusive.most_common(args.top):
            print(f"    {100 * c / total:5.1f}%  {f}")
        print("  self:")
        for f, c in own.most_common(args.top // 2):
            print(f"    {100 * c / total:5.1f}%  {f}")


if __name__ == "__main__":
    main()
