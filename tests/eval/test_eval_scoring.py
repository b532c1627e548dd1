"""Batched decoding, token bounds, scores, intervals, tallies, suites and the stored paper figures."""

from __future__ import annotations

import pytest

from goat.arith.decompose import divide, multiply, solve
from goat.arith.prompt import format_prompt
from goat.eval.generate import generate, max_new_tokens_for
from goat.eval.report import markdown, paper_results
from goat.eval.score import EvalItem, score, split_error, summarize, wilson
from goat.eval.suites import SUITES, limit_per_task, prompts, suite_items


def test_batched_decoding_equals_one_at_a_time(trained_model):
    from goat.models import load_model

    model, tokenizer, _ = load_model(str(trained_model))
    questions = ["What is 12 x 34?", "What is 0 plus 0?", "What is 7 + 5?", "What is 526599 / 671?", "Hi 3 * 4"]
    batch_prompts = [format_prompt(q) for q in questions]
    limits = [60, 12, 12, 160, 9]
    batched = generate(model, tokenizer, batch_prompts, limits, batch_size=3, progress=False)  # rows leave and join
    alone = [generate(model, tokenizer, [p], n, progress=False)[0] for p, n in zip(batch_prompts, limits, strict=True)]
    assert batched == alone
    assert batched == [_hf_generate(model, tokenizer, p, n) for p, n in zip(batch_prompts, limits, strict=True)]
    assert batched[0] == solve(12, "*", 34) and batched[3] == solve(526599, "/", 671)
    assert len(tokenizer(batched[4])["input_ids"]) <= 9  # each row keeps its own bound


def _hf_generate(model, tokenizer, prompt: str, max_new_tokens: int) -> str:
    """The reference: HF `generate` on one prompt, what goat's hand-written decoder must agree with."""
    import torch

    ids = tokenizer(prompt, return_tensors="pt")
    with torch.inference_mode():
        out = model.generate(
            **ids, max_new_tokens=max_new_tokens, do_sample=False, pad_token_id=tokenizer.pad_token_id,
            eos_token_id=tokenizer.eos_token_id,
        )  # fmt: skip
    return tokenizer.decode(out[0, ids["input_ids"].shape[1] :], skip_special_tokens=True).split("\n\n")[0].strip()


def test_token_bound_covers_the_true_chain():
    for expression in [(3, "+", 4), (410816196172, "/", 203702), (648087, "*", 792205)]:
        assert max_new_tokens_for(expression) > len(solve(*expression))
    for a, b in [(5697, 47), (95, 47), (99999, 10), (410816196172, 203702)]:  # goat's longest division chain
        assert max_new_tokens_for((a, "/", b)) > len(divide(a, b, aligned=True, table=True))
    assert max_new_tokens_for((648087, "*", 792205)) > len(multiply(648087, 792205, aligned=True))
    assert max_new_tokens_for((410816196172, "/", 203702)) > 300  # long division: hundreds of tokens
    assert max_new_tokens_for(None, "4000 + 500") > len("4000 + 500")


def test_wilson_interval():
    low, high = wilson(97, 100)
    assert low == pytest.approx(0.9155, abs=1e-4) and high == pytest.approx(0.9897, abs=1e-4)
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == 1.0
    assert 0 < wilson(0, 10)[1] < 0.31 and wilson(5, 10)[0] < 0.5 < wilson(5, 10)[1]
    assert wilson(0, 0) == (0.0, 1.0)


def test_summary_tallies_first_wrong_step_per_task():
    item = EvalItem("4Dx4D", "What is 397 * 4429?", "1758313", (397, "*", 4429))
    right = solve(397, "*", 4429)
    bad_partial = right.replace("31003", "31013").replace("1758313", "1758323")
    lucky = right.replace("(300 + 90 + 7)", "(300 + 80 + 7)")  # a wrong split, but the right answer
    div = EvalItem("4D/2D", "What is 8914 / 64?", "139 R 18", (8914, "/", 64))
    preds = [score(item, "p", t) for t in (right, bad_partial, lucky, "")] + [score(div, "p", "8914 / 64 = 139 R 18")]
    summary = summarize(preds)
    mul = summary["4Dx4D"]
    assert mul["n"] == 4 and mul["exact_match"] == 0.5 and mul["verified"] == 1 and mul["lucky"] == 1
    assert mul["first_wrong"] == {"partial product": 1, "format": 1}
    assert mul["digit_match"] == pytest.approx((1 + 6 / 7 + 1 + 0) / 4)
    assert summary["4D/2D"]["exact_match"] == 1.0 and summary["4D/2D"]["verified"] == 1
    assert mul["direct_not_chain"] == 0 and summary["4D/2D"]["direct_not_chain"] == 1  # right, but no chain


def test_markdown_puts_the_paper_beside_our_numbers():
    preds = [score(EvalItem("5_digit_multiplication", "q", "6", (2, "*", 3)), "p", "2 * 3 = 6")]
    text = markdown(summarize(preds), {"suite": "bigbench", "model": "m", "shots": 0, "command": "goat eval"})
    assert "| 5_digit_multiplication | 1 | 100.0 | 20.7-100.0 | 100.0 | 96.7/99.3 | 0/47.9 |" in text
    wrong = score(EvalItem("1_digit_addition", "q", "5", (2, "+", 3)), "p", "2 + 3 = 6")
    assert "All items: 1 / 2 = 50.0% exact match." in markdown(summarize([*preds, wrong]), {"suite": "bigbench"})


def test_subtraction_is_tallied_by_the_length_of_the_difference():
    items = [(9388, 9135, "9388 - 9135 = 253"), (2773, 3635, "2773 - 3635 = -846"), (7622, 701, "7622 - 701 = 6921")]
    preds = [score(EvalItem("4_digit_subtraction", "q", str(a - b), (a, "-", b)), "p", out) for a, b, out in items]
    preds.append(score(EvalItem("4_digit_addition", "q", "9", (4, "+", 5)), "p", "4 + 5 = 9"))
    summary = summarize(preds)
    assert summary["4_digit_subtraction"]["short_differences"] == [2, 1]  # 253 and -862 are short; 6921 is not
    assert "short_differences" not in summary["4_digit_addition"]
    text = markdown(summary, {"suite": "bigbench"})
    assert "| 4_digit_subtraction | 1 | 100.0 | 2 | 50.0 |" in text
    assert "by the length of the difference" not in markdown(summarize(preds[3:]), {"suite": "bigbench"})


def test_a_wrong_split_is_placed_at_its_first_wrong_digit():
    assert split_error(797, 374, "797 * (300 + 40 + 4)") == "digit 2"
    assert split_error(374, 797, "797 * (300 + 70 + 5)") == "digit 3"
    assert split_error(3066, 1234, "3066 * (2000 + 200 + 30 + 4)") == "digit 1"  # the first digit wrong, then not
    assert split_error(910, 868, "918 * (800 + 60 + 8)") == "operand"
    assert split_error(905, 4321, "4321 * (900 + 50)") == "digit 2"  # 905: a 5 written in the tens
    assert split_error(905, 4321, "4321 * (900 + 5)") == "shape"  # every digit right: only the shape can be wrong
    for shape in ["797 * 374", "797 * (300 + 070 + 4)", "797 * (3000 + 4)", "797 * (300 + 300 + 4)", "797 * ()"]:
        assert split_error(797, 374, shape) == "shape", shape


def test_wrong_splits_are_tallied_and_reported_by_digit():
    right = solve(797, "*", 374)
    wrong = right.replace("= 298078", "= 275168")  # only wrong answers are tallied
    outputs = [right, wrong.replace("(300 + 70 + 4)", "(300 + 40 + 4)"), wrong.replace("797 * (", "791 * (", 1)]
    preds = [score(EvalItem("3_digit_multiplication", "q", "298078", (797, "*", 374)), "p", o) for o in outputs]
    preds.append(score(EvalItem("3_digit_addition", "q", "9", (4, "+", 5)), "p", "4 + 5 = 8"))
    summary = summarize(preds)
    assert list(summary["3_digit_multiplication"]["split_errors"].items()) == [("operand", 1), ("digit 2", 1)]
    assert "split_errors" not in summary["3_digit_addition"]
    text = markdown(summary, {"suite": "bigbench"})
    assert "| task | wrong splits | operand | digit 1 | digit 2 | shape |" in text
    assert "| 3_digit_multiplication | 2 | 1 | 0 | 1 | 0 |" in text
    assert "Multiplication splits" not in markdown(summarize(preds[:1]), {"suite": "bigbench"})


def test_division_is_tallied_by_the_divisor_length():
    items = [
        (8914, 7, "1273 R 3", "8914 / 7 = 1273 R 3"),
        (8914, 64, "139 R 18", "8914 / 64 = 139 R 18"),
        (9000, 45, "200", "9000 / 45 = 201"),
    ]
    preds = [score(EvalItem("4_digit_division", "q", t, (a, "/", b)), "p", out) for a, b, t, out in items]
    preds.append(score(EvalItem("4_digit_addition", "q", "9", (4, "+", 5)), "p", "4 + 5 = 9"))
    summary = summarize(preds)
    assert summary["4_digit_division"]["divisor_digits"] == {"1": [1, 1], "2": [2, 1]}  # 9000 / 45 is 200
    assert "divisor_digits" not in summary["4_digit_addition"]
    text = markdown(summary, {"suite": "bigbench"})
    assert "| task | 1-digit divisor | 2-digit divisor |" in text
    assert "| 4_digit_division | 100.0 (1) | 50.0 (2) |" in text
    assert "Division by the divisor" not in markdown(summarize(preds[3:]), {"suite": "bigbench"})


def test_paper_results_cover_every_suite_task():
    paper = paper_results()
    assert "Table 3" in paper["source"]
    assert set(paper["tasks"]) == set(SUITES["bigbench"]) | set(SUITES["goat-large"])
    assert paper["tasks"]["12D/6D"]["goat7b"] == {"exact_match": 89.3, "digit_match": 93.5}


def test_limit_takes_the_first_items_of_every_task():
    items = limit_per_task(suite_items("goat-large", per_task=5), 2)
    assert len(items) == 2 * len(SUITES["goat-large"])
    assert items[:2] == suite_items("goat-large", ["8D+8D"], per_task=2)


def test_few_shot_examples_are_solved_and_never_test_items():
    items = suite_items("bigbench", ["3_digit_multiplication"])
    [prompt] = prompts(items[:1], shots=4)
    blocks = prompt.split("\n\n")
    assert len(blocks) == 5 and blocks[-1] == format_prompt(items[0].question)
    tests = {it.question.removeprefix("What is ").rstrip("?") for it in items}
    for block in blocks[:-1]:
        question, output = block.split("\nAnswer: ")
        a, b = (int(x) for x in output.split(" = ")[0].split(" * "))
        assert output == solve(a, "*", b) and 100 <= a <= 999 and 100 <= b <= 999
        assert f"{a} times {b}" not in tests
