"""`goat study learnability | ablation | tokenization`: re-measure the paper's findings with small models.

    goat study learnability --budget-minutes 10              # 17 variants, 10 min (or 1500 steps) each
    goat study ablation --budget-minutes 10 --resume         # skip variants already done, continue the rest
    goat study tokenization --tasks grouped --budget-minutes 5

Each variant trains a from-scratch LLaMA (the tiny preset; --base small, or smollm2-135m for LoRA on the
pretrained SmolLM2 as in the paper) for --budget-minutes or --max-steps, whichever comes first, then answers
a fixed held-out test set greedily. Results: OUT/results.json, results.md, results.png and
OUT/variants/<variant>.json; training runs and data under RUNS/<variant>/.
"""

from __future__ import annotations

import argparse

from goat.study.studies import STUDIES


def register(sub: argparse._SubParsersAction) -> None:
    from goat.models import BASES
    from goat.study.run import STEPS_PER_MINUTE, Options

    defaults = Options()
    p = sub.add_parser("study", help="re-measure the paper's findings: learnability, ablation, tokenization",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("study", choices=list(STUDIES), help="which study")
    p.add_argument("--budget-minutes", type=float, default=defaults.budget_minutes,
                   help="training time per variant (default: %(default)s)")  # fmt: skip
    p.add_argument("--max-steps", type=int, help=f"step cap per variant (default: {STEPS_PER_MINUTE} per budget "
                   "minute, about what a 2-core CPU does, so a faster machine stays comparable)")  # fmt: skip
    p.add_argument("--seed", type=int, default=defaults.seed, help="data and initialisation seed (default: 0)")
    p.add_argument("--out", help="results folder (default: docs/studies/STUDY)")
    p.add_argument("--runs", help="training runs and data (default: runs/study/STUDY)")
    p.add_argument("--resume", action="store_true", help="skip variants with results; continue interrupted ones")
    p.add_argument("--tasks", nargs="+", metavar="VARIANT", help="only these variants (default: all)")
    p.add_argument(
        "--train-records", type=int, default=defaults.train_records, help="per variant (default: %(default)s)"
    )
    p.add_argument("--test-records", type=int, default=defaults.test_records, help="per variant (default: %(default)s)")
    p.add_argument("--base", choices=BASES, default=defaults.base,
                   help="tiny/small: from scratch; smollm2-135m: LoRA, the paper's set-up (default: tiny)")  # fmt: skip
    p.add_argument("--batch-size", type=int, default=defaults.batch_size, help="examples per step (default: 32)")
    p.add_argument("--lr", type=float, default=defaults.lr, help="peak learning rate (default: %(default)s)")
    p.add_argument("--lora-r", type=int, default=defaults.lora_r,
                   help="LoRA rank, alpha the same (smollm2-135m; default: %(default)s, the paper's)")  # fmt: skip
    p.add_argument("--lora-targets", nargs="+", default=list(defaults.lora_targets), metavar="MODULE",
                   help="modules LoRA adapts (default: q_proj k_proj v_proj o_proj, the paper's; all linear "
                   "layers add gate_proj up_proj down_proj)")  # fmt: skip
    p.add_argument("--threads", type=int, help="torch threads (default: all cores)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from goat.study.run import Options, run_study

    options = Options(
        budget_minutes=args.budget_minutes,
        max_steps=args.max_steps,
        seed=args.seed,
        out=args.out or f"docs/studies/{args.study}",
        runs=args.runs or f"runs/study/{args.study}",
        resume=args.resume,
        tasks=args.tasks,
        train_records=args.train_records,
        lora_r=args.lora_r,
        lora_targets=tuple(args.lora_targets),
        test_records=args.test_records,
        base=args.base,
        batch_size=args.batch_size,
        lr=args.lr,
        threads=args.threads,
    )
    report = run_study(args.study, options)
    n = len(report["variants"])
    print(f"wrote {options.out}/results.md, results.json, results.png ({n} variant{'s' * (n != 1)})")
    return 0
