"""The `goat` command line: one table of subcommands, each registered by its verb's `cli` module.

Verb modules import torch and transformers inside their functions, so `goat --help` and `goat data`
start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from goat.errors import GoatError

# name -> module with `register(subparsers)`; the order is the pipeline's.
VERBS = ["goat.data.cli", "goat.train.cli", "goat.eval.cli", "goat.eval.compare", "goat.ask.cli", "goat.serve.cli",
         "goat.study.cli"]  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="goat", description=__import__("goat").__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in VERBS:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except GoatError as e:
        print(f"goat: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("goat: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `goat ... | head` closed the pipe: not an error of ours
        sys.stderr.close()
        return 141


if __name__ == "__main__":
    sys.exit(main())
