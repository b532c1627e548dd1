"""`goat data generate | verify | stats`: write a recipe's records, re-check them, describe them."""

from __future__ import annotations

import argparse


def _generate(args: argparse.Namespace) -> int:
    from goat.data.generate import run
    from goat.data.recipe import load_recipe

    recipe = load_recipe(args.recipe)
    if args.families:
        recipe = recipe.select([name.strip() for name in args.families.split(",") if name.strip()])
    run(recipe, args.out, args.seed, args.workers, args.limit, args.bigbench_dir)
    return 0


def _verify(args: argparse.Namespace) -> int:
    from goat.data.verify import run

    return run(args.file, args.show)


def _stats(args: argparse.Namespace) -> int:
    from goat.data.stats import run

    return run(args.file, args.tokenizer)


def register(subparsers: argparse._SubParsersAction) -> None:
    from goat.data.recipe import shipped_recipes  # pure Python, no torch: cheap at start-up

    data = subparsers.add_parser("data", help="generate, verify and describe Goat datasets")
    sub = data.add_subparsers(dest="data_command", required=True, metavar="SUBCOMMAND")

    gen = sub.add_parser("generate", help="write a recipe's records (JSONL, .json array or .parquet)")
    gen.add_argument("--recipe", default="goat", help=f"a shipped recipe ({', '.join(shipped_recipes())}) or a .toml path")
    gen.add_argument("--out", required=True, help="output file: .jsonl, .json or .parquet")
    gen.add_argument("--seed", type=int, default=0, help="same seed, same bytes (for any --workers)")
    gen.add_argument("--workers", type=int, default=1, help="processes generating shards in parallel")
    gen.add_argument(
        "--limit",
        type=int,
        default=None,
        help="only the first K records of the recipe's order (a prefix of the full file)",
    )
    gen.add_argument("--families", default=None, help="comma-separated family names of the recipe to keep")
    gen.add_argument("--bigbench-dir", default=None, help="BIG-bench arithmetic folder for the contamination guard")
    gen.set_defaults(func=_generate)

    ver = sub.add_parser("verify", help="re-check every record independently; exit 1 naming bad lines")
    ver.add_argument("file", help="a .jsonl, .json or .parquet dataset")
    ver.add_argument("--show", type=int, default=5, help="how many bad records to name")
    ver.set_defaults(func=_verify)

    stats = sub.add_parser("stats", help="records per task and length distributions")
    stats.add_argument("file", help="a .jsonl, .json or .parquet dataset")
    stats.add_argument("--tokenizer", default=None, help="a tokenizer folder or tokenizer.json: also count tokens")
    stats.set_defaults(func=_stats)
