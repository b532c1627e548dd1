"""Run a study: for each variant, make its data, train a small LLaMA on a fixed budget, score it.

The model is a from-scratch preset (`tiny`, `small`: full training) or SmolLM2-135M with LoRA at the paper's
settings (`smollm2-135m`: the paper's own set-up, a pretrained LLaMA-family model fine-tuned with LoRA, which
learns far more per example than a from-scratch model on a CPU budget).

    from goat.study.run import Options, run_study
    run_study("ablation", Options(budget_minutes=5, out="docs/studies/ablation"))

Per variant, under `runs/<variant>/`: data/test.jsonl (a fixed held-out set for the seed), data/train.jsonl
(the same generator with another seed, records equal to a test input removed), base/ (only for a non-digit
tokenizer: the initial weights and that tokenizer), run/ (a goat train run) and outputs.jsonl (every test
answer). The result lands in `out/variants/<variant>.json`; with `resume`, a variant whose result exists is
skipped and one whose training was interrupted continues from its last checkpoint with what is left of its budget.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from pathlib import Path

from goat.data.recipe import Family, Recipe, load_recipe
from goat.errors import GoatError
from goat.eval.report import write_atomic
from goat.models import BASES, PRESETS
from goat.study.studies import FAMILIES, STUDIES, Variant

STEPS_PER_MINUTE = 150  # default step cap per budget minute: about what the tiny preset does on a 2-core CPU
SETTINGS = ("base", "batch_size", "lr", "lr_scheduler", "lora_r", "lora_targets")  # kept per variant


@dataclasses.dataclass
class Options:
    budget_minutes: float = 5.0
    max_steps: int | None = None  # None: STEPS_PER_MINUTE x budget_minutes
    seed: int = 0
    out: str = ""
    runs: str = ""
    resume: bool = False
    tasks: list[str] | None = None
    train_records: int = 20_000
    test_records: int = 200
    base: str = "tiny"  # a from-scratch preset (goat.models.PRESETS), or smollm2-135m (LoRA)
    batch_size: int = 32
    lr: float = 1e-3
    lora_r: int = 64  # LoRA (smollm2-135m): the paper's rank and modules; alpha = r
    lora_targets: tuple[str, ...] = ("q_proj", "k_proj", "v_proj", "o_proj")
    threads: int | None = None
    eval_batch_size: int = 64
    progress: bool = True

    @property
    def step_cap(self) -> int:
        return self.max_steps or max(1, round(STEPS_PER_MINUTE * self.budget_minutes))


def select(study: str, tasks: list[str] | None) -> list[Variant]:
    if study not in STUDIES:
        raise GoatError(f"unknown study {study!r} (choose from {', '.join(STUDIES)})")
    variants = STUDIES[study][1]
    names = [v.name for v in variants]
    unknown = [t for t in tasks or [] if t not in names]
    if unknown:
        raise GoatError(f"--tasks: no variant {unknown[0]!r} in study {study} (variants: {', '.join(names)})")
    return [v for v in variants if not tasks or v.name in tasks]


def check(study: str, options: Options) -> None:
    if options.base not in BASES:
        raise GoatError(f"--base must be one of {', '.join(BASES)}, got {options.base!r}")
    if study == "tokenization" and options.base not in PRESETS:
        raise GoatError("the tokenization study trains its new tokenizers from scratch: --base tiny or small")
    if options.budget_minutes <= 0:
        raise GoatError(f"--budget-minutes must be positive, got {options.budget_minutes}")
    for flag in ("max_steps", "train_records", "test_records", "batch_size", "eval_batch_size", "lora_r"):
        value = getattr(options, flag)
        if value is not None and value < 1:
            raise GoatError(f"--{flag.replace('_', '-')} must be at least 1, got {value}")
    if options.lr <= 0:
        raise GoatError(f"--lr must be positive, got {options.lr}")


def run_study(study: str, options: Options) -> dict:
    """Run (or resume) every selected variant, then write the study's report from all results in `out`."""
    from goat.study.report import write_report

    variants = select(study, options.tasks)
    check(study, options)
    out, runs = Path(options.out), Path(options.runs)
    (out / "variants").mkdir(parents=True, exist_ok=True)
    for i, variant in enumerate(variants, 1):
        path = out / "variants" / f"{variant.name}.json"
        if options.resume and path.is_file():
            print(f"[{i}/{len(variants)}] {variant.name}: done already ({path})")
            continue
        print(f"[{i}/{len(variants)}] {variant.name}: training for up to {options.budget_minutes:g} min "
              f"or {options.step_cap} steps")  # fmt: skip
        result = run_variant(study, variant, options, runs / variant.name)
        write_atomic(path, json.dumps(result, indent=1) + "\n")
        test = result["test"]
        print(f"[{i}/{len(variants)}] {variant.name}: exact match {100 * test['exact_match']:.1f}% "
              f"(n={test['n']}) after {result['train']['steps']} steps")  # fmt: skip
    return write_report(study, out)


def run_variant(study: str, variant: Variant, options: Options, work: Path) -> dict:
    train_file, test = make_data(variant, options, work / "data")
    info, seconds = train_variant(variant, options, train_file, work)
    started = time.perf_counter()
    predictions = evaluate(variant, work / "run", test, options)
    write_atomic(work / "outputs.jsonl", "".join(json.dumps(p.to_dict()) + "\n" for p in predictions))
    settings = [k for k in SETTINGS if info["method"] == "lora" or not k.startswith("lora_")]
    return {
        "study": study,
        "variant": variant.name,
        "target": variant.target,
        "paper": variant.paper,
        "group": variant.group,
        "tokenizer": variant.tokenizer,
        "seed": options.seed,
        "train": {
            "records": info["data"]["examples"],
            "steps": info["steps"],
            "step_cap": options.step_cap,
            "budget_minutes": options.budget_minutes,
            "stopped_by_time_limit": info["stopped_by_time_limit"],
            "train_seconds": round(seconds, 1),
            "tokens_seen": info["tokens_seen"],
            "final_loss": info["final_loss"],
            "settings": {k: v for k, v in info["hyperparameters"].items() if k in settings},
        },
        "test": {**score_summary(variant.name, predictions), **step_summary(predictions)},
        "test_by_bucket": {task: score_summary(task, predictions, task) for task in _tasks(predictions)},
        "eval_seconds": round(time.perf_counter() - started, 1),
        "examples": [
            {"question": p.question, "output": p.output, "target": p.target, "exact": p.exact} for p in predictions[:3]
        ],
    }


# --- data ---------------------------------------------------------------------------------------------------


def _scaled(family: Family, total: int) -> Recipe:
    """The family alone, `total` records spread evenly over its digit buckets."""
    k = len(family.buckets)
    counts = tuple(total // k + (i < total % k) for i in range(k))
    scaled = dataclasses.replace(family, counts=counts)
    return Recipe(f"study-{family.name}", str(FAMILIES), "", (scaled,))


def make_data(variant: Variant, options: Options, folder: Path) -> tuple[Path, list[dict]]:
    """The train file and the test records; deterministic for the seed, with no test input in the train file."""
    from goat.data.generate import generate
    from goat.data.records import read_records

    family = next(f for f in load_recipe(str(FAMILIES)).families if f.name == variant.family)
    folder.mkdir(parents=True, exist_ok=True)
    raw = folder / "generated.jsonl"
    test: dict[str, dict] = {}
    generate(_scaled(family, options.test_records), raw, seed=-1 - options.seed)  # train seeds are >= 0
    for _, record in read_records(raw):
        test.setdefault(record["input"], _formatted(variant, record))  # a repeated draw is one test item
    write_atomic(folder / "test.jsonl", "".join(json.dumps(r) + "\n" for r in test.values()))
    generate(_scaled(family, options.train_records), raw, seed=options.seed)
    train = [_formatted(variant, r) for _, r in read_records(raw) if r["input"] not in test]
    raw.unlink()
    write_atomic(folder / "train.jsonl", "".join(json.dumps(r) + "\n" for r in train))
    return folder / "train.jsonl", list(test.values())


def _formatted(variant: Variant, record: dict) -> dict:
    if variant.format is None:
        return record
    from goat.arith.parse import parse_expression
    from goat.study.variants import FORMATS

    a, op, b = parse_expression(record["input"])
    expected_op, write = FORMATS[variant.format]
    assert op == expected_op, f"{variant.name}: {record['input']!r} is not a {expected_op} record"
    return {**record, "output": write(a, b)}


# --- training -----------------------------------------------------------------------------------------------


def train_variant(variant: Variant, options: Options, train_file: Path, work: Path) -> tuple[dict, float]:
    """goat train on the variant's data within what is left of the budget; (goat.json, seconds trained)."""
    from goat.models import RUN_INFO, read_run_info
    from goat.train.args import LoraArgs, TrainArgs, validate
    from goat.train.train import METRICS_NAME, train

    run = work / "run"
    resuming = options.resume and run.is_dir()
    spent = _seconds_trained(run / METRICS_NAME) if resuming else 0.0
    if resuming and (run / RUN_INFO).is_file():  # trained; only the evaluation was missing
        return read_run_info(run), spent
    left = max(options.budget_minutes * 60 - spent, 1.0)
    args = TrainArgs(
        base=_base(variant, options, work / "base"),
        data=str(train_file),
        out=str(run),
        full=None,  # goat train's choice: presets train fully, a pretrained base gets LoRA at the paper's settings
        bf16=options.base not in PRESETS,  # SmolLM2: bf16 autocast, as in the LoRA default models' runs on the AMD EPYC
        max_steps=options.step_cap,
        max_minutes=left / 60,
        batch_size=options.batch_size,
        micro_batch_size=options.batch_size,
        lr=options.lr,
        warmup_steps=min(20, options.step_cap // 5),
        lr_scheduler="constant_with_warmup",  # a time limit stops at an unknown step: no decay to aim at
        save_steps=100,
        save_total_limit=1,
        logging_steps=min(10, options.step_cap),
        seed=options.seed,
        threads=options.threads,
        lora=LoraArgs(r=options.lora_r, alpha=options.lora_r, targets=list(options.lora_targets)),
    )
    if not resuming and (run / METRICS_NAME).is_file():
        (run / METRICS_NAME).unlink()  # a fresh run: the old run's log would count as time spent
    _, info = train(validate(args), resume=resuming, overwrite=not resuming, command=f"goat study ({variant.name})")
    return info, spent + info["wall_time_s"]


def _seconds_trained(metrics: Path) -> float:
    """Training time over all sessions of a run, from metrics.jsonl (each session's clock restarts at 0)."""
    if not metrics.is_file():
        return 0.0
    total = last = 0.0
    for line in metrics.read_text().splitlines():
        try:
            elapsed = float(json.loads(line)["elapsed_s"])
        except (ValueError, KeyError, TypeError):  # a line cut short by a kill
            continue
        if elapsed < last:
            total += last
        last = elapsed
    return total + last


def _base(variant: Variant, options: Options, folder: Path) -> str:
    """The base's name for the digit tokenizer (goat train builds or loads it); else a saved initial model
    with the variant's tokenizer, same architecture and seed, since goat train's presets always use the digit one."""
    if variant.tokenizer == "digit":
        return options.base
    from goat.models import build_model
    from goat.study.tokenization import build_tokenizer

    if not (folder / "config.json").is_file():
        tokenizer = build_tokenizer(variant.tokenizer)
        tmp = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
        build_model(options.base, tokenizer, options.seed).save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        os.replace(tmp, folder)
    return str(folder)


# --- evaluation ---------------------------------------------------------------------------------------------


def evaluate(variant: Variant, run: Path, test: list[dict], options: Options) -> list:
    """Greedy answers to the test questions, scored: the extracted answer for arithmetic, the whole output for
    copy/split/compare/order (their answer is the whole output)."""
    from goat.arith.extract import digit_match
    from goat.arith.parse import parse_expression
    from goat.arith.prompt import format_prompt
    from goat.eval.generate import generate, max_new_tokens_for
    from goat.eval.score import EvalItem, Prediction, score
    from goat.models import load_model

    model, tokenizer, _ = load_model(run)
    prompts = [format_prompt(r["instruction"]) for r in test]
    limits = [max_new_tokens_for(None, r["output"]) for r in test]
    outputs = generate(model, tokenizer, prompts, limits, options.eval_batch_size, progress=options.progress)
    predictions = []
    for record, prompt, output in zip(test, prompts, outputs, strict=True):
        if record["answer"] == record["output"]:  # a family whose answer is its whole output
            predictions.append(Prediction(record["task"], record["instruction"], prompt, output, output,
                                          record["answer"], None, output == record["answer"],
                                          digit_match(output, record["answer"]), None))  # fmt: skip
            continue
        # The audit checks Goat's own chains; an ablated chain is scored on its final answer alone.
        expression = parse_expression(record["input"]) if variant.format is None else None
        item = EvalItem(record["task"], record["instruction"], record["answer"], expression)
        predictions.append(score(item, prompt, output))
    return predictions


def _tasks(predictions: list) -> list[str]:
    return list(dict.fromkeys(p.task for p in predictions))


def score_summary(name: str, predictions: list, task: str | None = None) -> dict:
    """n, exact match, its 95% Wilson interval and digit match, over all predictions or one task's."""
    from goat.eval.score import summarize

    chosen = [dataclasses.replace(p, task=name) for p in predictions if task is None or p.task == task]
    s = summarize(chosen)[name]
    return {k: s[k] for k in ("n", "exact_match", "ci95", "digit_match")}


def step_summary(predictions: list) -> dict:
    """Of all ` = ` steps the outputs write, the share that hold (goat.arith.steps), and the share of outputs
    whose last step, the one that writes the answer, holds: where chains go wrong, even when no answer is right."""
    from goat.arith.steps import steps

    checked = [held for held in (steps(p.output) for p in predictions) if held]
    total = sum(len(held) for held in checked)
    return {
        "steps_held": sum(map(sum, checked)) / total if total else None,
        "last_step_held": sum(held[-1] for held in checked) / len(checked) if checked else None,
    }
