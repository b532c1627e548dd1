"""Registers `goat train` and `goat export`; the work happens in goat.train.train and goat.train.export."""

from __future__ import annotations

import argparse
import shlex
import sys

from goat.train import args as train_args

_NOT_SETTINGS = {"command", "func", "config", "resume", "overwrite"}


def register(sub) -> None:
    from goat.train import train as recipe

    p = sub.add_parser(
        "train",
        help="fine-tune a model on goat data (LoRA or full; resumable)",
        description=recipe.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,  # --lora must not be read as a prefix of --lora-r
    )
    p.add_argument("--config", metavar="FILE", help="YAML or JSON settings (flags override them)")
    p.add_argument("--resume", action="store_true", help="continue the run in --out from its last checkpoint")
    p.add_argument("--overwrite", action="store_true", help="replace the run in --out")
    train_args.add_flags(p)
    p.set_defaults(func=run_train)

    e = sub.add_parser(
        "export",
        help="merge a LoRA run into a standalone model, or copy its adapter in bf16",
        description=__import__("goat.train.export", fromlist=["merge"]).__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    what = e.add_mutually_exclusive_group(required=True)
    what.add_argument("--merge", metavar="RUN", help="a run directory holding a LoRA adapter: merge it into its base")
    what.add_argument("--adapter", metavar="RUN", help="a run directory holding a LoRA adapter: copy it, in bf16")
    e.add_argument("out", metavar="OUT", help="directory for the merged model or the copied adapter")
    e.add_argument("--overwrite", action="store_true", help="replace OUT if it exists")
    e.set_defaults(func=run_export)


def run_train(ns: argparse.Namespace) -> int:
    from pathlib import Path

    from goat.train.train import CONFIG_NAME, train

    flags = {k: v for k, v in vars(ns).items() if k not in _NOT_SETTINGS}
    layers = []
    saved = Path(flags["out"] or "") / CONFIG_NAME
    if ns.resume and flags["out"] and saved.is_file():  # a resumed run keeps its settings
        layers.append((str(saved), train_args.read_config(saved)))
    if ns.config:
        layers.append((ns.config, train_args.read_config(ns.config)))
    layers.append(("flags", flags))
    settings = train_args.validate(train_args.resolve(*layers))
    _, info = train(settings, resume=ns.resume, overwrite=ns.overwrite, command=shlex.join(["goat", *sys.argv[1:]]))
    print(f"goat: {info['steps']} steps, final loss {info['final_loss']}, {info['wall_time_s']} s -> {settings.out}")
    return 0


def run_export(ns: argparse.Namespace) -> int:
    from goat.train.export import copy_adapter, merge

    if ns.merge:
        print(f"goat: merged {ns.merge} -> {merge(ns.merge, ns.out, overwrite=ns.overwrite)}")
    else:
        out = copy_adapter(ns.adapter, ns.out, overwrite=ns.overwrite)
        print(f"goat: copied the adapter of {ns.adapter} in bf16 -> {out}")
    return 0
