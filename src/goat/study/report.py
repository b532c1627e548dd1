"""A study's report from the variant results in `out/variants/`: results.json, results.md and results.png.

Built from every result present (in the study's order), so running variants in several sessions (--tasks,
--resume) still gives one table. Files are written to a temp name and renamed.
"""

from __future__ import annotations

import io
import json
import platform
from pathlib import Path

from goat.errors import GoatError
from goat.eval.report import write_atomic
from goat.study.studies import STUDIES

COLOURS = ["tab:blue", "tab:red", "tab:green", "tab:orange", "tab:purple", "tab:gray"]


def load_results(study: str, out: Path) -> list[dict]:
    results = []
    for variant in STUDIES[study][1]:
        path = out / "variants" / f"{variant.name}.json"
        if path.is_file():
            try:
                results.append(json.loads(path.read_text()))
            except json.JSONDecodeError as e:
                raise GoatError(
                    f"{path}: not valid JSON ({e.msg}, line {e.lineno}); delete it to redo the variant"
                ) from None
    return results


def write_report(study: str, out: Path) -> dict:
    results = load_results(study, out)
    machine = f"{platform.machine()}, {_cpu_count()} CPU cores, {_accelerator()}"
    report = {"study": study, "question": STUDIES[study][0], "machine": machine, "variants": results}
    write_atomic(out / "results.json", json.dumps(report, indent=1) + "\n")
    write_atomic(out / "results.md", markdown(report))
    write_atomic(out / "results.png", plot(report))
    return report


def _cpu_count() -> int:
    import os

    return len(os.sched_getaffinity(0))


def _accelerator() -> str:
    import torch

    return torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no GPU"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def markdown(report: dict) -> str:
    lines = [
        f"# goat study {report['study']}",
        "",
        f"{report['question']}. Machine: {report['machine']}.",
        "",
        "| variant | trained to write | exact match % | 95% CI | digit match % | `=` steps that hold % | "
        "last step holds % | test n | steps (cap) | train s | final loss | paper |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["variants"]:
        t, s = r["train"], r["test"]
        loss = f"{t['final_loss']:.3f}" if t["final_loss"] is not None else "-"
        held, last = (_pct(s[k]) if s.get(k) is not None else "-" for k in ("steps_held", "last_step_held"))
        lines.append(
            f"| {r['variant']} | {r['target']} | {_pct(s['exact_match'])} | {_pct(s['ci95'][0])}-{_pct(s['ci95'][1])}"
            f" | {_pct(s['digit_match'])} | {held} | {last} | {s['n']} | {t['steps']} ({t['step_cap']}) |"
            f" {t['train_seconds']:.0f} | {loss} | {r['paper']} |"
        )
    if report["variants"]:
        first = report["variants"][0]
        settings = ", ".join(
            f"{k} {'/'.join(v) if isinstance(v, list) else v}" for k, v in first["train"]["settings"].items()
        )
        lines += [
            "",
            f"Each variant: {_model(first['train']['settings']['base'])} ({settings}), trained for at most "
            f"{first['train']['budget_minutes']:g} min or {first['train']['step_cap']} steps on "
            f"{first['train']['records']:,} generated records (seed {first['seed']}), then greedy decoding "
            "on its held-out test set. 95% CI: Wilson interval of the exact match. `=` steps that hold: of every "
            "` = ` the answers write, the share whose two sides have the same value (goat.arith.steps; `-` for "
            "results from before this measure); last step holds: the share of answers whose final step, the one "
            "that writes the result, is right given the line before it.",
            "",
            "## Exact match by digit bucket",
            "",
        ]
        for r in report["variants"]:
            cells = ", ".join(
                f"{task} {_pct(s['exact_match'])}% (n={s['n']})" for task, s in r["test_by_bucket"].items()
            )
            lines.append(f"- {r['variant']}: {cells}")
    return "\n".join(lines) + "\n"


def plot(report: dict) -> bytes:
    """PNG: exact match per variant with its 95% interval, one colour per group."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    variants = report["variants"]
    groups = list(dict.fromkeys(r["group"] for r in variants))
    fig, ax = plt.subplots(figsize=(max(5, 0.8 * len(variants) + 2), 4.5))
    labelled: set[str] = set()
    for i, r in enumerate(variants):
        s = r["test"]
        y, (low, high) = 100 * s["exact_match"], s["ci95"]
        colour = COLOURS[groups.index(r["group"]) % len(COLOURS)]
        ax.bar(i, y, color=colour, label=None if r["group"] in labelled else r["group"])
        labelled.add(r["group"])
        ax.errorbar(i, y, yerr=[[max(0.0, y - 100 * low)], [max(0.0, 100 * high - y)]], color="black", capsize=3)
    ax.set_xticks(range(len(variants)), [r["variant"] for r in variants], rotation=30, ha="right")
    ax.set(ylabel="exact match % (95% CI)", ylim=(0, 105), title=f"goat study {report['study']}")
    ax.grid(axis="y", alpha=0.3)
    if variants:
        ax.legend(fontsize=8)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _model(base: str) -> str:
    from goat.models import PRESETS

    return "a from-scratch model" if base in PRESETS else "a pretrained model with LoRA"
