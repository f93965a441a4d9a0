"""Merge shard outputs: `python -m scripts.merge_shards OUTPUT SHARD_OUTPUT...`.

Exit status: 0 merged; 1 the shards do not fit together; 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.merge_shards")
    parser.add_argument("output", type=Path)
    parser.add_argument("shards", type=Path, nargs="+")
    args = parser.parse_args(argv)
    missing = [str(shard) for shard in args.shards if not shard.is_dir()]
    if missing:
        parser.error(f"not a folder: {', '.join(missing)}")
    sys.path.insert(0, str(ROOT))
    from builder.merge import MergeError, merge_shards

    try:
        merge_shards(args.shards, args.output)
    except MergeError as error:
        print(f"cannot merge: {error}", file=sys.stderr)
        return 1
    print(f"merged {len(args.shards)} shards into {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
