"""`goat ask` and its Python API: the chain, the answer, the audit; stdin mode; bad questions and models."""

from __future__ import annotations

import io
import json

import pytest

from goat.ask.api import Goat, read_question
from goat.cli import main

ASK = "What is 12 x 34?"  # conftest's model has memorised it


@pytest.fixture(scope="module")
def goat(trained_model):
    return Goat.load(str(trained_model))


def test_api_answers_in_order_with_audit(goat):
    answers = goat.ask([ASK, "Tell me a joke", "What is 0 plus 0?"], batch_size=2)
    assert [a.question for a in answers] == [ASK, "Tell me a joke", "What is 0 plus 0?"]
    mul, joke, add = answers
    assert mul.expression == (12, "*", 34) and mul.answer == "408" and mul.verified
    assert mul.output == "12 * 34 = 34 * (10 + 2) = 34 * 10 + 34 * 2 = 340 + 68 = 408"
    assert mul.audit["first_wrong_step"] is None and mul.audit["form"] == "chain"
    assert joke.error and joke.answer is None and joke.output == "" and not joke.verified
    assert add.answer == "0" and add.verified
    assert json.loads(json.dumps(mul.to_dict()))["expression"] == [12, "*", 34]


def test_api_flags_a_wrong_chain(goat):
    [answer] = goat.ask(["What is 12 x 35?"])  # never seen: the micro model cannot know it
    assert not answer.verified and answer.audit["target"] == "420"
    assert answer.audit["first_wrong_step"] is not None or answer.answer != "420"


def test_generate_is_raw_and_ordered(goat):
    prompts = [f"{ASK}\nAnswer: ", "What is 0 plus 0?\nAnswer: "]
    assert goat.generate(prompts, max_new_tokens=[80, 20]) == [
        "12 * 34 = 34 * (10 + 2) = 34 * 10 + 34 * 2 = 340 + 68 = 408",
        "0 + 0 = 0",
    ]


def test_numbers_beyond_the_training_range_warn():
    assert read_question("What is 12345678901234567 + 1?").warning.startswith("17-digit operand")
    assert read_question("What is 1234567890123456 + 1?").warning is None


def test_cli_prints_chain_answer_and_check(trained_model, capsys):
    assert main(["ask", ASK, "--model", str(trained_model)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("12 * 34 = 34 * (10 + 2)") and "answer: 408" in out and "every step checks out" in out


def test_cli_json(trained_model, capsys):
    assert main(["ask", ASK, "--model", str(trained_model), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["answer"] == "408" and record["verified"] is True and "output" in record


def test_cli_stdin_one_line_per_question_in_order(trained_model, capsys, monkeypatch):
    questions = [ASK, "hello", "", "What is 0 plus 0?", ASK]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(questions) + "\n"))
    assert main(["ask", "--model", str(trained_model), "--json", "--batch-size", "2"]) == 2  # one had no arithmetic
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["question"] for r in lines] == [ASK, "hello", "What is 0 plus 0?", ASK]  # blank skipped
    assert [r["answer"] for r in lines] == ["408", None, "0", "408"]
    assert lines[1]["error"].startswith("no arithmetic question") and "1 question(s)" in captured.err


def test_cli_stdin_plain_lines(trained_model, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{ASK}\nWhat is 0 plus 0?\n"))
    assert main(["ask", "--model", str(trained_model)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{ASK} => 408 (every step checks out)",
        "What is 0 plus 0? => 0 (every step checks out)",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ask", "What is the capital of France?"], "no arithmetic question"),
        (["ask", "What is 2 + 2?", "--model", "/nonexistent/run"], "not found"),
        (["ask", "What is 2 + 2?", "--batch-size", "0"], "--batch-size must be at least 1"),
    ],
)
def test_cli_bad_input(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("goat: error: ") and message in err and "Traceback" not in err


def test_cli_directory_that_is_not_a_model(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("not weights")
    assert main(["ask", "What is 2 + 2?", "--model", str(tmp_path)]) == 2
    assert "not a model" in capsys.readouterr().err
