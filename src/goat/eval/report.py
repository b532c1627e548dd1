"""Write an eval's results: results.json (every prediction with its audit), samples/<task>.jsonl, report.md,
accuracy.png, and the compact copy to ship beside a model: summary.json and outputs.jsonl.gz (each answer).

The Markdown table puts each task beside what the paper reports for Goat-7B and GPT-4 (its Table 3,
stored in `paper_results.json` with the source). Every file is written to a temporary name and renamed,
so an interrupted run never leaves a half-written report.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
from pathlib import Path

from goat.arith.audit import KINDS
from goat.eval.score import Prediction

PAPER_RESULTS = Path(__file__).with_name("paper_results.json")
OP_NAMES = {"+": "addition", "-": "subtraction", "*": "multiplication", "/": "division"}


def paper_results() -> dict:
    return json.loads(PAPER_RESULTS.read_text())


def write_atomic(path: Path, data: str | bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # two processes never share a temporary
    tmp.write_bytes(data.encode() if isinstance(data, str) else data)
    os.replace(tmp, path)


def write_report(out: str | Path, predictions: list[Prediction], summary: dict[str, dict], meta: dict) -> list[Path]:
    """All report files under `out`; returns their paths."""
    out = Path(out)
    (out / "samples").mkdir(parents=True, exist_ok=True)
    written = []
    rows = [p.to_dict() for p in predictions]
    for task in summary:
        lines = [json.dumps(row) + "\n" for row in rows if row["task"] == task]
        written.append(out / "samples" / f"{_file_name(task)}.jsonl")
        write_atomic(written[-1], "".join(lines))
    results = {"meta": meta, "summary": summary, "predictions": rows}
    for name, data in [
        ("results.json", json.dumps(results, indent=1) + "\n"),
        *compact(rows, summary, meta).items(),
        ("report.md", markdown(summary, meta)),
        ("accuracy.png", accuracy_plot(predictions, f"{meta.get('model')}, {meta.get('shots', 0)}-shot")),
    ]:
        written.append(out / name)
        write_atomic(written[-1], data)
    return written


COMPACT_KEYS = ("task", "question", "output", "prediction", "target", "exact")


def compact(rows: list[dict], summary: dict[str, dict], meta: dict) -> dict[str, str | bytes]:
    """summary.json and outputs.jsonl.gz: the report without the per-step audits (results.json is 35x larger on
    all of BIG-bench), small enough to commit beside a model; `goat compare` reads it."""
    lines = "".join(json.dumps({k: row[k] for k in COMPACT_KEYS}) + "\n" for row in rows)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as f:  # mtime 0: the same answers, the same bytes
        f.write(lines.encode())
    summary_json = json.dumps({"meta": meta, "summary": summary}, indent=1) + "\n"
    return {"summary.json": summary_json, "outputs.jsonl.gz": buffer.getvalue()}


def _file_name(task: str) -> str:
    return re.sub(r"[^\w+.-]", "_", task)  # 16D/1D -> 16D_1D


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def overall(summary: dict[str, dict]) -> tuple[int, int]:
    """Right answers and items over all tasks: the single figure the README's tables quote."""
    return sum(round(s["exact_match"] * s["n"]) for s in summary.values()), sum(s["n"] for s in summary.values())


def markdown(summary: dict[str, dict], meta: dict) -> str:
    paper = paper_results()
    lines = [
        f"# goat eval: {meta.get('suite')}",
        "",
        f"Model `{meta.get('model')}`, {meta.get('shots', 0)}-shot, greedy. Command: `{meta.get('command')}`",
        "",
        "| task | n | exact match % | 95% CI | digit match % | Goat-7B (paper) | GPT-4 (paper) |",
        "|---|---|---|---|---|---|---|",
    ]
    for task, s in summary.items():
        ref = paper["tasks"].get(task, {})
        cols = [f"{ref[m]['exact_match']:g}/{ref[m]['digit_match']:g}" if m in ref else "-" for m in ("goat7b", "gpt4")]
        ci = f"{_pct(s['ci95'][0])}-{_pct(s['ci95'][1])}"
        ours = f"{_pct(s['exact_match'])} | {ci} | {_pct(s['digit_match'])}"
        lines.append(f"| {task} | {s['n']} | {ours} | {cols[0]} | {cols[1]} |")
    hits, n = overall(summary)
    lines += [
        "",
        f"All items: {hits:,} / {n:,} = {_pct(hits / n)}% exact match.",
        "",
        f"Paper columns: exact match % / digit match %, from {paper['source']}.",
        "95% CI: Wilson score interval of the exact match.",
        "",
        "## Where wrong answers go wrong (first wrong step of each chain, by kind)",
        "",
    ]
    kinds = [k for k in KINDS if any(k in s["first_wrong"] for s in summary.values())]
    lines.append(
        "| task | wrong | " + " | ".join(kinds) + " | no wrong step | right but unverified | direct, not Goat's chain |"
    )
    lines.append("|---|---|" + "---|" * len(kinds) + "---|---|---|")
    for task, s in summary.items():
        wrong = s["n"] - round(s["exact_match"] * s["n"])
        counts = " | ".join(str(s["first_wrong"].get(k, 0)) for k in kinds)
        tail = f"{s['no_wrong_step']} | {s['lucky']} | {s['direct_not_chain']}"
        lines.append(f"| {task} | {wrong} | {counts}{' | ' if kinds else ''}{tail} |")
    lines += [
        "",
        "Direct, not Goat's chain: answers (right or wrong) written as `a op b = c` where Goat's format has steps",
        "(multi-digit x multi-digit, and a divisor of two or more digits below the dividend).",
    ]
    subtraction = {task: s for task, s in summary.items() if "short_differences" in s}
    if subtraction:
        lines += [
            "",
            "## Subtraction by the length of the difference",
            "",
            "Short: the difference has fewer digits than the longer operand (`9388 - 9135 = 253`).",
            "",
            "| task | n as long as the operands | exact match % | n short | exact match % |",
            "|---|---|---|---|---|",
        ]
        for task, s in subtraction.items():
            (short, short_hits), hits = s["short_differences"], round(s["exact_match"] * s["n"])
            full = s["n"] - short
            pct = [_pct(x / n) if n else "-" for x, n in ((hits - short_hits, full), (short_hits, short))]
            lines.append(f"| {task} | {full} | {pct[0]} | {short} | {pct[1]} |")
    divisions = {task: s["divisor_digits"] for task, s in summary.items() if "divisor_digits" in s}
    if divisions:
        longest = max(int(d) for lengths in divisions.values() for d in lengths)
        lines += [
            "",
            "## Division by the divisor's length",
            "",
            "Exact match % (items) by the number of digits in the divisor.",
            "",
            "| task | " + " | ".join(f"{d}-digit divisor" for d in range(1, longest + 1)) + " |",
            "|---|" + "---|" * longest,
        ]
        for task, lengths in divisions.items():
            cells = [lengths.get(str(d)) for d in range(1, longest + 1)]
            row = " | ".join(f"{_pct(cell[1] / cell[0])} ({cell[0]})" if cell else "-" for cell in cells)
            lines.append(f"| {task} | {row} |")
    splits = {task: s["split_errors"] for task, s in summary.items() if "split_errors" in s}
    if splits:
        places = [int(k.split()[1]) for errors in splits.values() for k in errors if k.startswith("digit")]
        columns = ["operand", *(f"digit {k}" for k in range(1, max(places, default=0) + 1)), "shape"]
        lines += [
            "",
            "## Multiplication splits: the first digit that goes wrong",
            "",
            "Wrong answers whose first wrong step is the split (`797 * 374 = 797 * (300 + 40 + 4)`: digit 2), by the",
            "digit of the smaller operand, from the left, that the place values first get wrong; operand: the larger",
            "operand restated wrongly; shape: not a place-value split, or all digits right in the wrong order or form.",
            "",
            "| task | wrong splits | " + " | ".join(columns) + " |",
            "|---|---|" + "---|" * len(columns),
        ]
        for task, errors in splits.items():
            counts = " | ".join(str(errors.get(c, 0)) for c in columns)
            lines.append(f"| {task} | {sum(errors.values())} | {counts} |")
    return "\n".join(lines) + "\n"


def accuracy_plot(predictions: list[Prediction], title: str) -> bytes:
    """PNG: exact match by the longer operand's digit count, one line per operation."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    cells: dict[str, dict[int, list[bool]]] = {}
    for p in predictions:
        if p.expression:
            a, op, b = p.expression
            cells.setdefault(op, {}).setdefault(max(len(str(a)), len(str(b))), []).append(p.exact)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for op, by_digits in sorted(cells.items(), key=lambda kv: "+-*/".index(kv[0])):
        xs = sorted(by_digits)
        ax.plot(xs, [100 * sum(by_digits[x]) / len(by_digits[x]) for x in xs], marker="o", label=OP_NAMES[op])
    ax.set(xlabel="digits of the longer operand", ylabel="exact match %", ylim=(-3, 103), title=title)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    if cells:
        ax.legend()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()
